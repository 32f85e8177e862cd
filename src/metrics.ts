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
}

export interface MetricSources {
  /** Asked at each scrape, so the backlog gauge is always current. */
  countQueuedOutbox?: () => Promise<number>;
  /** The database executor's counts (db/sql.ts); round trips only when DATABASE_COUNT_ROUND_TRIPS is set. */
  databaseCounts?: () => { statements: number; roundTrips: number };
}

export function createMetrics(sources: MetricSources = {}): Metrics {
  const { countQueuedOutbox, databaseCounts } = sources;
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
  };
}
