// Missed callbacks are normal (DESIGN.md decision 5). Intents still open STK_QUERY_AFTER_SECONDS
// after initiation are asked about with STK Push Query, with backoff; still unknown after
// STK_EXPIRE_AFTER_SECONDS they end as 'timeout' and the tenant is told. Every process runs it:
// rows are claimed with FOR UPDATE SKIP LOCKED and leased, so no two processes ask about one intent
// at once, and the outcome goes through the same settlement as a callback.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { findPayoutConfig } from '../../db/queries/landlords.js';
import { lockPaymentById, OPEN_STATUSES, type Payment } from '../../db/queries/payments.js';
import { payments } from '../../db/schema.js';
import { DarajaError } from '../daraja/errors.js';
import type { QueryOutcome } from '../daraja/transform.js';
import { startPoller, type Poller } from '../lib/poller.js';
import type { PaymentsContext } from './context.js';
import { credentialsFor, platformCredentials } from './payout.js';
import { settleFailure, settleSuccess } from './settle.js';

/** Time a claimed intent is reserved for the process asking about it. */
const LEASE_SECONDS = 30;

/** 10 s, 20 s, 40 s, then every 60 s: "still processing" answers are normal for a minute or two. */
export function queryBackoffSeconds(attempts: number): number {
  return Math.min(60, 10 * 2 ** attempts);
}

export interface Reconciler {
  runOnce(): Promise<number>;
  start(intervalMs?: number): Poller;
}

export function createReconciler(ctx: PaymentsContext, batchSize = 10): Reconciler {
  async function claim(): Promise<Payment[]> {
    const due = ctx.db
      .select({ id: payments.id })
      .from(payments)
      .where(and(inArray(payments.status, OPEN_STATUSES), lte(payments.nextQueryAt, sql`now()`)))
      .orderBy(asc(payments.nextQueryAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return ctx.db
      .update(payments)
      .set({ nextQueryAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
      .where(inArray(payments.id, due))
      .returning();
  }

  async function ask(payment: Payment): Promise<QueryOutcome | 'no_id' | 'error'> {
    if (!payment.checkoutRequestId) return 'no_id'; // Daraja never answered the push: nothing to ask about
    try {
      const payout = payment.landlordId ? await findPayoutConfig(ctx.db, payment.landlordId) : undefined;
      // The intent remembers the shortcode it paid into; the landlord may have changed config since.
      const credentials = payout && payout.businessShortCode === payment.businessShortCode ? credentialsFor(payout, ctx.config, ctx.secretBox) : platformCredentials(ctx.config);
      return await ctx.daraja.stkQuery({ credentials, businessShortCode: payment.businessShortCode, checkoutRequestId: payment.checkoutRequestId });
    } catch (error) {
      ctx.logger.warn({ paymentId: payment.id, err: error instanceof DarajaError ? error.code : String(error) }, 'STK Push Query failed');
      return 'error';
    }
  }

  async function reconcile(claimed: Payment): Promise<void> {
    const answer = await ask(claimed);
    await ctx.db.transaction(async (tx) => {
      const payment = await lockPaymentById(tx, claimed.id);
      if (!payment || !OPEN_STATUSES.includes(payment.status)) return; // a callback settled it meanwhile
      if (typeof answer === 'object' && answer.kind === 'done') {
        if (answer.outcome === 'success') {
          await settleSuccess(tx, ctx.metrics, payment, { receipt: null, transactionDate: null, resultDesc: answer.resultDesc });
        } else {
          await settleFailure(tx, ctx.metrics, payment, { outcome: answer.outcome, resultCode: answer.resultCode, resultDesc: answer.resultDesc });
        }
        return;
      }
      const age = Date.now() - payment.initiatedAt.getTime();
      if (age >= ctx.config.stkExpireAfterSeconds * 1000) {
        await settleFailure(tx, ctx.metrics, payment, { outcome: 'timeout', resultCode: null, resultDesc: 'No result from M-Pesa in time' });
        return;
      }
      const attempts = payment.queryAttempts + 1;
      await tx
        .update(payments)
        .set({
          queryAttempts: attempts,
          // Never later than the expiry, so a timeout is declared on time.
          nextQueryAt: sql`least(now() + make_interval(secs => ${queryBackoffSeconds(attempts)}), ${payments.initiatedAt} + make_interval(secs => ${ctx.config.stkExpireAfterSeconds}))`,
        })
        .where(eq(payments.id, payment.id));
    });
  }

  async function runOnce(): Promise<number> {
    const claimed = await claim();
    for (const payment of claimed) await reconcile(payment);
    return claimed.length;
  }

  return {
    runOnce,
    start: (intervalMs = 2000) => startPoller('reconciler', async () => (await runOnce()) === batchSize, intervalMs, ctx.logger),
  };
}
