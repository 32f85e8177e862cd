// Settlement: the one idempotent place where a payment ends, used by STK callbacks, STK Push Query
// (the reconciler) and C2B confirmations. The caller holds the payment row lock; a state guard makes
// every repeat a no-op, and the messages that must follow are written in the same transaction.
import type { Db } from '../../db/client.js';
import { deleteAllocationsOfPayment } from '../../db/queries/allocations.js';
import { recordAudit } from '../../db/queries/audit.js';
import { findLandlordById } from '../../db/queries/landlords.js';
import { lockC2bCopyOfReceipt, markPaymentEnded, markPaymentSucceeded, markSuperseded, type Payment } from '../../db/queries/payments.js';
import { findPayoutConfig, setPayoutActive } from '../../db/queries/payouts.js';
import { findTenancyById } from '../../db/queries/tenancies.js';
import type { DomainCode } from '../domain/outcomes.js';
import { OPEN_PAYMENT_STATUSES, type PaymentStatus } from '../domain/types.js';
import { landlordAttentionNeeded, landlordNotice, paymentFailed, payoutTestResult, tenantReceipt } from '../messages/payment-messages.js';
import type { Metrics } from '../metrics.js';
import { queueMessage, queueMessages, type QueueMessageInput } from '../outbox/queue-message.js';
import { applyCredit, periodsOf } from './ledger.js';

export interface SuccessFacts {
  /** The M-Pesa receipt; STK Push Query does not give one. */
  receipt: string | null;
  transactionDate: Date | null;
  resultDesc: string;
}

export interface FailureFacts {
  outcome: DomainCode;
  resultCode: string | null;
  resultDesc: string;
}

/** The status a failed outcome ends in, as the admin API reports it. */
export function statusForOutcome(outcome: DomainCode): PaymentStatus {
  if (outcome === 'cancelled_by_user') return 'cancelled';
  if (outcome === 'unreachable' || outcome === 'expired' || outcome === 'timeout') return 'timeout';
  return 'failed';
}

/**
 * Marks a payment paid, allocates it, and queues the receipts. Returns false when it was paid already.
 * A success after a failure or timeout still settles: the tenant's money moved, whatever we believed.
 */
export async function settleSuccess(tx: Db, metrics: Metrics, payment: Payment, facts: SuccessFacts): Promise<boolean> {
  if (payment.status === 'success') return false;
  if (facts.receipt) await supersedeC2bCopy(tx, payment, facts.receipt);
  const completedAt = new Date();
  const mpesaReceiptNumber = facts.receipt ?? payment.mpesaReceiptNumber;
  await markPaymentSucceeded(tx, payment.id, { resultDesc: facts.resultDesc, mpesaReceiptNumber, transactionDate: facts.transactionDate, completedAt });
  metrics.paymentsByOutcome.inc({ outcome: 'success' });
  const settled = { ...payment, status: 'success' as const, mpesaReceiptNumber, completedAt };
  if (payment.purpose === 'payout_test') await payoutTestEnded(tx, settled, true, null);
  else await queueReceipts(tx, settled, facts.transactionDate ?? completedAt);
  return true;
}

/** Ends an open payment that did not pay. Returns false when it had ended already. */
export async function settleFailure(tx: Db, metrics: Metrics, payment: Payment, facts: FailureFacts, options: { notifyPayer?: boolean } = {}): Promise<boolean> {
  if (!OPEN_PAYMENT_STATUSES.includes(payment.status)) return false;
  await markPaymentEnded(tx, payment.id, { status: statusForOutcome(facts.outcome), outcome: facts.outcome, resultCode: facts.resultCode, resultDesc: facts.resultDesc });
  metrics.paymentsByOutcome.inc({ outcome: facts.outcome });
  const notifyPayer = options.notifyPayer !== false;
  if (payment.purpose === 'payout_test') {
    // The payer is the landlord: the test's result is all they need to hear.
    if (notifyPayer) await payoutTestEnded(tx, payment, false, facts.outcome);
    return true;
  }
  if (notifyPayer) {
    const fallback = await fallbackFor(tx, payment);
    await queueMessage(tx, { to: payment.phone, text: paymentFailed(payment.amount, facts.outcome, fallback), idempotencyKey: `failed:${payment.id}` });
  }
  if (['merchant_misconfigured', 'wrong_credentials', 'auth_failed'].includes(facts.outcome) && payment.landlordId) {
    const landlord = await findLandlordById(tx, payment.landlordId);
    if (landlord) await queueMessage(tx, { to: landlord.phone, text: landlordAttentionNeeded(facts.outcome), idempotencyKey: `attention:${payment.id}` });
  }
  return true;
}

