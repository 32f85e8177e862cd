// The ledger: money a tenant paid (settled payments) is allocated to the oldest open bill first
// (src/domain/allocate.ts); what is left is credit on the tenancy and goes to the next bill as soon as
// it exists. Bill balances and credit are always derived from allocations, never stored.
import type { Db } from '../../db/client.js';
import { insertAllocations, listUnallocatedMoney, sumPaidByTenancy } from '../../db/queries/allocations.js';
import { billsAndPaidTotal, billStatus, listBillsWithBalance, type BillWithBalance } from '../../db/queries/bills.js';
import { lockTenancy, type Tenancy } from '../../db/queries/tenancies.js';
import { allocate } from '../domain/allocate.js';

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
  const tenancy = await lockTenancy(tx, tenancyId);
  if (!tenancy) return undefined;
  // Two reads under the lock, asked at once (postgres.js pipelines them).
  const [bills, money] = await Promise.all([listBillsWithBalance(tx, tenancyId), listUnallocatedMoney(tx, tenancyId)]);
  const result = allocate(
    bills.map((b) => ({ id: b.id, balance: b.balance })),
    money.map((m) => ({ paymentId: m.id, remaining: m.remaining })),
  );
  await insertAllocations(tx, result.lines);
  const after = bills.map((bill) => {
    const balance = result.balances.get(bill.id) ?? bill.balance;
    const paid = bill.amount - balance;
    return { ...bill, paid, balance, status: billStatus(bill.amount, paid) };
  });
  const periodOf = new Map(bills.map((b) => [b.id, b.period]));
  return {
    tenancy,
    allocations: result.lines.map(({ billId, amount }) => ({ billId, period: periodOf.get(billId)!, amount })),
    balance: { bills: after, due: after.reduce((sum, b) => sum + b.balance, 0), credit: result.credit },
  };
}

/** Bills with what was paid towards each, and the credit, in one round trip (conversations ask for it often). */
export async function tenancyBalance(db: Db, tenancyId: string): Promise<TenancyBalance> {
  const { bills: list, totalPaid: withBills } = await billsAndPaidTotal(db, tenancyId);
  const totalPaid = withBills ?? (await sumPaidByTenancy(db, tenancyId));
  const allocated = list.reduce((sum, b) => sum + b.paid, 0);
  return { bills: list, due: list.reduce((sum, b) => sum + b.balance, 0), credit: Math.max(0, totalPaid - allocated) };
}

/** Which periods a set of allocations paid towards, for receipts. */
export function periodsOf(made: Allocation[]): string[] {
  return [...new Set(made.map((a) => a.period))].sort();
}
