import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { allocations, bills } from '../schema.js';

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

export async function createBill(db: Db, values: { tenancyId: string; period: string; amount: number; dueDate?: string | null }) {
  const [row] = await db
    .insert(bills)
    .values({ tenancyId: values.tenancyId, period: values.period, amount: values.amount, dueDate: values.dueDate ?? null })
    .onConflictDoNothing({ target: [bills.tenancyId, bills.period] })
    .returning();
  return row;
}

/** A tenancy's bills, oldest period first, each with what has been paid towards it. */
export async function listBillsWithBalance(db: Db, tenancyId: string): Promise<BillWithBalance[]> {
  const rows = await db
    .select({
      id: bills.id,
      tenancyId: bills.tenancyId,
      period: bills.period,
      amount: bills.amount,
      dueDate: bills.dueDate,
      paid: sql<number>`coalesce(sum(${allocations.amount}), 0)::int`,
    })
    .from(bills)
    .leftJoin(allocations, eq(allocations.billId, bills.id))
    .where(eq(bills.tenancyId, tenancyId))
    .groupBy(bills.id)
    .orderBy(asc(bills.period));
  return rows.map((r) => ({ ...r, paid: Number(r.paid), balance: Math.max(0, r.amount - Number(r.paid)), status: billStatus(r.amount, Number(r.paid)) }));
}
