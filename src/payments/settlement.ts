// Settlement: the one idempotent place where a payment ends, used by STK callbacks, STK Push Query
// (the reconciler), C2B confirmations and suspense assignment. loadSettlement locks the payment and its
// tenancy and reads what settling may need in one round trip; settleSuccess and settleFailure decide,
// with a state guard that makes every repeat a no-op, and queue their writes (payment, allocations,
// receipts in the outbox, audit) to go with COMMIT: a callback costs two round trips.
import { recordAuditLater } from '../../db/queries/audit.js';
import { insertOutboxMessagesLater, queuePayoutReadyLater } from '../../db/queries/outbox.js';
import { insertAllocationsLater, loadSettlementRows, markEndedLater, markSucceededLater, setPayoutTestedLater, supersedeLater, type PaymentKey, type SettlementRows } from '../../db/queries/settlement.js';
import type { Payment } from '../../db/queries/payments.js';
import type { Sql, Transaction } from '../../db/sql.js';
import { allocate } from '../domain/allocate.js';
import type { DomainCode } from '../domain/outcomes.js';
import { OPEN_PAYMENT_STATUSES, type Channel, type PaymentStatus } from '../domain/types.js';
import { landlordAttentionNeeded, landlordNotice, paymentFailed, payoutTestResult, receiptVariables, tenantReceipt, type ReceiptFacts } from '../messages/payment-messages.js';
import type { Metrics } from '../metrics.js';
import { addressMessages, type ContactChannels, type QueueMessageInput } from '../outbox/queue-message.js';

export interface SuccessFacts {
  /** The M-Pesa receipt; STK Push Query does not give one. */
  receipt: string | null;
  transactionDate: Date | null;
  resultDesc: string;
  /** A C2B payment matched by unit name or paying phone, not its account number: the landlord is told how. */
  matchedBy?: 'unit' | 'phone' | undefined;
}

export interface FailureFacts {
  outcome: DomainCode;
  resultCode: string | null;
  resultDesc: string;
}

export interface Settlement extends SettlementRows {
  payment: Payment;
}

