// Starting an STK Push: tenant → tenancy → landlord → payout config → Daraja. One function for the
// admin API, the chat flows and the landlord's payout test. The intent row is committed (status
// 'initiating') before Daraja is called, so a callback can never arrive for a payment we do not know.
import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/errors.js';
import { listBillsWithBalance } from '../../db/queries/bills.js';
import { findLandlordById, type Landlord } from '../../db/queries/landlords.js';
import { findPaymentById, pushesToPhoneSince, insertPayment, queryPaymentSoon, recordPushAccepted, type Payment } from '../../db/queries/payments.js';
import { findPayoutConfig, type PayoutConfig } from '../../db/queries/payouts.js';
import { findTenancyById } from '../../db/queries/tenancies.js';
import { callbackToken } from '../crypto/tokens.js';
import { DarajaError, DarajaValidationError } from '../daraja/errors.js';
import { accountReferenceFor, generatePaymentReference } from '../domain/references.js';
import type { Channel } from '../domain/types.js';
import type { PaymentsDeps } from './deps.js';
import { PaymentError } from './payment-error.js';
import { resolvePayout } from './payout.js';
import { loadSettlement, settleFailure } from './settlement.js';

/** No more than this many prompts to one phone in the window: nobody can flood a phone with prompts. */
export const PUSHES_PER_PHONE = 5;
export const PUSH_WINDOW_MS = 10 * 60_000;

/** When the oldest prompt in the window leaves it, another may be sent: in whole minutes, at least 1. */
export function minutesUntilAPushIsFree(oldest: Date | null, now = Date.now()): number {
  const freeAt = oldest ? oldest.getTime() + PUSH_WINDOW_MS : now;
  return Math.max(1, Math.ceil((freeAt - now) / 60_000));
}

export interface RentPaymentRequest {
  tenancyId: string;
  /** The bill this payment is for; default: the oldest open one. Money is allocated oldest-first anyway. */
  billId?: string | undefined;
  /** Whole shillings; default: the bill's balance. */
  amount?: number | undefined;
  /** The M-Pesa number that gets the prompt; default: the tenant's. */
  phone?: string | undefined;
  channel?: Channel | undefined;
  /** Set by the chat flows so a retried step finds the payment it already started. */
  paymentId?: string | undefined;
}

export async function initiateRentPayment(deps: PaymentsDeps, request: RentPaymentRequest): Promise<Payment> {
  if (request.paymentId) {
    const existing = await findPaymentById(deps.db, request.paymentId);
    if (existing) return existing;
  }
  const tenancy = await findTenancyById(deps.db, request.tenancyId);
  if (!tenancy || !tenancy.active) throw new PaymentError('not_found', 'tenant not found');
  const { landlord, payout } = await activePayout(deps, tenancy.landlordId);

  const bills = await listBillsWithBalance(deps.db, tenancy.id);
  let bill = bills.find((b) => b.balance > 0);
  if (request.billId) {
    bill = bills.find((b) => b.id === request.billId);
    // A bill of another tenancy is "not found" here: ids never reach across tenants.
    if (!bill) throw new PaymentError('not_found', 'bill not found for this tenant');
  }
  if (request.amount === undefined && (!bill || bill.balance === 0)) {
    throw new PaymentError('nothing_due', 'this bill is paid; there is nothing to pay');
  }
  const amount = request.amount ?? bill!.balance;
  if (!Number.isInteger(amount) || amount < 1) throw new PaymentError('invalid_amount', 'the amount must be whole shillings, at least 1');
  if (amount > deps.settings.mpesaMaxAmount) {
    throw new PaymentError(
      'amount_above_limit',
      `one M-Pesa prompt can ask for at most KES ${deps.settings.mpesaMaxAmount}; pay KES ${amount} in several payments`,
    );
  }
  const payoutForPush = resolvePayout(payout, deps.settings.platformCredentials, deps.secretBox);
  return push(deps, {
    id: request.paymentId ?? randomUUID(),
    purpose: 'rent',
    landlord,
    payout,
    tenancyId: tenancy.id,
    billId: bill?.id ?? null,
    amount,
    phone: request.phone ?? tenancy.phone,
    // A paybill that belongs to a bank needs the landlord's account there; otherwise the unit tells the landlord who paid.
    accountReference: payout.businessType === 'paybill' && payout.accountNumber ? payout.accountNumber : accountReferenceFor(tenancy.unit, tenancy.accountNumber),
    description: bill ? `Rent ${bill.period}` : 'Rent',
    channel: request.channel ?? null,
    resolved: payoutForPush,
  });
}

