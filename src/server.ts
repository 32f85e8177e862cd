// `npm start`: read the configuration, start the app, stop cleanly on SIGTERM/SIGINT. With
// WEB_CONCURRENCY > 1 (and DATABASE_URL), the primary process migrates and seeds once, then runs that many
// app processes on the same port (node:cluster); each runs the outbox worker and reconciler, which share
// the work through FOR UPDATE SKIP LOCKED. The built-in Daraja simulator lives in each process, so a
// cluster should talk to a real Daraja or an external simulator (DARAJA_BASE_URL).
import cluster from 'node:cluster';
import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { seedDemo } from './demo/seed-demo.js';
import { createLogger, type Logger } from './log.js';
import { startApp } from './main.js';
import { describeStartup } from './startup-message.js';

const startedAt = performance.now();
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
const logger = createLogger(config.logLevel);

if (config.webConcurrency > 1 && cluster.isPrimary) await runPrimary(config, logger);
else await runApp(config, logger, cluster.isWorker);

async function runApp(config: Config, logger: Logger, isWorker: boolean): Promise<void> {
  const app = await startApp(config, { logger, ...(isWorker ? { migrate: false, seedDemo: false } : {}) });
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
  if (config.daraja.env === 'simulator') await seedDemo(database.db);
  await database.close();
  for (let i = 0; i < config.webConcurrency; i++) cluster.fork();
  logger.info({ workers: config.webConcurrency, port: config.port }, 'started app processes');
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      logger.error({ pid: worker.process.pid, code }, 'an app process died; starting another');
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) {
      logger.info('stopped');
      process.exit(0);
    }
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
}