/** Tenant receipt and landlord notice, each in its reader's language, queued together. */
async function queueReceipts(tx: Db, payment: Payment, paidAt: Date): Promise<void> {
  if (!payment.tenancyId) return;
  // Asked for before the allocation and awaited after: postgres.js pipelines the two on the connection.
  const landlordLookup = payment.landlordId ? findLandlordById(tx, payment.landlordId) : Promise.resolve(undefined);
  const applied = await applyCredit(tx, payment.tenancyId);
  const landlord = await landlordLookup;
  if (!applied) return;
  const { tenancy, balance } = applied;
  const facts = {
    amount: payment.amount,
    receipt: payment.mpesaReceiptNumber,
    paidAt,
    unit: tenancy.unit,
    periods: periodsOf(applied.allocations),
    balance: balance.due,
    credit: balance.credit,
  };
  const messages: QueueMessageInput[] = [{ to: tenancy.phone, text: tenantReceipt(facts), idempotencyKey: `receipt:tenant:${payment.id}` }];
  if (payment.phone !== tenancy.phone && /^254[17]\d{8}$/.test(payment.phone)) {
    // Paid from another M-Pesa number: the payer hears it went through too.
    messages.push({ to: payment.phone, text: tenantReceipt(facts), idempotencyKey: `receipt:payer:${payment.id}` });
  }
  if (landlord) {
    messages.push({ to: landlord.phone, text: landlordNotice({ ...facts, tenantName: tenancy.name, phone: payment.phone }), idempotencyKey: `receipt:landlord:${payment.id}` });
  }
  await queueMessages(tx, messages);
}

/** A KES 1 test to the landlord's own shortcode: success activates the payout config. */
async function payoutTestEnded(tx: Db, payment: Payment, ok: boolean, outcome: DomainCode | null): Promise<void> {
  if (!payment.landlordId) return;
  const [landlord, payout] = await Promise.all([findLandlordById(tx, payment.landlordId), findPayoutConfig(tx, payment.landlordId)]);
  // Only when the test paid into the config still in force: a test of an older config proves nothing now.
  const current = payout && payout.businessShortCode === payment.businessShortCode && (payout.tillNumber ?? payout.businessShortCode) === payment.partyB;
  if (current) {
    await setPayoutActive(tx, payment.landlordId, ok ? { isActive: true, lastTestedAt: new Date() } : { isActive: payout.isActive, lastTestedAt: new Date() });
    await recordAudit(tx, {
      actor: 'system',
      action: ok ? 'payout.test_succeeded' : 'payout.test_failed',
      entityType: 'landlord',
      entityId: payment.landlordId,
      details: { paymentId: payment.id, shortCode: payment.businessShortCode, outcome },
    });
  }
  if (landlord) {
    await queueMessage(tx, { to: landlord.phone, text: payoutTestResult(ok, payment.partyB, outcome), idempotencyKey: `payout-test:${payment.id}` });
  }
}

async function fallbackFor(tx: Db, payment: Payment) {
  if (!payment.landlordId || !payment.tenancyId) return undefined;
  const [payout, tenancy] = await Promise.all([findPayoutConfig(tx, payment.landlordId), findTenancyById(tx, payment.tenancyId)]);
  if (!payout?.isActive || !tenancy) return undefined;
  return payout.businessType === 'paybill'
    ? { businessType: 'paybill' as const, shortCode: payout.businessShortCode, accountNumber: tenancy.accountNumber }
    : { businessType: 'till' as const, shortCode: payout.tillNumber ?? payout.businessShortCode, accountNumber: tenancy.accountNumber };
}

/**
 * Whether an STK payment to a paybill also reaches the C2B confirmation URL is not documented
 * (reference/daraja.md "Open"). If the C2B copy of this receipt arrived first, it steps aside so the
 * money is counted once: its allocations go, and the STK intent takes the receipt.
 */
async function supersedeC2bCopy(tx: Db, payment: Payment, receipt: string): Promise<void> {
  const copy = await lockC2bCopyOfReceipt(tx, receipt, payment.id);
  if (!copy) return;
  await deleteAllocationsOfPayment(tx, copy.id);
  await markSuperseded(tx, copy.id, payment.id);
}
