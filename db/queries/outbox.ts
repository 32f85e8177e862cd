// The outbox (DESIGN.md decision 6): work that must follow a state change, written in the same
// transaction, then claimed by the worker with FOR UPDATE SKIP LOCKED and a lease.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Channel, TemplateKind } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import type { Sql, Transaction } from '../sql.js';
import { outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  idempotencyKey: string;
  channel: Channel;
  recipient: string;
  body: string;
  runAt?: Date | undefined;
  /** A pre-approved WhatsApp template to send instead of the body (outside WhatsApp's 24-hour window). */
  template?: OutboxTemplate | undefined;
  /** Bulk (the billing cycle's notices and reminders): sent at a bounded rate, after what is not. */
  bulk?: boolean | undefined;
  /** A file WhatsApp attaches (the month's CSV); the body carries the same link for SMS. */
  mediaUrl?: string | undefined;
}

/** What a message row keeps beside its body: the template and the media link, when it has them. */
export function messagePayload(row: Pick<NewOutboxMessage, 'template' | 'mediaUrl'>): { template?: OutboxTemplate; mediaUrl?: string } | null {
  if (!row.template && !row.mediaUrl) return null;
  return { ...(row.template ? { template: row.template } : {}), ...(row.mediaUrl ? { mediaUrl: row.mediaUrl } : {}) };
}

/** Which template, in which language, and its numbered variables ({"1": "…", "2": "…"}). */
export type { TemplateKind };

export interface OutboxTemplate {
  kind: TemplateKind;
  language: 'en' | 'sw';
  variables: Record<string, string>;
}

/** Inserts messages; a key queued before is skipped. Returns how many were new. */
export async function insertOutboxMessages(db: Db, rows: NewOutboxMessage[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(outbox)
    .values(
      rows.map(({ runAt, template, mediaUrl, ...row }) => {
        const payload = messagePayload({ template, mediaUrl });
        return { kind: 'message' as const, ...row, ...(runAt ? { runAt } : {}), ...(payload ? { payload } : {}) };
      }),
    )
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

const OUTBOX_COLUMNS = `id, kind, idempotency_key as "idempotencyKey", channel, recipient, body, payload, status, attempts, bulk, run_at as "runAt",
  last_error as "lastError", provider_message_id as "providerMessageId", created_at as "createdAt", sent_at as "sentAt"`;

/**
 * Claims up to `limit` rows due at `now`, leasing each for `leaseSeconds` and counting the attempt: one
 * statement. Rows that are not bulk come first; of the bulk ones (bill notices, reminders), at most `bulk`.
 */
export async function claimOutbox(sql: Sql, claim: { limit: number; leaseSeconds: number; now: Date; bulk: number }): Promise<OutboxRow[]> {
  const rows = await sql.query<OutboxRow>(
    // Due by the caller's clock, or by the database's: a row stamped now() a fraction of a millisecond ago is due.
    // So the lease runs from the later of the two as well: leased from a clock behind the database's, a row
    // was due again at once by now(), and a second worker sent it again (found when the tests' clock, set
    // to 10:00, ran behind the real time of day).
    `with urgent as (select id, run_at from outbox where status = 'queued' and not bulk and run_at <= greatest($2, now()) order by run_at limit $1 for update skip locked),
          bulk as (select id, run_at from outbox where status = 'queued' and bulk and run_at <= greatest($2, now()) order by run_at limit $4 for update skip locked)
     update outbox set run_at = greatest($2::timestamptz, now()) + make_interval(secs => $3::int), attempts = attempts + 1
     where id in (select id from (select id, 0 as tier, run_at from urgent union all select id, 1, run_at from bulk) due order by tier, run_at limit $1)
     returning ${OUTBOX_COLUMNS}`,
    [claim.limit, claim.now, claim.leaseSeconds, claim.bulk],
  );
  // Timestamps come back as text on one driver and as Date on the other (db/postgres-client.ts).
  // RETURNING keeps no order: what is not bulk is started first.
  return rows
    .map((r) => ({ ...r, id: Number(r.id), runAt: new Date(r.runAt), createdAt: new Date(r.createdAt), sentAt: r.sentAt ? new Date(r.sentAt) : null }))
    .sort((a, b) => Number(a.bulk) - Number(b.bulk) || a.runAt.getTime() - b.runAt.getTime());
}

/** Several sends recorded in one statement (src/outbox/sent-marks.ts gathers them). */
export async function markOutboxSentMany(sql: Sql, sent: { id: number; providerMessageId: string | null }[]): Promise<void> {
  await sql.query(
    `update outbox o set status = 'sent', sent_at = now(), provider_message_id = s.provider_message_id, last_error = null
     from unnest($1::bigint[], $2::text[]) as s(id, provider_message_id) where o.id = s.id`,
    [sent.map((s) => s.id), sent.map((s) => s.providerMessageId)],
  );
}

export async function markOutboxFailed(sql: Sql, id: number, error: string): Promise<void> {
  await sql.query(`update outbox set status = 'failed', last_error = $2 where id = $1`, [id, error]);
}

/** WhatsApp refused (its 24-hour window closed, Twilio error 63016): the same text goes by SMS, now. */
export async function switchOutboxToSms(sql: Sql, id: number, reason: string): Promise<void> {
  await sql.query(`update outbox set channel = 'sms', payload = null, run_at = now(), last_error = $2 where id = $1`, [id, reason]);
}

export async function retryOutboxLater(sql: Sql, id: number, runAt: Date, error: string): Promise<void> {
  await sql.query('update outbox set run_at = $2, last_error = $3 where id = $1', [id, runAt, error]);
}

export async function countQueuedOutbox(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'queued'));
  return Number(row?.n ?? 0);
}

