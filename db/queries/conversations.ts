// Housekeeping of conversations and of the provider message ids already answered (the statements of a
// turn itself are in turns.ts).
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';

/** Housekeeping: ended or idle conversations older than a day, a batch at a time. Returns rows deleted. */
export async function deleteStaleConversations(db: Db, batch: number): Promise<number> {
  return affected(
    await db.execute(sql`delete from conversations where id in (select id from conversations where expires_at < now() - interval '1 day' limit ${batch})`),
  );
}

/** Housekeeping: replayable replies older than a week (Twilio retries within minutes). */
export async function deleteOldInboundReplies(db: Db, batch: number): Promise<number> {
  return affected(
    await db.execute(
      sql`delete from inbound_messages where provider_id in (select provider_id from inbound_messages where created_at < now() - interval '7 days' limit ${batch})`,
    ),
  );
}

/** Rows a DELETE touched, as postgres.js (`count`) and PGlite (`affectedRows`) report it. */
function affected(result: unknown): number {
  const r = result as { count?: number; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}