/** A KES 1 push from the landlord's own phone to their own shortcode, proving the config works. */
export async function initiatePayoutTest(deps: PaymentsDeps, landlordId: string, channel?: Channel, paymentId?: string): Promise<Payment> {
  if (paymentId) {
    const existing = await findPaymentById(deps.db, paymentId);
    if (existing) return existing;
  }
  const landlord = await findLandlordById(deps.db, landlordId);
  if (!landlord) throw new PaymentError('not_found', 'landlord not found');
  const payout = await findPayoutConfig(deps.db, landlordId);
  if (!payout) throw new PaymentError('payout_not_configured', 'configure a paybill or till first');
  return push(deps, {
    id: paymentId ?? randomUUID(),
    purpose: 'payout_test',
    landlord,
    payout,
    tenancyId: null,
    billId: null,
    amount: 1,
    phone: landlord.phone,
    accountReference: payout.businessType === 'paybill' && payout.accountNumber ? payout.accountNumber : 'TEST',
    description: 'Payout test',
    channel: channel ?? null,
    resolved: resolvePayout(payout, deps.settings.platformCredentials, deps.secretBox),
  });
}

async function activePayout(deps: PaymentsDeps, landlordId: string): Promise<{ landlord: Landlord; payout: PayoutConfig }> {
  const landlord = await findLandlordById(deps.db, landlordId);
  const payout = await findPayoutConfig(deps.db, landlordId);
  if (!landlord || !payout) throw new PaymentError('payout_not_configured', "the landlord has not set up a paybill or till for rent yet");
  if (!payout.isActive) throw new PaymentError('payout_inactive', "the landlord's paybill or till is not active yet");
  return { landlord, payout };
}

interface PushPlan {
  id: string;
  purpose: 'rent' | 'payout_test';
  landlord: Landlord;
  payout: PayoutConfig;
  tenancyId: string | null;
  billId: string | null;
  amount: number;
  phone: string;
  accountReference: string;
  description: string;
  channel: Channel | null;
  resolved: ReturnType<typeof resolvePayout>;
}

async function push(deps: PaymentsDeps, plan: PushPlan): Promise<Payment> {
  const recent = await pushesToPhoneSince(deps.sql, plan.phone, new Date(Date.now() - PUSH_WINDOW_MS));
  if (recent.count >= PUSHES_PER_PHONE) {
    const minutes = minutesUntilAPushIsFree(recent.oldest);
    throw new PaymentError('too_many_attempts', `at most ${PUSHES_PER_PHONE} M-Pesa prompts per phone in ${PUSH_WINDOW_MS / 60_000} minutes; try again in ${minutes} min`, undefined, minutes);
  }
  const token = callbackToken(deps.settings.appSecret, plan.id);
  let intent: Payment;
  try {
    intent = await insertPayment(deps.db, {
      id: plan.id,
      source: 'stk',
      purpose: plan.purpose,
      landlordId: plan.landlord.id,
      tenancyId: plan.tenancyId,
      billId: plan.billId,
      amount: plan.amount,
      phone: plan.phone,
      status: 'initiating',
      businessShortCode: plan.resolved.destination.businessShortCode,
      partyB: plan.resolved.partyB,
      accountReference: plan.accountReference,
      reference: generatePaymentReference(),
      callbackToken: token,
      channel: plan.channel,
      nextQueryAt: new Date(Date.now() + deps.settings.stkQueryAfterSeconds * 1000),
    });
  } catch (error) {
    if (isUniqueViolation(error, 'payments_one_open_per_phone_uq')) {
      throw new PaymentError('payment_pending', 'a payment to this phone is already waiting for its M-Pesa PIN');
    }
    if (isUniqueViolation(error, 'payments_one_open_per_bill_uq')) {
      throw new PaymentError('payment_pending', 'a payment for this bill is already waiting for its M-Pesa PIN');
    }
    if (isUniqueViolation(error, 'payments_pkey')) {
      const existing = await findPaymentById(deps.db, plan.id);
      if (existing) return existing;
    }
    throw error;
  }

  const pushStarted = performance.now();
  const timePush = (result: string) => deps.metrics.providerSeconds.observe({ provider: 'daraja', result }, (performance.now() - pushStarted) / 1000);
  try {
    const accepted = await deps.daraja.stkPush({
      credentials: plan.resolved.credentials,
      destination: plan.resolved.destination,
      amount: plan.amount,
      phone: plan.phone,
      accountReference: plan.accountReference,
      description: plan.description,
      callbackUrl: `${deps.settings.callbackBaseUrl}/${token}`,
    });
    timePush('ok');
    deps.metrics.stkPushes.inc({ outcome: 'accepted' });
    await recordPushAccepted(deps.db, intent.id, accepted);
  } catch (error) {
    timePush('error');
    deps.metrics.stkPushes.inc({ outcome: answerLost(error) ? 'answer_lost' : error instanceof DarajaError ? error.code : 'invalid_request' });
    if (answerLost(error)) {
      // The push left and no answer came back: Daraja may well have sent the prompt. The intent stays
      // open (not 'failed'): its callback, found by the token, settles it; the reconciler looks at it
      // at once, and ends it as timeout at STK_EXPIRE_AFTER_SECONDS if nothing is heard.
      deps.logger.warn({ paymentId: intent.id, err: (error as Error).message }, 'STK Push sent, answer lost');
      await queryPaymentSoon(deps.db, intent.id);
      return (await findPaymentById(deps.db, intent.id))!;
    }
    // Never retried here: a retry could prompt the tenant twice. A late callback still finds the
    // intent by its token and settles it, so money that did move is recorded.
    await endRefused(deps, intent, error);
    throw toPaymentError(error, intent.id);
  }
  return (await findPaymentById(deps.db, intent.id))!;
}

