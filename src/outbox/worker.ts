// Sends what the outbox holds. Rows are claimed with FOR UPDATE SKIP LOCKED and leased (run_at moved
// ahead) in one statement, so several processes never take the same row, and a row whose process died
// mid-send is taken again when its lease ends: a crash loses nothing (it may, rarely, send twice).
// Rows are handled side by side, a few at a time, each within a deadline: a provider that never answers
// holds one slot until its deadline, never the loop, so a deferred STK Push is not held up by an SMS.
import type { Sql } from '../../db/sql.js';
import { claimOutbox, markOutboxFailed, retryOutboxLater, switchOutboxToSms, type OutboxRow } from '../../db/queries/outbox.js';
import type { OutboxKind } from '../../db/schema.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { maskPhone } from '../domain/phone.js';
import type { Channel } from '../domain/types.js';
import { startPoller, type Poller } from '../jobs/poller.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { PermanentSendError, WindowClosedError, type MessageSender, type OutboundMessage } from './sender.js';
import { createSentMarks } from './sent-marks.js';

export interface OutboxWorkerOptions {
  /** The claim and the bookkeeping are prepared statements (db/sql.ts). */
  sql: Sql;
  senders: Record<Exclude<Channel, 'ussd'>, MessageSender>;
  /** Handlers for kinds other than 'message' (e.g. the STK Push deferred until a USSD session ends). */
  handlers?: Partial<Record<Exclude<OutboxKind, 'message'>, (row: OutboxRow) => Promise<void>>>;
  logger: Logger;
  batchSize?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  intervalMs?: number;
  clock?: Clock;
  /** Rows handled at once (default 8). */
  concurrency?: number;
  /**
   * Bulk messages (bill notices, reminders) sent per second at most (OUTBOX_BULK_PER_SECOND): a month's
   * notices for 100,000 tenants must not starve receipts, chat replies or the webhooks of CPU.
   */
  bulkPerSecond?: number;
  /** How long one send may take before it counts as failed and is retried later (default 15 s). */
  sendTimeoutMs?: number;
  /** Times each provider call (rentease_provider_seconds). */
  metrics?: Pick<Metrics, 'providerSeconds'>;
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

class SendTimeout extends Error {
  override name = 'SendTimeout';
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { sql: db, logger } = options;
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const maxAttempts = options.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  const clock = options.clock ?? systemClock;
  const concurrency = options.concurrency ?? 8;
  const sendTimeoutMs = options.sendTimeoutMs ?? 15_000;
  const inFlight = new Set<Promise<void>>();
  // The rows finished in one turn of the event loop are marked sent together (one statement).
  const markSent = createSentMarks(db);
  const bulkRate = options.bulkPerSecond ?? 20;
  // A token bucket holding at most one second's worth.
  let bulkTokens = bulkRate;
  let refilledAt = performance.now();
  const bulkAllowance = () => {
    const now = performance.now();
    bulkTokens = Math.min(bulkRate, bulkTokens + ((now - refilledAt) / 1000) * bulkRate);
    refilledAt = now;
    return Math.floor(bulkTokens);
  };

  async function send(row: OutboxRow): Promise<string | null> {
    if (row.kind === 'message') {
      const channel = row.channel === 'whatsapp' ? 'whatsapp' : 'sms';
      const { template, mediaUrl } = (row.payload as Pick<OutboundMessage, 'template' | 'mediaUrl'> | null) ?? {};
      const sender = options.senders[channel];
      const started = performance.now();
      let result = 'error';
      try {
        const sent = await sender.send({ to: row.recipient, body: row.body ?? '', template, mediaUrl });
        result = 'ok';
        return sent.providerMessageId ?? null;
      } finally {
        options.metrics?.providerSeconds.observe({ provider: sender.name, result }, (performance.now() - started) / 1000);
      }
    }
    const handler = options.handlers?.[row.kind];
    if (!handler) throw new PermanentSendError(`no handler for outbox kind ${row.kind}`);
    await handler(row);
    return null;
  }

  async function handle(row: OutboxRow): Promise<void> {
    try {
      await markSent(row.id, await within(send(row), sendTimeoutMs));
    } catch (error) {
      if (error instanceof WindowClosedError && row.channel === 'whatsapp') {
        logger.info({ outboxId: row.id, to: maskPhone(row.recipient) }, 'WhatsApp window closed: sending by SMS');
        await switchOutboxToSms(db, row.id, error.message);
        return;
      }
      const giveUp = error instanceof PermanentSendError || row.attempts >= maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      logger.warn({ outboxId: row.id, kind: row.kind, to: maskPhone(row.recipient), attempts: row.attempts, giveUp, err: message }, 'outbox send failed');
      try {
        if (giveUp) await markOutboxFailed(db, row.id, message);
        else await retryOutboxLater(db, row.id, new Date(clock().getTime() + backoffSeconds(row.attempts) * 1000), message);
      } catch (bookkeeping) {
        // The database is away: the lease runs out and the row is taken again.
        logger.error({ err: bookkeeping, outboxId: row.id }, 'outbox could not record a failed send');
      }
    }
  }

  /** Claims as many due rows as there are free slots and starts them; returns their promises. */
  let claiming: Promise<unknown> = Promise.resolve();
  function claimAndStart(): Promise<Promise<void>[]> {
    // One claim at a time in this process, so the free slots are counted right.
    const next = claiming.then(claimFreeSlots, claimFreeSlots);
    claiming = next.catch(() => undefined);
    return next;
  }

  async function claimFreeSlots(): Promise<Promise<void>[]> {
    const free = Math.min(batchSize, concurrency - inFlight.size);
    if (free <= 0) return [];
    const rows = await claimOutbox(db, { limit: free, leaseSeconds, now: clock(), bulk: Math.min(free, bulkAllowance()) });
    bulkTokens -= rows.filter((r) => r.bulk).length;
    return rows.map((row) => {
      const running: Promise<void> = handle(row).finally(() => inFlight.delete(running));
      inFlight.add(running);
      return running;
    });
  }

  async function runOnce(): Promise<number> {
    const started = await claimAndStart();
    await Promise.all(started);
    return started.length;
  }

  let kicked = false;
  const kick = () => {
    if (kicked) return;
    kicked = true;
    setImmediate(() => {
      kicked = false;
      claimAndStart()
        .then((started) => started.forEach((p) => void p.then(kick)))
        .catch((error) => logger.error({ err: error }, 'outbox kick failed'));
    });
  };

  return {
    runOnce,
    kick,
    start: () => {
      // Each poll starts what fits and returns at once; a finished row makes room for the next at once.
      const poller = startPoller(
        'outbox',
        async () => {
          const started = await claimAndStart();
          for (const running of started) void running.then(kick);
          return started.length > 0 && inFlight.size < concurrency;
        },
        options.intervalMs ?? 1000,
        logger,
      );
      return {
        stop: async () => {
          await poller.stop();
          await Promise.allSettled([...inFlight]);
        },
      };
    },
  };
}
