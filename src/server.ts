// `npm start`: read the configuration, start the app, stop cleanly on SIGTERM/SIGINT. With
// WEB_CONCURRENCY > 1 (and DATABASE_URL), the primary process migrates and seeds once, then runs that many
// app processes on the same port (node:cluster); each runs the outbox worker and reconciler, which share
// the work through FOR UPDATE SKIP LOCKED. In simulator mode the primary also runs the one Daraja
// simulator, and each app process forwards /simulator/daraja to it (SHARED_SIMULATOR_ENV).
import cluster from 'node:cluster';
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
  if (!isWorker) for (const line of describeStartup(app)) logger.info(line);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, async () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping');
      try {
        await app.close();
        logger.info('stopped');
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      }
    });
  }
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite'), maxConnections: 1 });
  await database.migrate(); // once, here: drizzle's migrator takes no lock (reference/stack.md pitfall 11)
  const demo = config.daraja.env === 'simulator' ? await seedDemo(database.db) : undefined;
  await database.close();
  const simulator = config.daraja.builtInSimulator ? await startDarajaSimulator(createBuiltInSimulator(config)) : undefined;
  const fork = () => cluster.fork(simulator ? { [SHARED_SIMULATOR_ENV]: simulator.url } : {});
  for (let i = 0; i < config.webConcurrency; i++) fork();
  logger.info({ workers: config.webConcurrency, port: config.port }, 'started app processes');
  for (const line of describeStartup({ config, demo })) logger.info(line);
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code }, 'an app process died; starting another');
      fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      void simulator?.close().finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
    }
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
}
