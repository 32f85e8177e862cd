import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { allocations, bills, payments, type BillKind } from '../schema.js';

export type BillStatus = 'unpaid' | 'partial' | 'paid';

export interface BillWithBalance {
  id: string;
  tenancyId: string;
  period: string;
  amount: number;
  paid: number;
  balance: number;
  status: BillStatus;
  dueDate: string | null;
}

/** Bill status is derived from the ledger (allocations), never stored (DESIGN.md decision 3). */
export function billStatus(amount: number, paid: number): BillStatus {
  if (paid <= 0) return 'unpaid';
  return paid >= amount ? 'paid' : 'partial';
}

/** Creates a bill; undefined when its unique key exists already (a rent bill for that month, a charge's bill). */
export async function createBill(
  db: Db,
  values: { tenancyId: string; period: string; amount: number; dueDate?: string | null; kind?: BillKind; label?: string | null },
) {
  const [row] = await db
    .insert(bills)
    .values({ tenancyId: values.tenancyId, period: values.period, amount: values.amount, dueDate: values.dueDate ?? null, kind: values.kind ?? 'rent', label: values.label ?? null })
    .onConflictDoNothing()
    .returning();
  return row;
}

/** A tenancy's bills, oldest period first, each with what has been paid towards it. */
export async function listBillsWithBalance(db: Db, tenancyId: string): Promise<BillWithBalance[]> {
  return (await billsAndPaidTotal(db, tenancyId)).bills;
}

/**
 * The bills with their payments, and in the same round trip all that the tenancy has paid (settled
 * payments); `totalPaid` is undefined when there are no bills to carry it.
 */
export async function billsAndPaidTotal(db: Db, tenancyId: string): Promise<{ bills: BillWithBalance[]; totalPaid: number | undefined }> {
  const rows = await db
    .select({
      id: bills.id,
      tenancyId: bills.tenancyId,
      period: bills.period,
      amount: bills.amount,
      dueDate: bills.dueDate,
      paid: sql<number>`coalesce(sum(${allocations.amount}), 0)::int`,
      totalPaid: sql<number>`(select coalesce(sum(p.amount), 0) from ${payments} p where p.tenancy_id = ${tenancyId} and p.status = 'success')::int`,
    })
    .from(bills)
    .leftJoin(allocations, eq(allocations.billId, bills.id))
    .where(eq(bills.tenancyId, tenancyId))
    .groupBy(bills.id)
    .orderBy(asc(bills.period));
  return {
    bills: rows.map(({ totalPaid: _, ...r }) => {
      const paid = Number(r.paid);
      return { ...r, paid, balance: Math.max(0, r.amount - paid), status: billStatus(r.amount, paid) };
    }),
    totalPaid: rows.length > 0 ? Number(rows[0]!.totalPaid) : undefined,
  };
}
