// The composition root: builds config-dependent parts (database, Daraja client or simulator,
// HTTP app, background workers) and wires them by plain function arguments. Tests call startApp
// with their own config and database; src/server.ts calls it for `npm start`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { openDatabase, type Database } from '../db/client.js';
import type { Config } from './config.js';
import type { Clock } from './domain/clock.js';
import { DarajaClient } from './daraja/daraja-client.js';
import { createSharedTokenStore } from './daraja/shared-token-store.js';
import { countQueuedOutbox, oldestQueuedOutboxSeconds } from '../db/queries/outbox.js';
import { darajaSimulatorRouter } from './daraja-simulator/routes.js';
import { createBuiltInSimulator } from './daraja-simulator/built-in.js';
import { simulatorProxy } from './daraja-simulator/proxy.js';
import type { DarajaSimulator, SimulatorOptions } from './daraja-simulator/simulator.js';
import { seedDemo, type DemoData } from './demo/seed-demo.js';
import { createSecretBox } from './crypto/secret-box.js';
import { adminRouter } from './http/admin/admin-router.js';
import { darajaWebhooks } from './http/daraja-webhooks.js';
import { filesRouter } from './http/files-routes.js';
import { playgroundRouter } from './web/playground.js';
import { webRouter } from './web/router.js';
import { payoutReadyHandler } from './payments/payout-ready.js';
import { errorHandler } from './http/errors.js';
import { healthRouter } from './http/health.js';
import type { Poller } from './jobs/poller.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createOutboxWorker, type OutboxWorker } from './outbox/worker.js';
import { paymentSettings, type PaymentsDeps } from './payments/deps.js';
import { createReconciler, type Reconciler } from './payments/reconciler.js';
import { createSenders } from './channels/outbound-senders.js';
import { smsWebhook } from './channels/sms/webhook.js';
import { ussdWebhook } from './channels/ussd/webhook.js';
import { whatsappWebhook } from './channels/whatsapp/webhook.js';
import { webhookListener } from './webhooks/listener.js';
import { createConversationRuntime, type ConversationRuntime } from './conversations/runtime.js';
import { createCleanup } from './jobs/cleanup.js';
import { createEmbeddedMaintenance } from './jobs/embedded-maintenance.js';
import { deferredPushHandler } from './payments/deferred-push.js';
import { createBillingScheduler, type BillingScheduler } from './billing/scheduler.js';
import type { BillingDeps } from './billing/deps.js';
import { systemClock } from './domain/clock.js';

export const SIMULATOR_MOUNT = '/simulator/daraja';

export interface RunningApp {
  url: string;
  config: Config;
  database: Database;
  daraja: DarajaClient;
  simulator: DarajaSimulator | undefined;
  demo: DemoData | undefined;
  logger: Logger;
  metrics: Metrics;
  payments: PaymentsDeps;
  outbox: OutboxWorker;
  reconciler: Reconciler;
  runtime: ConversationRuntime;
  billing: BillingDeps;
  scheduler: BillingScheduler;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** A database opened by the caller (tests); otherwise one is opened from the config. */
  database?: Database;
  /** Create the demo data (default: in simulator mode). */
  seedDemo?: boolean;
  /** Apply migrations (default true; cluster workers leave it to the primary). */
  migrate?: boolean;
  /** Run the outbox worker and the reconciler in the background (default true); tests may drive them by hand. */
  workers?: boolean;
  /** Overrides for the built-in simulator (tests: faster phones, no 2-minute repeat rule). */
  simulator?: SimulatorOptions;
  /** In a cluster: the built-in simulator the primary process runs, forwarded to instead of run here. */
  sharedSimulatorUrl?: string;
  /** What time it is (tests set it); the system clock by default. */
  clock?: Clock;
  /** How often the background workers look for work. */
  workerIntervalMs?: { outbox?: number; reconciler?: number };
}

