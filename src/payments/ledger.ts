// The ledger: money a tenant paid (settled payments) is allocated to the oldest open bill first;
// what is left is credit on the tenancy and goes to the next bill as soon as it exists.
// Bill balances and credit are always derived from these rows, never stored (DESIGN.md decision 3).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { billsAndPaidTotal, billStatus, listBillsWithBalance, type BillWithBalance } from '../../db/queries/bills.js';
import type { Tenancy } from '../../db/queries/tenancies.js';
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

export interface CreditApplied {
  tenancy: Tenancy;
  allocations: Allocation[];
  /** The tenancy's balance after this allocation. */
  balance: TenancyBalance;
}

/**
 * Allocates every unallocated shilling of the tenancy to its open bills, oldest first. Runs inside the
 * caller's transaction and locks the tenancy row, so two settlements for one tenant allocate in turn.
 * Returns the tenancy, what was allocated, and the balance after it (no second look-up needed).
 */
export async function applyCredit(tx: Db, tenancyId: string): Promise<CreditApplied | undefined> {
  const [tenancy] = await tx.select().from(tenancies).where(eq(tenancies.id, tenancyId)).for('update');
  if (!tenancy) return undefined;
  // Two reads under the lock, asked at once (postgres.js pipelines them).
  const [bills, money] = await Promise.all([listBillsWithBalance(tx, tenancyId), unallocatedPayments(tx, tenancyId)]);
  const made: (Allocation & { paymentId: string })[] = [];
  for (const bill of bills) {
    for (const payment of money) {
      if (bill.balance === 0) break;
      const amount = Math.min(bill.balance, payment.remaining);
      if (amount === 0) continue;
      payment.remaining -= amount;
      bill.paid += amount;
      bill.balance -= amount;
      made.push({ paymentId: payment.id, billId: bill.id, period: bill.period, amount });
    }
    bill.status = billStatus(bill.amount, bill.paid);
  }
  if (made.length > 0) {
    await tx
      .insert(allocations)
      .values(made.map(({ paymentId, billId, amount }) => ({ paymentId, billId, amount })))
      .onConflictDoUpdate({ target: [allocations.paymentId, allocations.billId], set: { amount: sql`${allocations.amount} + excluded.amount` } });
  }
  return {
    tenancy,
    allocations: made.map(({ billId, period, amount }) => ({ billId, period, amount })),
    balance: {
      bills,
      due: bills.reduce((sum, b) => sum + b.balance, 0),
      credit: money.reduce((sum, p) => sum + p.remaining, 0),
    },
  };
}

/** Bills with what was paid towards each, and the credit, in one round trip (conversations ask for it often). */
export async function tenancyBalance(db: Db, tenancyId: string): Promise<TenancyBalance> {
  const { bills: list, totalPaid: withBills } = await billsAndPaidTotal(db, tenancyId);
  let totalPaid = withBills;
  if (totalPaid === undefined) {
    const [row] = await db
      .select({ paid: sql<number>`coalesce(sum(${payments.amount}), 0)::int` })
      .from(payments)
      .where(and(eq(payments.tenancyId, tenancyId), eq(payments.status, 'success')));
    totalPaid = Number(row?.paid ?? 0);
  }
  const allocated = list.reduce((sum, b) => sum + b.paid, 0);
  return { bills: list, due: list.reduce((sum, b) => sum + b.balance, 0), credit: Math.max(0, totalPaid - allocated) };
}

/** Which periods a set of allocations paid towards, for receipts. */
export function periodsOf(made: Allocation[]): string[] {
  return [...new Set(made.map((a) => a.period))].sort();
}
