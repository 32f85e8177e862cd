// The ledger: money a tenant paid (settled payments) is allocated to the oldest open bill first;
// what is left is credit on the tenancy and goes to the next bill as soon as it exists.
// Bill balances and credit are always derived from these rows, never stored (DESIGN.md decision 3).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { listBillsWithBalance, type BillWithBalance } from '../../db/queries/bills.js';
import { allocations, payments, tenancies } from '../../db/schema.js';

export interface Allocation {
  billId: string;
  period: string;
  amount: number;
}

export interface TenancyBalance {
  bills: BillWithBalance[];
  /** What is owed over all bills. */
  due: number;
  /** Paid but not yet allocated to any bill. */
  credit: number;
}

/** Paid money not yet allocated, per settled payment, oldest first. */
async function unallocatedPayments(tx: Db, tenancyId: string): Promise<{ id: string; remaining: number }[]> {
  const rows = await tx
    .select({
      id: payments.id,
      remaining: sql<number>`(${payments.amount} - coalesce(sum(${allocations.amount}), 0))::int`,
    })
    .from(payments)
    .leftJoin(allocations, eq(allocations.paymentId, payments.id))
    .where(and(eq(payments.tenancyId, tenancyId), eq(payments.status, 'success')))
    .groupBy(payments.id)
    .having(sql`${payments.amount} - coalesce(sum(${allocations.amount}), 0) > 0`)
    .orderBy(sql`coalesce(${payments.completedAt}, ${payments.initiatedAt})`, payments.id);
  return rows.map((r) => ({ id: r.id, remaining: Number(r.remaining) }));
}

/**
 * Allocates every unallocated shilling of the tenancy to its open bills, oldest first. Runs inside the
 * caller's transaction and locks the tenancy row, so two settlements for one tenant allocate in turn.
 */
export async function applyCredit(tx: Db, tenancyId: string): Promise<Allocation[]> {
  await tx.select({ id: tenancies.id }).from(tenancies).where(eq(tenancies.id, tenancyId)).for('update');
  const open = (await listBillsWithBalance(tx, tenancyId)).filter((b) => b.balance > 0);
  const money = await unallocatedPayments(tx, tenancyId);
  const made: (Allocation & { paymentId: string })[] = [];
  for (const bill of open) {
    let owed = bill.balance;
    for (const payment of money) {
      if (owed === 0) break;
      const amount = Math.min(owed, payment.remaining);
      if (amount === 0) continue;
      payment.remaining -= amount;
      owed -= amount;
      made.push({ paymentId: payment.id, billId: bill.id, period: bill.period, amount });
    }
  }
  if (made.length > 0) {
    await tx
      .insert(allocations)
      .values(made.map(({ paymentId, billId, amount }) => ({ paymentId, billId, amount })))
      .onConflictDoUpdate({ target: [allocations.paymentId, allocations.billId], set: { amount: sql`${allocations.amount} + excluded.amount` } });
  }
  return made.map(({ billId, period, amount }) => ({ billId, period, amount }));
}

export async function tenancyBalance(db: Db, tenancyId: string): Promise<TenancyBalance> {
  const bills = await listBillsWithBalance(db, tenancyId);
  const [row] = await db
    .select({
      paid: sql<number>`coalesce(sum(${payments.amount}), 0)::int`,
    })
    .from(payments)
    .where(and(eq(payments.tenancyId, tenancyId), eq(payments.status, 'success')));
  const allocated = bills.reduce((sum, b) => sum + b.paid, 0);
  return {
    bills,
    due: bills.reduce((sum, b) => sum + b.balance, 0),
    credit: Math.max(0, Number(row?.paid ?? 0) - allocated),
  };
}

/** Which periods a set of allocations paid towards, for receipts. */
export function periodsOf(made: Allocation[]): string[] {
  return [...new Set(made.map((a) => a.period))].sort();
}