/** How long the oldest due row has waited, in seconds (0 when none waits). */
export async function oldestQueuedOutboxSeconds(db: Db): Promise<number> {
  const [row] = await db
    .select({ s: sql<number>`coalesce(extract(epoch from now() - min(${outbox.runAt})), 0)::float8` })
    .from(outbox)
    .where(and(eq(outbox.status, 'queued'), sql`${outbox.runAt} <= now()`));
  return Math.max(0, Number(row?.s ?? 0));
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

/**
 * A landlord's payout has just become active: when tenants were told to wait for it, a job for the outbox
 * to tell them (src/payments/payout-ready.ts). A job rather than the messages, so that the settlement that
 * activates a payout stays free of reads; one statement, which queues nothing when nobody waits.
 */
const QUEUE_PAYOUT_READY = `insert into outbox (kind, idempotency_key, recipient, payload)
  select 'payout_ready', $1, $2, $3::jsonb
  where exists (select 1 from tenancies where landlord_id = $4 and awaiting_payout_at is not null)
  on conflict (idempotency_key) do nothing`;
// The landlord's id twice: once as the row's recipient (text), once to compare with a uuid column.
const payoutReadyParams = (landlordId: string) => [`payout-ready:${landlordId}:${Date.now()}`, landlordId, JSON.stringify({ landlordId }), landlordId];

export function queuePayoutReadyLater(tx: Transaction, landlordId: string): void {
  tx.later(QUEUE_PAYOUT_READY, payoutReadyParams(landlordId));
}

/** The same, for a change made through drizzle (the admin API's payout configuration). */
export async function queuePayoutReady(db: Db, landlordId: string): Promise<void> {
  const [key, , payload] = payoutReadyParams(landlordId);
  await db.execute(sql`insert into outbox (kind, idempotency_key, recipient, payload)
    select 'payout_ready', ${key}, ${landlordId}, ${payload}::jsonb
    where exists (select 1 from tenancies where landlord_id = ${landlordId} and awaiting_payout_at is not null)
    on conflict (idempotency_key) do nothing`);
}

/** Outbox messages in one statement; a key queued before is skipped. */
export function insertOutboxMessagesLater(tx: Transaction, rows: NewOutboxMessage[]): void {
  if (rows.length === 0) return;
  tx.later(
    `insert into outbox (kind, idempotency_key, channel, recipient, body, run_at, payload, bulk)
     select 'message', k, c, r, b, coalesce(t, now()), p::jsonb, coalesce(u, false)
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::boolean[]) as m(k, c, r, b, t, p, u)
     on conflict (idempotency_key) do nothing`,
    [
      rows.map((r) => r.idempotencyKey),
      rows.map((r) => r.channel),
      rows.map((r) => r.recipient),
      rows.map((r) => r.body),
      rows.map((r) => r.runAt?.toISOString() ?? null),
      rows.map((r) => {
        const payload = messagePayload(r);
        return payload ? JSON.stringify(payload) : null;
      }),
      rows.map((r) => r.bulk ?? false),
    ],
  );
}
