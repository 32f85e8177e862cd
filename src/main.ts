// The composition root: builds config-dependent parts (database, Daraja client or simulator,
// HTTP app, background workers) and wires them by plain function arguments. Tests call startApp
// with their own config and database; src/server.ts calls it for `npm start`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { openDatabase, type Database } from '../db/client.js';
import type { Config } from './config.js';
import { DarajaClient } from './daraja/daraja-client.js';
import { darajaSimulatorRouter } from './daraja-simulator/routes.js';
import { DarajaSimulator } from './daraja-simulator/simulator.js';
import { seedDemo, type DemoData } from './demo/seed-demo.js';
import { errorHandler } from './http/errors.js';
import { healthRouter } from './http/health.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics } from './metrics.js';

export const SIMULATOR_MOUNT = '/simulator/daraja';

export interface RunningApp {
  url: string;
  config: Config;
  database: Database;
  daraja: DarajaClient;
  simulator: DarajaSimulator | undefined;
  demo: DemoData | undefined;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** A database opened by the caller (tests); otherwise one is opened from the config. */
  database?: Database;
  /** Create the demo data (default: in simulator mode). */
  seedDemo?: boolean;
}

export async function startApp(baseConfig: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(baseConfig.logLevel);
  const database = options.database ?? (await openDatabase({ databaseUrl: baseConfig.databaseUrl, dataDir: join(baseConfig.dataDir, 'pglite') }));
  const ownsDatabase = !options.database;
  await database.migrate();

  // Listen first: with PORT=0 the real port is known only now, and the defaults built from it
  // (PUBLIC_BASE_URL, the built-in simulator's URL) must use it.
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(baseConfig.port, baseConfig.host, resolve));
  const config = withListenPort(baseConfig, (server.address() as AddressInfo).port);

  const simulator = config.daraja.builtInSimulator
    ? new DarajaSimulator({
        apps: { [config.daraja.consumerKey]: config.daraja.consumerSecret },
        shortCodes: { [config.daraja.businessShortCode]: config.daraja.passkey },
        // Landlord shortcodes without their own credentials use the platform's passkey: the seed's model.
        defaultPasskey: config.daraja.passkey,
        autoAnswerMs: config.simulator.autoAnswerSeconds * 1000,
        callbackDelayMs: config.simulator.callbackDelayMs,
        maxAmount: config.mpesaMaxAmount,
      })
    : undefined;
  const daraja = new DarajaClient({ baseUrl: config.daraja.baseUrl, maxAmount: config.mpesaMaxAmount });
  const metrics = createMetrics();

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(database, metrics));
  if (simulator) app.use(SIMULATOR_MOUNT, darajaSimulatorRouter(simulator));
  app.use(errorHandler(logger));
  server.on('request', app);

  const demo = (options.seedDemo ?? config.daraja.env === 'simulator') ? await seedDemo(database.db) : undefined;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      simulator?.close();
      // Finish in-flight requests; idle keep-alive sockets are closed at once, stragglers after 10 s.
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 10_000).unref();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      clearTimeout(forced);
      if (ownsDatabase) await database.close();
    })());

  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, config, database, daraja, simulator, demo, logger, close };
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

export type { Server };
