// Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED and leased (run_at moved
// ahead) in one statement, so several processes never take the same row, and a row whose process died
// mid-send is taken again when its lease ends: a crash loses nothing (it may, rarely, send twice).
import type { Db } from '../../db/client.js';
import { claimOutbox, markOutboxFailed, markOutboxSent, retryOutboxLater, type OutboxRow } from '../../db/queries/outbox.js';
import type { OutboxKind } from '../../db/schema.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { maskPhone } from '../domain/phone.js';
import type { Channel } from '../domain/types.js';
import { startPoller, type Poller } from '../jobs/poller.js';
import type { Logger } from '../log.js';
import { PermanentSendError, type MessageSender } from './sender.js';

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
  clock?: Clock;
}

export const OUTBOX_MAX_ATTEMPTS = 8;

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
  const clock = options.clock ?? systemClock;

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
      await markOutboxSent(db, row.id, providerMessageId ?? null);
    } catch (error) {
      const permanent = error instanceof PermanentSendError;
      const giveUp = permanent || row.attempts >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: row.id, kind: row.kind, to: maskPhone(row.recipient), attempts: row.attempts, giveUp, err: message }, 'outbox send failed');
      if (giveUp) await markOutboxFailed(db, row.id, message);
      else await retryOutboxLater(db, row.id, new Date(clock().getTime() + backoffSeconds(row.attempts) * 1000), message);
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await claimOutbox(db, { limit: batchSize, leaseSeconds, now: clock() });
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
