// `npm start`: read the configuration, start the app, stop cleanly on SIGTERM/SIGINT. With
// WEB_CONCURRENCY > 1 (and DATABASE_URL), the primary process migrates and seeds once, then runs that many
// app processes on the same port (node:cluster); each runs the outbox worker and reconciler, which share
// the work through FOR UPDATE SKIP LOCKED. In simulator mode the primary also runs the one Daraja
// simulator, and each app process forwards /simulator/daraja to it (SHARED_SIMULATOR_ENV).
import cluster from 'node:cluster';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createBuiltInSimulator } from './daraja-simulator/built-in.js';
import { startDarajaSimulator } from './daraja-simulator/routes.js';
import { seedDemo } from './demo/seed-demo.js';
import { createLogger, type Logger } from './log.js';
import { startApp } from './main.js';
import { describeStartup } from './startup-message.js';

const startedAt = performance.now();
/** Set by the primary for the app processes it forks: where its Daraja simulator listens. Internal. */
const SHARED_SIMULATOR_ENV = 'RENTEASE_SHARED_SIMULATOR_URL';
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const logger = createLogger(config.logLevel, { format: config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json') });

if (config.webConcurrency > 1 && cluster.isPrimary) await runPrimary(config, logger);
else await runApp(config, logger, cluster.isWorker);

async function runApp(config: Config, logger: Logger, isWorker: boolean): Promise<void> {
  const app = await startApp(config, {
    logger,
    ...(isWorker ? { migrate: false, seedDemo: false, sharedSimulatorUrl: process.env[SHARED_SIMULATOR_ENV] } : {}),
  });
  logger.info({ ms: Math.round(performance.now() - startedAt), pid: process.pid }, 'started');
  if (!isWorker) printBanner(describeStartup(app));
  onStopSignal(logger, () => app.close());
}

/** How long a stop may take before the process exits all the same (in-flight requests had their chance). */
const STOP_DEADLINE_MS = 10_000;

/**
 * SIGTERM or SIGINT: finish in-flight requests, release the database, exit. A second signal of either
 * kind exits at once, and so does the deadline. Logs are written synchronously (src/log.ts), so a
 * stdout pipe whose reader has gone cannot hold the exit.
 */
function onStopSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    setTimeout(() => {
      logger.error({ ms: STOP_DEADLINE_MS }, 'stop took too long: exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

/**
 * The start-up banner is for the person at the terminal, not a log record: plain lines on stdout (the
 * demo's phones and the admin token must be copyable, and log lines mask phones). Written
 * synchronously and never fatal: a closed pipe must not stop the server.
 */
function printBanner(lines: string[]): void {
  try {
    writeSync(1, `${lines.join('\n')}\n`);
  } catch {
    // stdout is gone (a pipe whose reader quit): nothing to show it on
  }
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), maxConnections: 1 });
  await database.migrate(); // once, here: drizzle's migrator takes no lock (reference/stack.md pitfall 11)
  const demo = config.daraja.env === 'simulator' ? await seedDemo(database.db) : undefined;
  await database.close();
  const simulator = config.daraja.builtInSimulator ? await startDarajaSimulator(createBuiltInSimulator(config)) : undefined;
  // The live app processes, kept here: node removes an exited worker from cluster.workers only once its
  // IPC channel has disconnected too, which may come after the 'exit' event, so cluster.workers can still
  // list the last one as it exits (the stop then waited out its deadline and exited 1).
  const live = new Set<ReturnType<typeof cluster.fork>>();
  const fork = () => live.add(cluster.fork(simulator ? { [SHARED_SIMULATOR_ENV]: simulator.url } : {}));
  for (let i = 0; i < config.webConcurrency; i++) fork();
  logger.info({ workers: config.webConcurrency, port: config.port }, 'started app processes');
  printBanner(describeStartup({ config, demo }));
  let stopping = false;
  let allExited: () => void = () => {};
  const exited = new Promise<void>((resolve) => (allExited = resolve));
  cluster.on('exit', (worker, code) => {
    live.delete(worker);
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code }, 'an app process died; starting another');
      fork();
    } else if (live.size === 0) allExited();
  });
  onStopSignal(logger, async () => {
    stopping = true;
    for (const worker of live) worker.process.kill('SIGTERM');
    if (live.size > 0) await exited;
    await simulator?.close();
  });
}