/** The request may have reached Daraja but no HTTP answer came back (a timeout after sending). */
function answerLost(error: unknown): boolean {
  return error instanceof DarajaError && error.code === 'daraja_unavailable' && error.details.mayHaveBeenProcessed === true && error.details.httpStatus === undefined;
}

/** A push whose answer was lost: the intent is open, the prompt may be on the phone, nobody knows yet. */
export const pushOutcomeUnknown = (payment: Payment) => payment.status === 'initiating' && !payment.checkoutRequestId;

async function endRefused(deps: PaymentsDeps, intent: Payment, error: unknown): Promise<void> {
  const outcome = error instanceof DarajaError ? error.code : 'invalid_request';
  const message = error instanceof Error ? error.message : String(error);
  deps.logger.warn({ paymentId: intent.id, outcome, err: message }, 'STK Push refused');
  await deps.sql.transaction(async (tx) => {
    const settlement = await loadSettlement(tx, { id: intent.id });
    if (!settlement) return;
    const facts = { outcome, resultCode: error instanceof DarajaError ? (error.details.errorCode ?? null) : null, resultDesc: message };
    // The payer hears of the refusal at once (API answer, or the message the deferred push sends):
    // nothing more is queued for them. The landlord is still told when their details are at fault.
    settleFailure(tx, deps.metrics, settlement, facts, { notifyPayer: false });
  });
}

function toPaymentError(error: unknown, paymentId: string): PaymentError {
  if (error instanceof DarajaValidationError) return new PaymentError('invalid_request', error.message, paymentId);
  if (!(error instanceof DarajaError)) return new PaymentError('daraja_unavailable', 'M-Pesa could not be reached', paymentId);
  switch (error.code) {
    case 'subscriber_busy':
      return new PaymentError('subscriber_busy', 'another M-Pesa prompt is open on that phone; try again in a minute', paymentId);
    case 'merchant_misconfigured':
    case 'wrong_credentials':
    case 'auth_failed':
      return new PaymentError('payout_misconfigured', `Daraja refused the landlord's payout details: ${error.message}`, paymentId);
    case 'rate_limited':
      return new PaymentError('daraja_busy', 'M-Pesa is busy; try again in a few minutes', paymentId);
    case 'invalid_request':
      return new PaymentError('invalid_request', `Daraja refused the request: ${error.message}`, paymentId);
    default:
      return new PaymentError('daraja_unavailable', `M-Pesa could not be reached: ${error.message}`, paymentId);
  }
}
