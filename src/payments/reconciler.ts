// Missed callbacks are normal (DESIGN.md decision 5). Intents still open STK_QUERY_AFTER_SECONDS
// after initiation are asked about with STK Push Query, with backoff; still unknown after
// STK_EXPIRE_AFTER_SECONDS they end as 'timeout' and the tenant is told. Every process runs it:
// rows are claimed with FOR UPDATE SKIP LOCKED and leased, so no two processes ask about one intent
// at once, and the outcome goes through the same settlement as a callback.
import type { Payment } from '../../db/queries/payments.js';
import { findPayoutConfig } from '../../db/queries/payouts.js';
import { claimPaymentsToQuery, recordQueryAttemptLater } from '../../db/queries/settlement.js';
import { DarajaError } from '../daraja/errors.js';
import type { QueryOutcome } from '../daraja/transform.js';
import { OPEN_PAYMENT_STATUSES } from '../domain/types.js';
import { startPoller, type Poller } from '../jobs/poller.js';
import type { PaymentsDeps } from './deps.js';
import { credentialsFor } from './payout.js';
import { loadSettlement, settleFailure, settleSuccess } from './settlement.js';

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

export function createReconciler(deps: PaymentsDeps, batchSize = 10): Reconciler {
  const { db, settings } = deps;

  async function ask(payment: Payment): Promise<QueryOutcome | 'no_id' | 'error'> {
    if (!payment.checkoutRequestId) return 'no_id'; // Daraja never answered the push: nothing to ask about
    try {
      const payout = payment.landlordId ? await findPayoutConfig(db, payment.landlordId) : undefined;
      // The intent remembers the shortcode it paid into; the landlord may have changed config since.
      const credentials =
        payout && payout.businessShortCode === payment.businessShortCode ? credentialsFor(payout, settings.platformCredentials, deps.secretBox) : settings.platformCredentials;
      return await deps.daraja.stkQuery({ credentials, businessShortCode: payment.businessShortCode, checkoutRequestId: payment.checkoutRequestId });
    } catch (error) {
      deps.logger.warn({ paymentId: payment.id, err: error instanceof DarajaError ? error.code : String(error) }, 'STK Push Query failed');
      return 'error';
    }
  }

  async function reconcile(claimed: Payment): Promise<void> {
    const answer = await ask(claimed);
    await deps.sql.transaction(async (tx) => {
      const settlement = await loadSettlement(tx, { id: claimed.id });
      const payment = settlement?.payment;
      if (!settlement || !payment || !OPEN_PAYMENT_STATUSES.includes(payment.status)) return; // a callback settled it meanwhile
      if (typeof answer === 'object' && answer.kind === 'done') {
        if (answer.outcome === 'success') {
          if (settleSuccess(tx, deps.metrics, settlement, { receipt: null, transactionDate: null, resultDesc: answer.resultDesc })) deps.metrics.reconcilerSettlements.inc({ path: 'query_success' });
        } else if (settleFailure(tx, deps.metrics, settlement, { outcome: answer.outcome, resultCode: answer.resultCode, resultDesc: answer.resultDesc })) {
          deps.metrics.reconcilerSettlements.inc({ path: 'query_failed' });
        }
        return;
      }
      const age = Date.now() - payment.initiatedAt.getTime();
      if (age >= settings.stkExpireAfterSeconds * 1000) {
        if (settleFailure(tx, deps.metrics, settlement, { outcome: 'timeout', resultCode: null, resultDesc: 'No result from M-Pesa in time' })) deps.metrics.reconcilerSettlements.inc({ path: 'expired' });
        return;
      }
      const attempts = payment.queryAttempts + 1;
      recordQueryAttemptLater(tx, payment.id, attempts, queryBackoffSeconds(attempts), settings.stkExpireAfterSeconds);
    });
  }

  async function runOnce(): Promise<number> {
    const claimed = await claimPaymentsToQuery(deps.sql, batchSize, LEASE_SECONDS);
    for (const payment of claimed) await reconcile(payment);
    return claimed.length;
  }

  return {
    runOnce,
    start: (intervalMs = 2000) => startPoller('reconciler', async () => (await runOnce()) === batchSize, intervalMs, deps.logger),
  };
}