export async function startApp(baseConfig: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(baseConfig.logLevel);
  const database = options.database ?? (await openDatabase({ databaseUrl: baseConfig.databaseUrl, dataDir: join(baseConfig.dataDir, 'pglite'), maxConnections: baseConfig.databasePoolSize, countRoundTrips: baseConfig.databaseCountRoundTrips }));
  const ownsDatabase = !options.database;
  if (options.migrate !== false) await database.migrate();

  // Listen first: with PORT=0 the real port is known only now, and the defaults built from it
  // (PUBLIC_BASE_URL, the built-in simulator's URL) must use it.
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(baseConfig.port, baseConfig.host, resolve));
  const config = withListenPort(baseConfig, (server.address() as AddressInfo).port);

  // In a cluster the primary process runs the one simulator and this process forwards to it.
  const simulator = config.daraja.builtInSimulator && !options.sharedSimulatorUrl ? createBuiltInSimulator(config, options.simulator) : undefined;
  const secretBox = createSecretBox(config.encryptionKey);
  const daraja = new DarajaClient({
    baseUrl: config.daraja.baseUrl,
    timeoutMs: config.daraja.timeoutMs,
    maxAmount: config.mpesaMaxAmount,
    sharedTokens: createSharedTokenStore(database.db, secretBox),
  });
  const metrics = createMetrics({
    countQueuedOutbox: () => countQueuedOutbox(database.db),
    oldestQueuedOutboxSeconds: () => oldestQueuedOutboxSeconds(database.db),
    databaseCounts: () => database.sql.counts,
  });
  const payments: PaymentsDeps = { db: database.db, sql: database.sql, daraja, secretBox, logger, metrics, settings: paymentSettings(config) };
  const outbox = createOutboxWorker({
    sql: database.sql,
    senders: await createSenders(config, logger),
    handlers: { stk_push: deferredPushHandler(payments), payout_ready: payoutReadyHandler({ db: database.db, ussdCode: config.ussdServiceCode }) },
    logger,
    intervalMs: options.workerIntervalMs?.outbox,
    clock: options.clock,
    bulkPerSecond: config.outboxBulkPerSecond,
    metrics,
  });
  const reconciler = createReconciler(payments);
  const runtime = createConversationRuntime({
    sql: database.sql,
    logger,
    maxAmount: config.mpesaMaxAmount,
    ussdPushDelaySeconds: config.ussdPushDelaySeconds,
    settings: { ussdCode: config.ussdServiceCode, whatsappNumber: config.twilio?.whatsappFrom.replace(/^whatsapp:/, ''), quietHours: config.billing.quietHours, signupOpen: config.signupOpen, links: { publicBaseUrl: config.publicBaseUrl, appSecret: config.appSecret } },
    metrics,
  });
  const channelDeps = { runtime, outbox, logger, metrics };
  const billing: BillingDeps = { sql: database.sql, clock: options.clock ?? systemClock, logger, ussdCode: config.ussdServiceCode, quietHours: config.billing.quietHours };
  const scheduler = createBillingScheduler(billing);

  const app = express();
  app.disable('x-powered-by');
  // No ETags: every answer here is made for its request (webhook replies, pages of live figures) and the
  // shipped assets are content-hashed and cached for a year; hashing each body cost a webhook CPU.
  app.set('etag', false);
  // Behind a local reverse proxy, the Daraja source address comes from X-Forwarded-For.
  app.set('trust proxy', 'loopback');
  app.use(healthRouter(database, metrics));
  if (simulator) app.use(SIMULATOR_MOUNT, darajaSimulatorRouter(simulator));
  else if (config.daraja.builtInSimulator && options.sharedSimulatorUrl) app.use(SIMULATOR_MOUNT, simulatorProxy(options.sharedSimulatorUrl));
  app.use(filesRouter(database.sql, config.appSecret));
  if (config.daraja.builtInSimulator) app.use(playgroundRouter({ db: database.db, publicBaseUrl: config.publicBaseUrl, twilioAuthToken: config.twilioAuthToken }));
  app.use(webRouter({ sql: database.sql, db: database.db, metrics, appSecret: config.appSecret, publicBaseUrl: config.publicBaseUrl, kickOutbox: () => outbox.kick() }));
  app.use('/api', adminRouter(payments, billing, config.adminApiToken, config.publicBaseUrl));
  app.use(errorHandler(logger));
  // The providers' webhooks are answered ahead of express (src/webhooks/listener.ts says why).
  const webhooks = [ussdWebhook(config, channelDeps), whatsappWebhook(config, channelDeps), smsWebhook(config, channelDeps), ...darajaWebhooks(payments)];
  server.on('request', webhookListener(webhooks, app, logger));

  const demo = (options.seedDemo ?? config.daraja.env === 'simulator') ? await seedDemo(database.db) : undefined;
  const pollers: Poller[] = [];
  if (options.workers !== false) {
    pollers.push(outbox.start(), reconciler.start(options.workerIntervalMs?.reconciler), createCleanup(database.db, logger).start());
    if (config.billing.schedulerEnabled) pollers.push(scheduler.start(config.billing.intervalMs));
    // A PostgreSQL server has autovacuum; PGlite has none.
    if (database.kind === 'pglite') pollers.push(createEmbeddedMaintenance(database.sql, logger).start());
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      simulator?.close();
      await Promise.all(pollers.map((p) => p.stop()));
      // Finish in-flight requests; idle keep-alive sockets are closed at once, stragglers after 10 s.
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 10_000).unref();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(forced);
      if (ownsDatabase) await database.close();
    })());

  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, config, database, daraja, simulator, demo, logger, metrics, payments, outbox, reconciler, runtime, billing, scheduler, close };
}

function withListenPort(config: Config, port: number): Config {
  if (port === config.port) return config;
  return {
    ...config,
    port,
    publicBaseUrl: config.publicBaseUrlDefaulted ? `http://localhost:${port}` : config.publicBaseUrl,
    daraja: config.daraja.builtInSimulator ? { ...config.daraja, baseUrl: `http://127.0.0.1:${port}${SIMULATOR_MOUNT}` } : config.daraja,
  };
}

