// Allocation, as a pure function (DESIGN.md decision 3): money a tenant paid goes to the oldest open
// bill first; what is left stays as credit on the tenancy. The ledger (src/payments/ledger.ts) reads
// the bills and the unallocated money, calls this, and writes the lines it returns.

export interface OpenBill {
  id: string;
  /** What is still owed on the bill (amount minus what was allocated before). */
  balance: number;
}

export interface UnallocatedMoney {
  paymentId: string;
  /** What of this settled payment no bill has taken yet. */
  remaining: number;
}

export interface AllocationLine {
  paymentId: string;
  billId: string;
  amount: number;
}

export interface AllocationResult {
  lines: AllocationLine[];
  /** Each bill's balance after the allocation, in the order given. */
  balances: Map<string, number>;
  /** What is left unallocated: the tenancy's credit. */
  credit: number;
}

/**
 * `bills` in the order they are to be paid (oldest due first), `money` oldest payment first.
 * Every shilling ends either in a line or in the credit; no balance goes below zero.
 */
export function allocate(bills: readonly OpenBill[], money: readonly UnallocatedMoney[]): AllocationResult {
  const left = money.map((m) => ({ ...m }));
  const balances = new Map<string, number>();
  const lines: AllocationLine[] = [];
  for (const bill of bills) {
    let balance = Math.max(0, bill.balance);
    for (const payment of left) {
      if (balance === 0) break;
      const amount = Math.min(balance, payment.remaining);
      if (amount <= 0) continue;
      payment.remaining -= amount;
      balance -= amount;
      lines.push({ paymentId: payment.paymentId, billId: bill.id, amount });
    }
    balances.set(bill.id, balance);
  }
  return { lines, balances, credit: left.reduce((sum, p) => sum + Math.max(0, p.remaining), 0) };
}
