// The billing scheduler: at start-up and then every BILLING_INTERVAL_SECONDS, issue the bills whose
// issue date has come, apply late fees, and send the day's reminders. Every process may run it: each
// step's writes are keyed (bills, late fees, reminder days), so two processes at once, or a run after
// days of downtime, create each bill and each message once. SCHEDULER_DISABLED=1 leaves it off.
import { refreshBillingStatistics } from '../../db/queries/billing.js';
import { startPoller, type Poller } from '../jobs/poller.js';
import type { BillingDeps } from './deps.js';
import { issueDueBills } from './issue.js';
import { applyLateFees } from './late-fees.js';
import { sendReminders } from './reminders.js';

/** Bills in one run that make the table's statistics stale enough to matter. */
const BULK_INSERT = 1_000;

export interface BillingRun {
  bills: number;
  lateFees: number;
  reminders: number;
}

export interface BillingScheduler {
  /** One whole pass now (tests drive it with their clock; the poller calls it on its interval). */
  runOnce(): Promise<BillingRun>;
  start(intervalMs: number): Poller;
}

export function createBillingScheduler(deps: BillingDeps): BillingScheduler {
  let stopping = false;
  const stop = () => stopping;

  async function runOnce(): Promise<BillingRun> {
    const started = Date.now();
    // Bills first, so that today's reminders and late fees see them.
    const bills = await issueDueBills(deps, stop);
    if (bills >= BULK_INSERT) await refreshBillingStatistics(deps.sql);
    const lateFees = await applyLateFees(deps, stop);
    const reminders = await sendReminders(deps, stop);
    if (bills + lateFees + reminders > 0) deps.logger.info({ bills, lateFees, reminders, ms: Date.now() - started }, 'billing run done');
    return { bills, lateFees, reminders };
  }

  return {
    runOnce,
    start(intervalMs) {
      stopping = false;
      const poller = startPoller('billing', async () => (await runOnce(), false), intervalMs, deps.logger);
      return {
        async stop() {
          // A run of 100,000 tenancies stops between batches instead of finishing.
          stopping = true;
          await poller.stop();
        },
      };
    },
  };
}
