// Daraja's STK callback (reference/daraja.md §3), already read into an StkResult by src/daraja.
// Record and settle (DESIGN.md decisions 3–4): the raw body is always stored (callback-log.ts), with the
// settlement or without it; the URL token finds the intent and is checked in constant time; the intent
// row is locked; a callback whose amount, phone or id disagrees with the intent changes nothing and
// only brings the STK Push Query forward.
import { isDatabaseUnavailable } from '../../db/availability.js';
import { isUniqueViolation } from '../../db/errors.js';
import { queryPaymentSoonLater, setCheckoutIdsLater } from '../../db/queries/settlement.js';
import type { Transaction } from '../../db/sql.js';
import { callbackToken, safeEqual } from '../crypto/tokens.js';
import type { StkResult } from '../daraja/transform.js';
import { recordNotification, recordNotificationLater, rootMessage, type NotificationVerdict, type ReceivedNotification } from './callback-log.js';
import type { PaymentsDeps } from './deps.js';
import { loadSettlement, settleFailure, settleSuccess } from './settlement.js';

export type CallbackOutcome =
  | 'settled'
  | 'ended'
  | 'duplicate'
  | 'bad_token'
  | 'mismatch'
  | 'not_an_stk_callback'
  | 'malformed'
  | 'ip_not_allowed'
  | 'failed';

export interface CallbackInput extends ReceivedNotification {
  kind: 'stk_callback' | 'stk_timeout';
  /** The last segment of the callback URL. */
  token: string;
  /** What the body says: a result, not an STK callback at all, or not JSON. */
  result: StkResult | 'not_an_stk_callback' | 'malformed';
}

type CallbackDeps = Pick<PaymentsDeps, 'db' | 'sql' | 'logger' | 'metrics' | 'settings'>;

const TOKEN = /^[0-9a-f]{64}$/;

interface Verdict extends NotificationVerdict {
  outcome: CallbackOutcome;
}

/**
 * Returns what happened; the route answers Daraja 200 for everything but malformed JSON. The raw body
 * and the settlement share one transaction of two round trips: BEGIN with the intent's lock and every
 * read settling needs, then the writes, the raw body and COMMIT. If settling fails, that transaction
 * rolls back and the raw body is stored with the reason in a transaction of its own, so it is kept
 * either way. (No savepoint: it would cost round trips on every callback for the rare failure.)
 */
export async function handleStkCallback(deps: CallbackDeps, input: CallbackInput): Promise<CallbackOutcome> {
  const started = performance.now();
  let verdict: Verdict;
  try {
    verdict = await deps.sql.transaction(async (tx) => {
      const judged = await judge(deps, tx, input);
      recordNotificationLater(tx, input, judged);
      return judged;
    });
  } catch (error) {
    // The database is away: nothing can be recorded, so the route answers 503 and Daraja may retry.
    if (isDatabaseUnavailable(error)) throw error;
    if (isUniqueViolation(error)) {
      // The same receipt on another payment: the money is recorded already.
      verdict = { outcome: 'duplicate', error: 'receipt recorded on another payment' };
    } else {
      // Nothing settled; the reconciler will ask Daraja about this intent in due course.
      deps.logger.error({ err: error, kind: input.kind }, 'callback could not be settled');
      verdict = { outcome: 'failed', error: rootMessage(error) };
    }
    await recordNotification(deps.db, input, verdict);
  }
  deps.metrics.callbackSeconds.observe({ kind: input.kind }, (performance.now() - started) / 1000);
  return verdict.outcome;
}

async function judge(deps: CallbackDeps, tx: Transaction, input: CallbackInput): Promise<Verdict> {
  const allowed = deps.settings.allowedIps;
  if (allowed.length > 0 && !allowed.includes(input.sourceIp ?? '')) return { outcome: 'ip_not_allowed' };
  if (input.result === 'malformed') return { outcome: 'malformed' };
  if (input.result === 'not_an_stk_callback') {
    // A timeout notice or anything else that is not an STK result: it can only hint that we should ask.
    if (input.kind === 'stk_timeout' && TOKEN.test(input.token)) await bringQueryForward(deps, tx, input.token);
    return { outcome: 'not_an_stk_callback' };
  }
  const result = input.result;
  const checkoutRequestId = result.checkoutRequestId;
  if (!TOKEN.test(input.token)) return { outcome: 'bad_token', checkoutRequestId };

  const settlement = await loadSettlement(tx, { token: input.token }, result.outcome === 'success' ? (result.mpesaReceiptNumber ?? null) : null);
  const payment = settlement?.payment;
  if (!settlement || !payment || !safeEqual(callbackToken(deps.settings.appSecret, payment.id), input.token)) return { outcome: 'bad_token', checkoutRequestId };
  const paymentId = payment.id;
  if (payment.checkoutRequestId && payment.checkoutRequestId !== checkoutRequestId) {
    queryPaymentSoonLater(tx, paymentId);
    return { outcome: 'mismatch', paymentId, checkoutRequestId };
  }
  if (!payment.checkoutRequestId) {
    // The callback beat the initiating request to storing the id (DESIGN.md decision 2).
    setCheckoutIdsLater(tx, paymentId, { checkoutRequestId, merchantRequestId: result.merchantRequestId });
  }
  if (result.outcome === 'success') {
    if (!matchesIntent(result, payment)) {
      queryPaymentSoonLater(tx, paymentId);
      return { outcome: 'mismatch', paymentId, checkoutRequestId };
    }
    const changed = settleSuccess(tx, deps.metrics, settlement, {
      receipt: result.mpesaReceiptNumber ?? null,
      transactionDate: result.transactionDate ?? null,
      resultDesc: result.resultDesc,
    });
    return { outcome: changed ? 'settled' : 'duplicate', paymentId, checkoutRequestId };
  }
  const changed = settleFailure(tx, deps.metrics, settlement, { outcome: result.outcome, resultCode: result.resultCode, resultDesc: result.resultDesc });
  return { outcome: changed ? 'ended' : 'duplicate', paymentId, checkoutRequestId };
}

function matchesIntent(result: StkResult, payment: { amount: number; phone: string }): boolean {
  if (result.amount === undefined || result.phone === undefined || !result.mpesaReceiptNumber) return false;
  return result.amount === payment.amount && result.phone === payment.phone;
}

async function bringQueryForward(deps: CallbackDeps, tx: Transaction, token: string): Promise<void> {
  const [payment] = await tx.query<{ id: string }>('select id from payments where callback_token = $1 for update', [token]);
  if (payment && safeEqual(callbackToken(deps.settings.appSecret, payment.id), token)) queryPaymentSoonLater(tx, payment.id);
}
