// Housekeeping: rows that only ever grow. Ended or idle conversations are kept a day (for support
// questions), replayable WhatsApp replies a week (Twilio retries within minutes); callback logs, payments
// and the audit log are records and are kept. Deletes go in small batches so no sweep holds locks long.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { Logger } from '../log.js';
import { startPoller, type Poller } from '../lib/poller.js';

const BATCH = 1000;

export interface Cleanup {
  runOnce(): Promise<number>;
  start(intervalMs?: number): Poller;
}

export function createCleanup(db: Db, logger: Logger): Cleanup {
  async function runOnce(): Promise<number> {
    const conversations = await db.execute(
      sql`delete from conversations where id in (select id from conversations where expires_at < now() - interval '1 day' limit ${BATCH})`,
    );
    const inbound = await db.execute(
      sql`delete from inbound_messages where provider_id in (select provider_id from inbound_messages where created_at < now() - interval '7 days' limit ${BATCH})`,
    );
    const removed = affected(conversations) + affected(inbound);
    if (removed > 0) logger.debug({ removed }, 'cleanup');
    return removed;
  }
  return {
    runOnce,
    start: (intervalMs = 10 * 60_000) => startPoller('cleanup', async () => (await runOnce()) >= BATCH, intervalMs, logger),
  };
}

/** Rows a DELETE touched, as postgres.js (`count`) and PGlite (`affectedRows`) report it. */
function affected(result: unknown): number {
  const r = result as { count?: number; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}
