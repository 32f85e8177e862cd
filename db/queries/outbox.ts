// The outbox (DESIGN.md decision 6): work that must follow a state change, written in the same
// transaction, then claimed by the worker with FOR UPDATE SKIP LOCKED and a lease.
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Channel } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import type { Transaction } from '../sql.js';
import { outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  idempotencyKey: string;
  channel: Channel;
  recipient: string;
  body: string;
  runAt?: Date | undefined;
}

/** Inserts messages; a key queued before is skipped. Returns how many were new. */
export async function insertOutboxMessages(db: Db, rows: NewOutboxMessage[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(outbox)
    .values(rows.map(({ runAt, ...row }) => ({ kind: 'message' as const, ...row, ...(runAt ? { runAt } : {}) })))
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return inserted.length;
}

/** A push queued for this phone and not yet sent, if any: the amount it will ask for. */
export async function findQueuedPush(db: Db, phone: string): Promise<{ payload: unknown } | undefined> {
  const [row] = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.kind, 'stk_push'), eq(outbox.status, 'queued'), eq(outbox.recipient, phone)))
    .limit(1);
  return row;
}

/** Claims up to `limit` rows due at `now`, leasing each for `leaseSeconds` and counting the attempt. */
export async function claimOutbox(db: Db, claim: { limit: number; leaseSeconds: number; now: Date }): Promise<OutboxRow[]> {
  const { limit, leaseSeconds, now } = claim;
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), lte(outbox.runAt, now)))
    .orderBy(asc(outbox.runAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(outbox)
    .set({ runAt: new Date(now.getTime() + leaseSeconds * 1000), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

export async function markOutboxSent(db: Db, id: number, providerMessageId: string | null): Promise<void> {
  await db.update(outbox).set({ status: 'sent', sentAt: sql`now()`, providerMessageId, lastError: null }).where(eq(outbox.id, id));
}

export async function markOutboxFailed(db: Db, id: number, error: string): Promise<void> {
  await db.update(outbox).set({ status: 'failed', lastError: error }).where(eq(outbox.id, id));
}

export async function retryOutboxLater(db: Db, id: number, runAt: Date, error: string): Promise<void> {
  await db.update(outbox).set({ runAt, lastError: error }).where(eq(outbox.id, id));
}

export async function countQueuedOutbox(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'queued'));
  return Number(row?.n ?? 0);
}

/** Messages (not pushes) to one phone, newest first. */
export async function listMessagesTo(db: Db, phone: string, limit = 100): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.recipient, phone), eq(outbox.kind, 'message')))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit);
}

/** Queues a message to go out with the transaction's COMMIT (a known recipient, channel and text). */
export function queueOutboxMessageLater(tx: Transaction, row: { idempotencyKey: string; channel: Channel; recipient: string; body: string; runAt?: Date }): void {
  tx.later(
    `insert into outbox (kind, idempotency_key, channel, recipient, body, run_at) values ('message', $1, $2, $3, $4, coalesce($5::timestamptz, now()))
     on conflict (idempotency_key) do nothing`,
    [row.idempotencyKey, row.channel, row.recipient, row.body, row.runAt ?? null],
  );
}

/** Queues an STK Push to go out with the transaction's COMMIT, to run at `runAt`. */
export function queueOutboxPushLater(tx: Transaction, row: { idempotencyKey: string; recipient: string; payload: object; runAt: Date }): void {
  tx.later(`insert into outbox (kind, idempotency_key, recipient, payload, run_at) values ('stk_push', $1, $2, $3::jsonb, $4)`, [
    row.idempotencyKey,
    row.recipient,
    JSON.stringify(row.payload),
    row.runAt,
  ]);
}
