// Prometheus metrics at /metrics (DESIGN.md decision 9). One registry per app, so tests can build many.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  dbStatements: Gauge;
  dbRoundTrips: Gauge;
  paymentsByOutcome: Counter<'outcome'>;
  callbackSeconds: Histogram<'kind'>;
  webhookSeconds: Histogram<'route'>;
  outboxBacklog: Gauge;
  outboxOldestSeconds: Gauge;
  /** Conversation turns by the area they ended in and how (continued, ended, failed, command, replayed). */
  turns: Counter<'flow' | 'outcome'>;
  /** STK Pushes sent to Daraja, by answer: accepted, answer_lost, or our domain code of the refusal. */
  stkPushes: Counter<'outcome'>;
  /** From a payment's start to its settlement, by source (stk, c2b, manual). */
  settleSeconds: Histogram<'source'>;
  /** What the reconciler did with an open intent: settled from STK Push Query (success/failed) or expired. */
  reconcilerSettlements: Counter<'path'>;
  /** A provider call (twilio, africastalking, daraja, log) and its result (ok, error). */
  providerSeconds: Histogram<'provider' | 'result'>;
  dbConnectionWaits: Gauge;
  dbConnectionWaitSeconds: Gauge;
}

export interface MetricSources {
  /** Asked at each scrape, so the backlog gauges are always current: rows queued, and the oldest's age. */
  countQueuedOutbox?: () => Promise<number>;
  oldestQueuedOutboxSeconds?: () => Promise<number>;
  /** The database executor's counts (db/sql.ts); round trips only when DATABASE_COUNT_ROUND_TRIPS is set. */
  databaseCounts?: () => { statements: number; roundTrips: number; connectionWaits: number; connectionWaitSeconds: number };
}

export function createMetrics(sources: MetricSources = {}): Metrics {
  const { countQueuedOutbox, oldestQueuedOutboxSeconds, databaseCounts } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    dbStatements: new Gauge({
      name: 'rentease_db_statements',
      help: 'Statements sent to the database since start',
      registers: [registry],
      collect() {
        if (databaseCounts) this.set(databaseCounts().statements);
      },
    }),
    dbRoundTrips: new Gauge({
      name: 'rentease_db_round_trips',
      help: 'Round trips to PostgreSQL since start (counted when DATABASE_COUNT_ROUND_TRIPS is set)',
      registers: [registry],
      collect() {
        if (databaseCounts) this.set(databaseCounts().roundTrips);
      },
    }),
    paymentsByOutcome: new Counter({ name: 'rentease_payments_total', help: 'Payments that reached an end, by outcome', labelNames: ['outcome'], registers: [registry] }),
    callbackSeconds: new Histogram({
      name: 'rentease_daraja_callback_seconds',
      help: 'Time to record and settle a Daraja notification',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    webhookSeconds: new Histogram({
      name: 'rentease_webhook_seconds',
      help: 'Time to answer a chat webhook',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    outboxBacklog: new Gauge({
      name: 'rentease_outbox_backlog',
      help: 'Outbox rows queued and not yet sent',
      registers: [registry],
      async collect() {
        if (countQueuedOutbox) this.set(await countQueuedOutbox());
      },
    }),
    outboxOldestSeconds: new Gauge({
      name: 'rentease_outbox_oldest_seconds',
      help: 'Age of the oldest outbox row that is due and not yet sent (0 when none)',
      registers: [registry],
      async collect() {
        if (oldestQueuedOutboxSeconds) this.set(await oldestQueuedOutboxSeconds());
      },
    }),
    turns: new Counter({ name: 'rentease_turns_total', help: 'Conversation turns, by the area they ended in and how', labelNames: ['flow', 'outcome'], registers: [registry] }),
    stkPushes: new Counter({ name: 'rentease_stk_pushes_total', help: "STK Pushes sent, by Daraja's answer", labelNames: ['outcome'], registers: [registry] }),
    settleSeconds: new Histogram({
      name: 'rentease_payment_settle_seconds',
      help: "From a payment's start to its settlement",
      labelNames: ['source'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    reconcilerSettlements: new Counter({ name: 'rentease_reconciler_settlements_total', help: 'Open intents the reconciler ended, by path', labelNames: ['path'], registers: [registry] }),
    providerSeconds: new Histogram({
      name: 'rentease_provider_seconds',
      help: 'Calls to Twilio, Africa’s Talking and Daraja, by result',
      labelNames: ['provider', 'result'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    }),
    dbConnectionWaits: new Gauge({
      name: 'rentease_db_connection_waits',
      help: 'Transactions that waited for a pool connection since start (PostgreSQL)',
      registers: [registry],
      collect() {
        if (databaseCounts) this.set(databaseCounts().connectionWaits);
      },
    }),
    dbConnectionWaitSeconds: new Gauge({
      name: 'rentease_db_connection_wait_seconds',
      help: 'Time spent waiting for a pool connection since start (PostgreSQL)',
      registers: [registry],
      collect() {
        if (databaseCounts) this.set(databaseCounts().connectionWaitSeconds);
      },
    }),
  };
}

/**
 * Reads one series from /metrics as this registry prints it: `series` is the name with its labels
 * (`rentease_payments_total{outcome="success"}`); undefined when the text has no such line. For the
 * benchmarks and the tests, which read the app from outside as an operator's scraper does.
 */
export function seriesReader(text: string): (series: string) => number | undefined {
  return (series) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
}