/** The payment (locked) and all settling it may need; undefined when no payment has that key. */
export async function loadSettlement(tx: Sql, key: PaymentKey, receipt: string | null = null): Promise<Settlement | undefined> {
  const rows = await loadSettlementRows(tx, key, receipt);
  return rows.payment ? (rows as Settlement) : undefined;
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
export function settleSuccess(tx: Transaction, metrics: Metrics, s: Settlement, facts: SuccessFacts): boolean {
  const { payment } = s;
  if (payment.status === 'success') return false;
  if (facts.receipt && s.c2bCopy) supersedeLater(tx, s.c2bCopy.id, payment.id);
  const completedAt = new Date();
  const receipt = facts.receipt ?? payment.mpesaReceiptNumber;
  markSucceededLater(tx, payment.id, { resultDesc: facts.resultDesc, receipt, transactionDate: facts.transactionDate, completedAt });
  tx.afterCommit(() => {
    metrics.paymentsByOutcome.inc({ outcome: 'success' });
    metrics.settleSeconds.observe({ source: payment.source }, Math.max(0, (completedAt.getTime() - new Date(payment.initiatedAt).getTime()) / 1000));
  });
  const settled = { ...payment, status: 'success' as const, mpesaReceiptNumber: receipt, completedAt };
  if (payment.purpose === 'payout_test') payoutTestEnded(tx, s, settled, true, null);
  else allocateAndReceipt(tx, s, settled, facts.transactionDate ?? completedAt, facts.matchedBy);
  return true;
}

/** Ends an open payment that did not pay. Returns false when it had ended already. */
export function settleFailure(tx: Transaction, metrics: Metrics, s: Settlement, facts: FailureFacts, options: { notifyPayer?: boolean } = {}): boolean {
  const { payment } = s;
  if (!OPEN_PAYMENT_STATUSES.includes(payment.status)) return false;
  markEndedLater(tx, payment.id, { status: statusForOutcome(facts.outcome), outcome: facts.outcome, resultCode: facts.resultCode, resultDesc: facts.resultDesc });
  tx.afterCommit(() => metrics.paymentsByOutcome.inc({ outcome: facts.outcome }));
  const notifyPayer = options.notifyPayer !== false;
  if (payment.purpose === 'payout_test') {
    // The payer is the landlord: the test's result is all they need to hear.
    if (notifyPayer) payoutTestEnded(tx, s, payment, false, facts.outcome);
    return true;
  }
  const messages: QueueMessageInput[] = [];
  if (notifyPayer) messages.push({ to: payment.phone, text: paymentFailed(payment.amount, facts.outcome, fallbackFor(s)), idempotencyKey: `failed:${payment.id}` });
  if (['merchant_misconfigured', 'wrong_credentials', 'auth_failed'].includes(facts.outcome) && s.landlord) {
    messages.push({ to: s.landlord.phone, text: landlordAttentionNeeded(facts.outcome), idempotencyKey: `attention:${payment.id}` });
  }
  queueSettlementMessages(tx, s, messages);
  return true;
}

/** Allocates every unallocated shilling of the tenancy (this payment's included) and queues the receipts. */
function allocateAndReceipt(tx: Transaction, s: Settlement, payment: Payment, paidAt: Date, matchedBy?: 'unit' | 'phone'): void {
  if (!s.tenancy) return;
  // This payment has no allocation yet: all of it is unallocated, after any older credit.
  const money = [...s.unallocated.filter((m) => m.paymentId !== payment.id), { paymentId: payment.id, remaining: payment.amount }];
  const result = allocate(s.bills.map((b) => ({ id: b.id, balance: b.amount - b.paid })), money);
  insertAllocationsLater(tx, result.lines);
  const periodOf = new Map(s.bills.map((b) => [b.id, b.period]));
  const facts: ReceiptFacts = {
    amount: payment.amount,
    receipt: payment.mpesaReceiptNumber,
    paidAt,
    unit: s.tenancy.unit,
    periods: [...new Set(result.lines.map((l) => periodOf.get(l.billId)!))].sort(),
    balance: [...result.balances.values()].reduce((sum, b) => sum + b, 0),
    credit: result.credit,
    ...(payment.source === 'manual' ? { recordedByLandlord: { reference: payment.accountReference === 'cash' ? null : payment.accountReference } } : {}),
  };
  const template = { kind: 'receipt' as const, variables: receiptVariables(facts) };
  const messages: QueueMessageInput[] = [{ to: s.tenancy.phone, text: tenantReceipt(facts), idempotencyKey: `receipt:tenant:${payment.id}`, template }];
  if (payment.phone !== s.tenancy.phone && /^254[17]\d{8}$/.test(payment.phone)) {
    // Paid from another M-Pesa number: the payer hears it went through too.
    messages.push({ to: payment.phone, text: tenantReceipt(facts), idempotencyKey: `receipt:payer:${payment.id}`, template });
  }
  // The landlord recorded cash themselves: their chat already confirmed it.
  if (s.landlord && payment.source !== 'manual') {
    messages.push({ to: s.landlord.phone, text: landlordNotice({ ...facts, tenantName: s.tenancy.name, phone: payment.phone, tenantPhone: s.tenancy.phone, matchedBy, accountReference: payment.accountReference }), idempotencyKey: `receipt:landlord:${payment.id}`, template });
  }
  queueSettlementMessages(tx, s, messages);
}

/** A KES 1 test to the landlord's own shortcode: success activates the payout config. */
function payoutTestEnded(tx: Transaction, s: Settlement, payment: Payment, ok: boolean, outcome: DomainCode | null): void {
  if (!payment.landlordId) return;
  const payout = s.payout;
  // Only when the test paid into the config still in force: a test of an older config proves nothing now.
  const current = payout && payout.businessShortCode === payment.businessShortCode && (payout.tillNumber ?? payout.businessShortCode) === payment.partyB;
  if (current) {
    setPayoutTestedLater(tx, payment.landlordId, ok);
    if (ok) queuePayoutReadyLater(tx, payment.landlordId);
    recordAuditLater(tx, {
      actor: 'system',
      action: ok ? 'payout.test_succeeded' : 'payout.test_failed',
      entityType: 'landlord',
      entityId: payment.landlordId,
      details: { paymentId: payment.id, shortCode: payment.businessShortCode, outcome },
    });
  }
  if (s.landlord) queueSettlementMessages(tx, s, [{ to: s.landlord.phone, text: payoutTestResult(ok, payment.partyB, outcome), idempotencyKey: `payout-test:${payment.id}` }]);
}

/** How to pay from the M-Pesa menu instead, when the landlord's payout is active. */
function fallbackFor(s: Settlement) {
  if (!s.payout?.isActive || !s.tenancy) return undefined;
  return s.payout.businessType === 'paybill'
    ? { businessType: 'paybill' as const, shortCode: s.payout.businessShortCode, accountNumber: s.tenancy.accountNumber }
    : { businessType: 'till' as const, shortCode: s.payout.tillNumber ?? s.payout.businessShortCode, accountNumber: s.tenancy.accountNumber };
}

/** Messages addressed with what the settlement loaded of their readers, queued to go with COMMIT. */
export function queueSettlementMessages(tx: Transaction, s: Settlement, messages: QueueMessageInput[]): void {
  const contacts: ContactChannels[] = s.contacts.map((c) => ({
    phone: c.phone,
    language: c.language,
    lastChannel: c.lastChannel as Channel | null,
    preferredChannel: c.preferredChannel as Channel | null,
    lastInboundAt: c.lastInboundAt ? new Date(c.lastInboundAt) : null,
  }));
  insertOutboxMessagesLater(tx, addressMessages(messages, contacts));
}
