// Conversations: one row per (channel, key), locked for the length of a turn (DESIGN.md "Conversation
// runtime"), and the provider message ids already answered, replayed when Twilio retries.
import { eq, sql } from 'drizzle-orm';
import type { Channel } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import { conversations, inboundMessages } from '../schema.js';

export type ConversationRow = typeof conversations.$inferSelect;

/**
 * Creates the row if needed and locks it, in one statement: ON CONFLICT DO UPDATE takes the row lock,
 * so a second message from the same phone waits here until this turn commits.
 */
export async function lockConversation(db: Db, key: { channel: Channel; key: string; phone: string; machineVersion: number }): Promise<ConversationRow> {
  const [row] = await db
    .insert(conversations)
    .values({ ...key, snapshot: {}, expiresAt: new Date(0) })
    .onConflictDoUpdate({ target: [conversations.channel, conversations.key], set: { phone: sql`excluded.phone` } })
    .returning();
  return row!;
}

export async function saveConversation(db: Db, id: string, values: { snapshot: unknown; machineVersion: number; expiresAt: Date }): Promise<void> {
  await db
    .update(conversations)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(conversations.id, id));
}

/** The conversation is over: the next message starts at the menu. */
export async function endConversation(db: Db, id: string): Promise<void> {
  await db.update(conversations).set({ snapshot: {}, expiresAt: new Date(0), updatedAt: sql`now()` }).where(eq(conversations.id, id));
}

export async function findInboundReply(db: Db, providerId: string): Promise<string | undefined> {
  const [row] = await db.select({ reply: inboundMessages.reply }).from(inboundMessages).where(eq(inboundMessages.providerId, providerId));
  return row?.reply;
}

export async function recordInboundReply(db: Db, row: { providerId: string; channel: Channel; phone: string; reply: string }): Promise<void> {
  await db.insert(inboundMessages).values(row);
}

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
