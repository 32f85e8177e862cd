// C2B: money a tenant sends from the M-Pesa menu to the landlord's paybill or till, with the
// tenancy's account number as BillRefNumber (reference/daraja.md §5), already read into a C2bPayment by
// src/daraja. Validation may refuse unknown account numbers; a confirmation that matches nothing is
// kept in suspense for the landlord to assign, never dropped; one whose amount or time cannot be read
// is recorded raw and set aside with the reason, never credited. The receipt (TransID) is unique, so a
// repeated confirmation records nothing.
import { randomUUID } from 'node:crypto';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { isUniqueViolation } from '../../db/errors.js';
import { findLandlordById } from '../../db/queries/landlords.js';
import { findPaymentById, findPaymentByReceipt, type Payment } from '../../db/queries/payments.js';
import { findPayoutOwners } from '../../db/queries/payouts.js';
import { recordAuditLater } from '../../db/queries/audit.js';
import { findPaymentIdByReceipt, insertC2bPayment, matchC2bPayment, type C2bMatch } from '../../db/queries/settlement.js';
import type { Sql, Transaction } from '../../db/sql.js';
import type { Metrics } from '../metrics.js';
import type { C2bDecision, C2bNotification, C2bPayment } from '../daraja/transform.js';
import { normalizePhone } from '../domain/phone.js';
import { canonicalAccountNumber, generatePaymentReference } from '../domain/references.js';
import { setAsideNotice, suspenseNotice } from '../messages/payment-messages.js';
import { queueMessage } from '../outbox/queue-message.js';
import { recordNotification, recordNotificationLater, rootMessage, type ReceivedNotification } from './callback-log.js';
import type { PaymentsDeps } from './deps.js';
import { PaymentError } from './payment-error.js';
import { loadSettlement, queueSettlementMessages, settleSuccess } from './settlement.js';

type C2bDeps = Pick<PaymentsDeps, 'db' | 'sql' | 'metrics'>;

export interface C2bReceived extends ReceivedNotification {
  notification: C2bNotification;
}

interface Match {
  landlordId: string | undefined;
  tenancyId: string | undefined;
  matchedBy: C2bMatch | undefined;
  /** The shortcode is a Buy Goods till (or its store): such payments carry no account number. */
  isTill: boolean;
}

/**
 * The landlord owning the shortcode (paybill, store or till) and the tenancy: by account number, else by
 * unit name, else by the paying phone (db/queries/settlement.ts says exactly how).
 */
async function match(sql: Sql, payment: C2bPayment): Promise<Match> {
  const phone = normalizePhone(payment.msisdn);
  const owners = await matchC2bPayment(sql, {
    shortCode: payment.shortCode,
    accountNumber: canonicalAccountNumber(payment.accountReference),
    unitKey: unitKey(payment.accountReference),
    phone: phone.ok ? phone.phone : null,
  });
  const matched = owners.find((o) => o.tenancyId) ?? owners[0];
  return { landlordId: matched?.landlordId, tenancyId: matched?.tenancyId ?? undefined, matchedBy: matched?.matchedBy ?? undefined, isTill: matched?.businessType === 'till' };
}

/** A unit name as payers type it: "a 1", "A1" and " a1 " are the same unit. */
const unitKey = (reference: string) => reference.replace(/\s/g, '').toLowerCase();

/**
 * Validation: accept a known account number on a known shortcode; refuse the rest. Undefined when the
 * body is not a C2B notification at all (the route answers 400).
 */
export async function validateC2b(deps: C2bDeps, received: C2bReceived): Promise<C2bDecision | undefined> {
  const decide = async (outcome: string, decision: C2bDecision | undefined) => {
    await recordNotification(deps.db, received, { outcome });
    return decision;
  };
  const { notification } = received;
  if (notification.problem === 'malformed') return decide('malformed', undefined);
  if (!notification.ok) return notification.problem === 'bad_time' ? decide('rejected_time', 'other') : decide('rejected_amount', 'invalid_amount');
  const found = await match(deps.sql, notification.payment);
  if (!found.landlordId) return decide('rejected_shortcode', 'unknown_shortcode');
  // Buy Goods payments carry no account number: they are accepted and matched on confirmation.
  if (!found.tenancyId && !found.isTill) return decide('rejected_account', 'unknown_account');
  return decide('accepted', 'accept');
}

/**
 * Confirmation: record the payment once; settle it to the tenancy, or keep it in suspense. The raw body
 * is logged in the same transaction, or on its own when that transaction fails (callback-log.ts).
 * Undefined when the body is not a C2B notification at all.
 */
