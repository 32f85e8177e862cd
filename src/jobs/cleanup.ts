// Housekeeping: rows that only ever grow. Ended or idle conversations are kept a day (for support
// questions), replayable WhatsApp replies a week (Twilio retries within minutes); callback logs, payments
// and the audit log are records and are kept. Deletes go in small batches so no sweep holds locks long.
import type { Db } from '../../db/client.js';
import { deleteOldInboundReplies, deleteStaleConversations } from '../../db/queries/conversations.js';
import type { Logger } from '../log.js';
import { startPoller, type Poller } from './poller.js';

const BATCH = 1000;

export interface Cleanup {
  runOnce(): Promise<number>;
  start(intervalMs?: number): Poller;
}

export function createCleanup(db: Db, logger: Logger): Cleanup {
  async function runOnce(): Promise<number> {
    const removed = (await deleteStaleConversations(db, BATCH)) + (await deleteOldInboundReplies(db, BATCH));
    if (removed > 0) logger.debug({ removed }, 'cleanup');
    return removed;
  }
  return {
    runOnce,
    start: (intervalMs = 10 * 60_000) => startPoller('cleanup', async () => (await runOnce()) >= BATCH, intervalMs, logger),
  };
}
