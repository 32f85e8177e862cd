// Bills added, corrected and cancelled by hand (the admin API; the landlord's chat later): each in one
// transaction with its audit entry and, for a new bill, the tenant's notice. Money already paid is never
// lost: a bill with money on it cannot be edited, and voiding it turns that money back into credit,
// which pays the tenancy's other open bills at once (oldest due first).
import { recordAuditLater } from '../../db/queries/audit.js';
import { insertBills, loadNoticeReader, type CreatedBill } from '../../db/queries/billing.js';
import { lockBill, updateBill, voidBill } from '../../db/queries/bills.js';
import { insertOutboxMessagesLater } from '../../db/queries/outbox.js';
import { lockTenancies } from '../../db/queries/tenancies.js';
import type { Transaction } from '../../db/sql.js';
import type { BillKind } from '../../db/schema.js';
import { billNotice, billNoticeVariables } from '../messages/billing-messages.js';
import { applyCreditLater } from '../payments/credit.js';
import { dueDateFor } from '../domain/calendar.js';
import type { BillingDeps, NoticeSettings } from './deps.js';
import { addressNotices, payInfoFor } from './notices.js';

export class BillChangeError extends Error {
  constructor(
    readonly code: 'already_exists' | 'not_found' | 'already_paid' | 'voided',
    message: string,
  ) {
    super(message);
    this.name = 'BillChangeError';
  }
}

export interface NewBillInput {
  kind: BillKind;
  label: string | null;
  amount: number;
  period: string;
  dueDate: string | null;
}

/** Adds a bill (a water reading, a deposit, a month's rent); a second rent bill for one month is refused. */
export async function addBill(deps: BillingDeps, tenancyId: string, input: NewBillInput, actor: string): Promise<CreatedBill> {
  return deps.sql.transaction((tx) => addBillIn(tx, deps, tenancyId, input, actor));
}

/** The same inside the caller's transaction (a landlord's chat turn): its writes go with that COMMIT. */
export async function addBillIn(tx: Transaction, deps: NoticeSettings, tenancyId: string, input: NewBillInput, actor: string): Promise<CreatedBill> {
  const [, reader] = await Promise.all([lockTenancies(tx, [tenancyId]), loadNoticeReader(tx, tenancyId)]);
  if (!reader) throw new BillChangeError('not_found', 'tenant not found');
  // Without a due date, the bill is due on the tenancy's due day of that month.
  const dueDate = input.dueDate ?? dueDateFor(input.period, reader.dueDay);
  const [bill] = await insertBills(tx, [{ tenancyId, ...input, dueDate, chargeId: null, lateFeeFor: null }]);
  if (!bill) throw new BillChangeError('already_exists', `there is already a rent bill for ${input.period}`);
  await applyCreditLater(tx, tenancyId);
  const line = { ...bill, balance: bill.amount };
  const notice = {
    to: reader.phone,
    text: billNotice([line], payInfoFor(reader, deps.ussdCode)),
    idempotencyKey: `bill-notice:${bill.id}`,
    template: { kind: 'bill_notice' as const, variables: billNoticeVariables([line]) },
  };
  insertOutboxMessagesLater(tx, addressNotices(deps, [reader], [notice], false));
  recordAuditLater(tx, { actor, action: 'bill.created', entityType: 'bill', entityId: bill.id, details: { tenancyId, kind: bill.kind, amount: bill.amount, period: bill.period } });
  return bill;
}

/** Changes a bill's amount or due date, while nothing is paid on it. */
export async function editBill(deps: BillingDeps, billId: string, change: { amount?: number | undefined; dueDate?: string | undefined }, actor: string) {
  return deps.sql.transaction(async (tx) => {
    const bill = await lockBill(tx, billId);
    if (!bill) throw new BillChangeError('not_found', 'bill not found');
    if (bill.voidedAt) throw new BillChangeError('voided', 'this bill was voided');
    if (bill.paid > 0) throw new BillChangeError('already_paid', `KES ${bill.paid} is paid on this bill: void it instead, and the money becomes credit`);
    const after = { amount: change.amount ?? bill.amount, dueDate: change.dueDate ?? bill.dueDate };
    await updateBill(tx, billId, after);
    // A lower amount cannot free money (nothing is paid on it); credit may pay the new amount.
    await applyCreditLater(tx, bill.tenancyId);
    recordAuditLater(tx, { actor, action: 'bill.edited', entityType: 'bill', entityId: billId, details: { before: { amount: bill.amount, dueDate: bill.dueDate }, after } });
    return { ...bill, ...after };
  });
}

/** Cancels a bill with a reason; what was paid on it becomes credit and pays the tenancy's other bills. */
export async function cancelBill(deps: BillingDeps, billId: string, reason: string, actor: string) {
  return deps.sql.transaction(async (tx) => {
    const bill = await lockBill(tx, billId);
    if (!bill) throw new BillChangeError('not_found', 'bill not found');
    if (bill.voidedAt) throw new BillChangeError('voided', 'this bill was voided already');
    const released = await voidBill(tx, bill, reason);
    await applyCreditLater(tx, bill.tenancyId);
    recordAuditLater(tx, { actor, action: 'bill.voided', entityType: 'bill', entityId: billId, details: { reason, amount: bill.amount, credited: bill.paid, allocations: released } });
    return { ...bill, credited: bill.paid };
  });
}
