// Credit pays bills as soon as they exist: money a tenant paid that no bill has taken yet is allocated,
// oldest due first (src/domain/allocate.ts), when a bill is created or one is voided.
import { insertAllocationsLater, loadTenancyLedger } from '../../db/queries/settlement.js';
import type { Transaction } from '../../db/sql.js';
import { allocate } from '../domain/allocate.js';

/** Allocates the tenancy's unallocated money to its open bills; the writes go with COMMIT. */
export async function applyCreditLater(tx: Transaction, tenancyId: string): Promise<void> {
  const ledger = await loadTenancyLedger(tx, tenancyId);
  if (!ledger.found || ledger.unallocated.length === 0) return;
  const result = allocate(ledger.bills.map((b) => ({ id: b.id, balance: b.amount - b.paid })), ledger.unallocated);
  insertAllocationsLater(tx, result.lines);
}
