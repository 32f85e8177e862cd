// Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED and leased (run_at moved
// ahead) in one statement, so several processes never take the same row, and a row whose process died
// mid-send is taken again when its lease ends: a crash loses nothing (it may, rarely, send twice).
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outbox, type Channel, type OutboxKind } from '../../db/schema.js';
import { PermanentSendError, type MessageSender } from '../channels/sender.js';
import type { Logger } from '../log.js';
import { maskPhone } from '../domain/phone.js';
import { startPoller, type Poller } from '../lib/poller.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface OutboxWorkerOptions {
  db: Db;
  senders: Record<Exclude<Channel, 'ussd'>, MessageSender>;
  /** Handlers for kinds other than 'message' (e.g. the STK Push deferred until a USSD session ends). */
  handlers?: Partial<Record<Exclude<OutboxKind, 'message'>, (row: OutboxRow) => Promise<void>>>;
  logger: Logger;
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  intervalMs?: number;
}

export const OUTBOX_MAX_ATTEMPTS = 8;

export async function countQueuedOutbox(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(eq(outbox.status, 'queued'));
  return Number(row?.n ?? 0);
}

/** 5 s, 10 s, 20 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 5 * 2 ** Math.max(0, attempts - 1));
}

export interface OutboxWorker {
  /** Claims and handles one batch; returns how many rows it took. */
  runOnce(): Promise<number>;
  /** Runs a batch soon, without waiting for the next poll (after a commit that queued urgent work). */
  kick(): void;
  start(): Poller;
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, logger } = options;
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;

  async function claim(): Promise<OutboxRow[]> {
    const due = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'queued'), lte(outbox.runAt, sql`now()`)))
      .orderBy(asc(outbox.runAt))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    return db
      .update(outbox)
      .set({ runAt: sql`now() + make_interval(secs => ${leaseSeconds})`, attempts: sql`${outbox.attempts} + 1` })
      .where(inArray(outbox.id, due))
      .returning();
  }

  async function handle(row: OutboxRow): Promise<void> {
    try {
      let providerMessageId: string | undefined;
      if (row.kind === 'message') {
        const channel = row.channel === 'whatsapp' ? 'whatsapp' : 'sms';
        providerMessageId = (await options.senders[channel].send({ to: row.recipient, body: row.body ?? '' })).providerMessageId;
      } else {
        const handler = options.handlers?.[row.kind];
        if (!handler) throw new PermanentSendError(`no handler for outbox kind ${row.kind}`);
        await handler(row);
      }
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: sql`now()`, providerMessageId: providerMessageId ?? null, lastError: null })
        .where(eq(outbox.id, row.id));
    } catch (error) {
      const permanent = error instanceof PermanentSendError;
      const giveUp = permanent || row.attempts >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: row.id, kind: row.kind, to: maskPhone(row.recipient), attempts: row.attempts, giveUp, err: message }, 'outbox send failed');
      await db
        .update(outbox)
        .set(giveUp ? { status: 'failed', lastError: message } : { runAt: sql`now() + make_interval(secs => ${backoffSeconds(row.attempts)})`, lastError: message })
        .where(eq(outbox.id, row.id));
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await claim();
    for (const row of rows) await handle(row);
    return rows.length;
  }

  let kicked = false;
  const kick = () => {
    if (kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      runOnce().catch((error) => logger.error({ err: error }, 'outbox kick failed'));
    });
  };

  return {
    runOnce,
    kick,
    start: () => startPoller('outbox', async () => (await runOnce()) === batchSize, options.intervalMs ?? 1000, logger),
  };
}
