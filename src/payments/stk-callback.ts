// Daraja's STK callback (reference/daraja.md §3). Record first, then settle (DESIGN.md decisions 3–4):
// the raw body is stored before anything else; the URL token finds the intent and is checked in
// constant time; the intent row is locked; a callback whose amount, phone or id disagrees with the
// intent changes nothing and only brings the STK Push Query forward.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors.js';
import { lockPaymentByCallbackToken, OPEN_STATUSES } from '../../db/queries/payments.js';
import { callbackLogs, payments } from '../../db/schema.js';
import { safeEqual, callbackToken } from '../crypto/tokens.js';
import { toStkResult, type StkResult } from '../daraja/transform.js';
import { stkCallbackSchema } from '../daraja/types.js';
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
  | 'ip_not_allowed';

export interface CallbackInput {
  kind: 'stk_callback' | 'stk_timeout';
  token: string;
  rawBody: string;
  sourceIp: string | undefined;
}

const TOKEN = /^[0-9a-f]{64}$/;

/** Returns what happened; the route answers Daraja 200 for everything but malformed JSON. */
export async function handleStkCallback(ctx: PaymentsContext, input: CallbackInput): Promise<CallbackOutcome> {
  const started = performance.now();
  const [log] = await ctx.db
    .insert(callbackLogs)
    .values({ kind: input.kind, rawBody: input.rawBody, sourceIp: input.sourceIp ?? null })
    .returning({ id: callbackLogs.id });
  const finish = async (outcome: CallbackOutcome, extra: { paymentId?: string; checkoutRequestId?: string; error?: string } = {}) => {
    await ctx.db
      .update(callbackLogs)
      .set({ outcome, processedAt: sql`now()`, paymentId: extra.paymentId ?? null, checkoutRequestId: extra.checkoutRequestId ?? null, error: extra.error ?? null })
      .where(eq(callbackLogs.id, log!.id));
    ctx.metrics.callbackSeconds.observe({ kind: input.kind }, (performance.now() - started) / 1000);
    return outcome;
  };

  const allowed = ctx.config.daraja.allowedIps;
  if (allowed.length > 0 && !allowed.includes(input.sourceIp ?? '')) return finish('ip_not_allowed');

  let json: unknown;
  try {
    json = JSON.parse(input.rawBody);
  } catch {
    return finish('malformed');
  }
  const parsed = stkCallbackSchema.safeParse(json);
  if (!parsed.success) {
    // A timeout notice or anything else that is not an STK result: it can only hint that we should ask.
    if (input.kind === 'stk_timeout' && TOKEN.test(input.token)) await bringQueryForward(ctx, input.token);
    return finish('not_an_stk_callback');
  }
  const result = toStkResult(parsed.data);
  if (!TOKEN.test(input.token)) return finish('bad_token', { checkoutRequestId: result.checkoutRequestId });

  try {
    const { outcome, paymentId } = await ctx.db.transaction(async (tx) => {
      const payment = await lockPaymentByCallbackToken(tx, input.token);
      if (!payment || !safeEqual(callbackToken(ctx.config.appSecret, payment.id), input.token)) return { outcome: 'bad_token' as const, paymentId: undefined };
      const id = payment.id;
      if (payment.checkoutRequestId && payment.checkoutRequestId !== result.checkoutRequestId) {
        await askSoon(tx, id);
        return { outcome: 'mismatch' as const, paymentId: id };
      }
      if (!payment.checkoutRequestId) {
        // The callback beat the initiating request to storing the id (DESIGN.md decision 2).
        await tx.update(payments).set({ checkoutRequestId: result.checkoutRequestId, merchantRequestId: result.merchantRequestId }).where(eq(payments.id, id));
      }
      if (result.outcome === 'success') {
        if (!matchesIntent(result, payment)) {
          await askSoon(tx, id);
          return { outcome: 'mismatch' as const, paymentId: id };
        }
        const changed = await settleSuccess(tx, ctx.metrics, payment, {
          receipt: result.mpesaReceiptNumber ?? null,
          transactionDate: result.transactionDate ?? null,
          resultDesc: result.resultDesc,
        });
        return { outcome: changed ? ('settled' as const) : ('duplicate' as const), paymentId: id };
      }
      const changed = await settleFailure(tx, ctx.metrics, payment, { outcome: result.outcome, resultCode: result.resultCode, resultDesc: result.resultDesc });
      return { outcome: changed ? ('ended' as const) : ('duplicate' as const), paymentId: id };
    });
    return finish(outcome, { ...(paymentId ? { paymentId } : {}), checkoutRequestId: result.checkoutRequestId });
  } catch (error) {
    // The same receipt on another payment: the money is recorded already.
    if (isUniqueViolation(error)) return finish('duplicate', { checkoutRequestId: result.checkoutRequestId, error: 'receipt recorded on another payment' });
    throw error;
  }
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

async function bringQueryForward(ctx: PaymentsContext, token: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const payment = await lockPaymentByCallbackToken(tx, token);
    if (payment && safeEqual(callbackToken(ctx.config.appSecret, payment.id), token)) await askSoon(tx, payment.id);
  });
}
