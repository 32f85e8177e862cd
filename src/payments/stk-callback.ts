// Daraja's STK callback (reference/daraja.md §3). Record and settle (DESIGN.md decisions 3–4): the
// raw body is always stored (callback-log.ts), with the settlement or without it; the URL token finds
// the intent and is checked in constant time; the intent row is locked; a callback whose amount, phone
// or id disagrees with the intent changes nothing and only brings the STK Push Query forward.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { lockPaymentByCallbackToken, OPEN_STATUSES } from '../../db/queries/payments.js';
import { payments } from '../../db/schema.js';
import { safeEqual, callbackToken } from '../crypto/tokens.js';
import { toStkResult, type StkResult } from '../daraja/transform.js';
import { stkCallbackSchema } from '../daraja/types.js';
import { recordNotification, rootMessage, type NotificationVerdict } from './callback-log.js';
import type { PaymentsContext } from './context.js';
import { settleFailure, settleSuccess } from './settle.js';

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

export interface CallbackInput {
  kind: 'stk_callback' | 'stk_timeout';
  token: string;
  rawBody: string;
  sourceIp: string | undefined;
}

const TOKEN = /^[0-9a-f]{64}$/;

interface Verdict extends NotificationVerdict {
  outcome: CallbackOutcome;
}

/**
 * Returns what happened; the route answers Daraja 200 for everything but malformed JSON. The raw body
 * and the settlement share one transaction (one commit per callback). If settling fails, that
 * transaction rolls back and the raw body is stored with the reason in a transaction of its own, so
 * it is kept either way. (No savepoint: it would cost two round trips on every callback for the rare
 * failure.)
 */
export async function handleStkCallback(ctx: PaymentsContext, input: CallbackInput): Promise<CallbackOutcome> {
  const started = performance.now();
  let verdict: Verdict;
  try {
    verdict = await ctx.db.transaction(async (tx) => {
      const judged = await judge(ctx, tx, input);
      await recordNotification(tx, input, judged);
      return judged;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The same receipt on another payment: the money is recorded already.
      verdict = { outcome: 'duplicate', error: 'receipt recorded on another payment' };
    } else {
      // Nothing settled; the reconciler will ask Daraja about this intent in due course.
      ctx.logger.error({ err: error, kind: input.kind }, 'callback could not be settled');
      verdict = { outcome: 'failed', error: rootMessage(error) };
    }
    await recordNotification(ctx.db, input, verdict);
  }
  ctx.metrics.callbackSeconds.observe({ kind: input.kind }, (performance.now() - started) / 1000);
  return verdict.outcome;
}

async function judge(ctx: PaymentsContext, tx: PaymentsContext['db'], input: CallbackInput): Promise<Verdict> {
  const allowed = ctx.config.daraja.allowedIps;
  if (allowed.length > 0 && !allowed.includes(input.sourceIp ?? '')) return { outcome: 'ip_not_allowed' };
  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return { outcome: 'malformed' };
  }
  const parsed = stkCallbackSchema.safeParse(json);
  if (!parsed.success) {
    // A timeout notice or anything else that is not an STK result: it can only hint that we should ask.
    if (input.kind === 'stk_timeout' && TOKEN.test(input.token)) await bringQueryForward(ctx, tx, input.token);
    return { outcome: 'not_an_stk_callback' };
  }
  const result = toStkResult(parsed.data);
  const checkoutRequestId = result.checkoutRequestId;
  if (!TOKEN.test(input.token)) return { outcome: 'bad_token', checkoutRequestId };

  const payment = await lockPaymentByCallbackToken(tx, input.token);
  if (!payment || !safeEqual(callbackToken(ctx.config.appSecret, payment.id), input.token)) return { outcome: 'bad_token', checkoutRequestId };
  const paymentId = payment.id;
  if (payment.checkoutRequestId && payment.checkoutRequestId !== checkoutRequestId) {
    await askSoon(tx, paymentId);
    return { outcome: 'mismatch', paymentId, checkoutRequestId };
  }
  if (!payment.checkoutRequestId) {
    // The callback beat the initiating request to storing the id (DESIGN.md decision 2).
    await tx.update(payments).set({ checkoutRequestId, merchantRequestId: result.merchantRequestId }).where(eq(payments.id, paymentId));
  }
  if (result.outcome === 'success') {
    if (!matchesIntent(result, payment)) {
      await askSoon(tx, paymentId);
      return { outcome: 'mismatch', paymentId, checkoutRequestId };
    }
    const changed = await settleSuccess(tx, ctx.metrics, payment, {
      receipt: result.mpesaReceiptNumber ?? null,
      transactionDate: result.transactionDate ?? null,
      resultDesc: result.resultDesc,
    });
    return { outcome: changed ? 'settled' : 'duplicate', paymentId, checkoutRequestId };
  }
  const changed = await settleFailure(tx, ctx.metrics, payment, { outcome: result.outcome, resultCode: result.resultCode, resultDesc: result.resultDesc });
  return { outcome: changed ? 'ended' : 'duplicate', paymentId, checkoutRequestId };
}

function matchesIntent(result: StkResult, payment: { amount: number; phone: string }): boolean {
  if (result.amount === undefined || result.phone === undefined || !result.mpesaReceiptNumber) return false;
  return result.amount === payment.amount && result.phone === payment.phone;
}

/** Have the reconciler ask STK Push Query at once, if the intent is still open. */
async function askSoon(tx: PaymentsContext['db'], paymentId: string): Promise<void> {
  await tx
    .update(payments)
    .set({ nextQueryAt: sql`now()` })
    .where(and(eq(payments.id, paymentId), inArray(payments.status, OPEN_STATUSES)));
}

async function bringQueryForward(ctx: PaymentsContext, tx: PaymentsContext['db'], token: string): Promise<void> {
  const payment = await lockPaymentByCallbackToken(tx, token);
  if (payment && safeEqual(callbackToken(ctx.config.appSecret, payment.id), token)) await askSoon(tx, payment.id);
}
