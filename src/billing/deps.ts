// What the billing cycle needs: the database, the time, where to log, and the two settings that shape
// its messages (the USSD code named in "how to pay", and the quiet hours they wait out).
import type { Executor } from '../../db/sql.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../log.js';

/** What writing a billing notice needs: the time, the quiet hours it waits out, the USSD code it names. */
export interface NoticeSettings {
  clock: Clock;
  ussdCode: string | undefined;
  /** No notices or reminders between these hours, EAT (QUIET_HOURS); null: any time. */
  quietHours: { from: number; to: number } | null;
}

export interface BillingDeps extends NoticeSettings {
  sql: Executor;
  logger: Logger;
  /** Tenancies (or reminder rows) per transaction; 500 by default, small in tests. */
  batchSize?: number;
}
