import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { Sql } from '../sql.js';
import { BILL_ORDER, BILL_PAID, billOrderOf } from './bill-order.js';
import { allocations, bills, payments, type BillKind } from '../schema.js';

export type BillStatus = 'unpaid' | 'partial' | 'paid';

export interface BillWithBalance {
  id: string;
  tenancyId: string;
  kind: BillKind;
  label: string | null;
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

/** A tenancy's open (not voided) bills, in the order money pays them (bill-order.ts), each with what has been paid towards it. */
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
      kind: bills.kind,
      label: bills.label,
      period: bills.period,
      amount: bills.amount,
      dueDate: bills.dueDate,
      paid: sql<number>`coalesce(sum(${allocations.amount}), 0)::int`,
      totalPaid: sql<number>`(select coalesce(sum(p.amount), 0) from ${payments} p where p.tenancy_id = ${tenancyId} and p.status = 'success')::int`,
    })
    .from(bills)
    .leftJoin(allocations, eq(allocations.billId, bills.id))
    .where(and(eq(bills.tenancyId, tenancyId), isNull(bills.voidedAt)))
    .groupBy(bills.id)
    .orderBy(sql.raw(billOrderOf('"bills"')));
  return {
    bills: rows.map(({ totalPaid: _, ...r }) => {
      const paid = Number(r.paid);
      return { ...r, paid, balance: Math.max(0, r.amount - paid), status: billStatus(r.amount, paid) };
    }),
    totalPaid: rows.length > 0 ? Number(rows[0]!.totalPaid) : undefined,
  };
}

export interface BillRow {
  id: string;
  tenancyId: string;
  landlordId: string;
  kind: BillKind;
  label: string | null;
  period: string;
  amount: number;
  dueDate: string | null;
  voidedAt: string | null;
  /** What is allocated to it. */
  paid: number;
}

const BILL_ROW = `b.id, b.tenancy_id as "tenancyId", t.landlord_id as "landlordId", b.kind, b.label, b.period, b.amount, b.due_date::text as "dueDate",
  b.voided_at::text as "voidedAt", ${BILL_PAID}::int as paid`;

/** A bill, locked with its tenancy (corrections and settlement take their turns), with what is paid on it. */
export async function lockBill(tx: Sql, billId: string): Promise<BillRow | undefined> {
  const [row] = await tx.query<BillRow>(`select ${BILL_ROW} from bills b join tenancies t on t.id = b.tenancy_id where b.id = $1 for update of b, t`, [billId]);
  return row && { ...row, amount: Number(row.amount), paid: Number(row.paid) };
}

export async function updateBill(tx: Sql, billId: string, change: { amount: number; dueDate: string | null }): Promise<void> {
  await tx.query('update bills set amount = $2, due_date = $3 where id = $1', [billId, change.amount, change.dueDate]);
}

/**
 * Voids a bill: its allocations are removed (the money they held becomes the tenancy's credit again) and,
 * when there was any, a credit note records how much. Returns the allocations removed.
 */
export async function voidBill(tx: Sql, bill: Pick<BillRow, 'id' | 'tenancyId' | 'paid'>, reason: string): Promise<{ paymentId: string; amount: number }[]> {
  const [removed] = await Promise.all([
    tx.query<{ paymentId: string; amount: number }>('delete from allocations where bill_id = $1 returning payment_id as "paymentId", amount', [bill.id]),
    tx.query('update bills set voided_at = now(), void_reason = $2 where id = $1', [bill.id, reason]),
    bill.paid > 0 ? tx.query('insert into credit_notes (bill_id, tenancy_id, amount, reason) values ($1, $2, $3, $4)', [bill.id, bill.tenancyId, bill.paid, reason]) : null,
  ]);
  return removed.map((r) => ({ paymentId: r.paymentId, amount: Number(r.amount) }));
}

export interface LandlordBill extends BillRow {
  tenantName: string;
  unit: string;
}

/** A landlord's bills (a period's, or all), tenants' names and units with them, in due order; voided ones only when asked. */
export async function listLandlordBills(sql: Sql, landlordId: string, filter: { period?: string | undefined; voided: boolean }): Promise<LandlordBill[]> {
  const rows = await sql.query<LandlordBill>(
    `select ${BILL_ROW}, t.name as "tenantName", t.unit
     from bills b join tenancies t on t.id = b.tenancy_id
     where t.landlord_id = $1 and ($2::text is null or b.period = $2) and (b.voided_at is not null) = $3
     order by ${BILL_ORDER}, t.unit`,
    [landlordId, filter.period ?? null, filter.voided],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount), paid: Number(r.paid) }));
}