export async function confirmC2b(deps: C2bDeps, received: C2bReceived): Promise<'accepted' | undefined> {
  const { notification } = received;
  if (notification.problem === 'malformed') {
    await recordNotification(deps.db, received, { outcome: 'malformed' });
    return undefined;
  }
  if (!notification.ok) {
    // M-Pesa has the money, but what it says about it cannot be trusted: kept raw, with the reason, never
    // credited; the landlord whose shortcode it names is told to check their M-Pesa statement.
    const reason = notification.problem === 'bad_time' ? 'unreadable TransTime' : `unreadable TransAmount (${notification.problem})`;
    const { shortCode, receipt } = notification.payment;
    await deps.db.transaction(async (tx) => {
      const duplicate = await findPaymentByReceipt(tx, receipt);
      await recordNotification(tx, received, { outcome: duplicate ? 'duplicate' : 'set_aside', error: reason });
      const [owner] = duplicate ? [] : await findPayoutOwners(tx, shortCode);
      const landlord = owner ? await findLandlordById(tx, owner.landlordId) : undefined;
      if (landlord) await queueMessage(tx, { to: landlord.phone, text: setAsideNotice(shortCode, receipt), idempotencyKey: `set-aside:${receipt}` });
    });
    return 'accepted';
  }
  const payment = notification.payment;
  // v2 masks the MSISDN ("2547 ***** 126"), v1 hashes it: keep whatever came when it is not a number.
  const msisdn = normalizePhone(payment.msisdn);
  try {
    // Three round trips: BEGIN with the repeat check and the match; the payment with every read settling
    // needs; the writes with COMMIT.
    await deps.sql.transaction(async (tx) => {
      const [existing, found] = await Promise.all([findPaymentIdByReceipt(tx, payment.receipt), match(tx, payment)]);
      if (existing) return recordNotificationLater(tx, received, { outcome: 'duplicate', paymentId: existing });
      const id = randomUUID();
      const [, settlement] = await Promise.all([
        insertC2bPayment(tx, {
          id,
          landlordId: found.landlordId ?? null,
          tenancyId: found.tenancyId ?? null,
          amount: payment.amount,
          phone: msisdn.ok ? msisdn.phone : payment.msisdn,
          shortCode: payment.shortCode,
          accountReference: payment.accountReference.slice(0, 40),
          reference: generatePaymentReference(),
          receipt: payment.receipt,
          transactionDate: payment.paidAt ?? null,
          resultDesc: `C2B ${payment.transactionType}`.trim(),
        }),
        loadSettlement(tx, { id }),
      ]);
      if (found.tenancyId) {
        settleSuccess(tx, deps.metrics, settlement!, {
          receipt: payment.receipt,
          transactionDate: payment.paidAt ?? null,
          resultDesc: settlement!.payment.resultDesc ?? 'C2B',
          matchedBy: found.matchedBy === 'account' ? undefined : found.matchedBy,
        });
      } else if (settlement!.landlord) {
        queueSettlementMessages(tx, settlement!, [
          { to: settlement!.landlord.phone, text: suspenseNotice(payment.amount, payment.shortCode, payment.accountReference, payment.receipt), idempotencyKey: `suspense:${id}` },
        ]);
      }
      recordNotificationLater(tx, received, { outcome: found.tenancyId ? 'settled' : 'suspense', paymentId: id });
    });
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw error; // the route answers 503
    if (!isUniqueViolation(error)) {
      await recordNotification(deps.db, received, { outcome: 'failed', error: rootMessage(error) });
      throw error;
    }
    // The same confirmation, at the same moment, in another request.
    await recordNotification(deps.db, received, { outcome: 'duplicate' });
  }
  return 'accepted';
}

/** Assigns a payment from the suspense list to one of the same landlord's tenants, and settles it. */
export async function assignSuspense(deps: C2bDeps, paymentId: string, tenancyId: string, actor: string): Promise<Payment> {
  await deps.sql.transaction((tx) => assignSuspenseIn(tx, deps.metrics, paymentId, tenancyId, actor));
  return (await findPaymentById(deps.db, paymentId))!;
}

/** The same inside the caller's transaction (a landlord's chat turn). */
export async function assignSuspenseIn(tx: Transaction, metrics: Metrics, paymentId: string, tenancyId: string, actor: string): Promise<void> {
  const [before, [tenancy]] = await Promise.all([
    loadSettlement(tx, { id: paymentId }),
    tx.query<{ landlordId: string }>('select landlord_id as "landlordId" from tenancies where id = $1', [tenancyId]),
  ]);
  if (!before) throw new PaymentError('not_found', 'payment not found');
  if (before.payment.status !== 'suspense') throw new PaymentError('not_in_suspense', 'this payment is not in the suspense list');
  if (!tenancy || tenancy.landlordId !== before.payment.landlordId) throw new PaymentError('not_found', "tenant not found among this landlord's tenants");
  const [, settlement] = await Promise.all([tx.query('update payments set tenancy_id = $2 where id = $1', [paymentId, tenancyId]), loadSettlement(tx, { id: paymentId })]);
  const { payment } = settlement!;
  settleSuccess(tx, metrics, settlement!, { receipt: payment.mpesaReceiptNumber, transactionDate: payment.transactionDate, resultDesc: payment.resultDesc ?? 'C2B' });
  recordAuditLater(tx, { actor, action: 'payment.assigned', entityType: 'payment', entityId: paymentId, details: { tenancyId } });
}
