// The whole app as tests use it: real HTTP routes, a real database (PGlite or the PostgreSQL server),
// the built-in Daraja simulator over HTTP; background workers off, so a test runs them when it means to.
import request from 'supertest';
import { loadConfig } from '../../src/config.js';
import type { SimulatorOptions } from '../../src/daraja-simulator/simulator.js';
import { createLogger } from '../../src/log.js';
import { startApp, type RunningApp } from '../../src/main.js';
import { seriesReader } from '../../src/metrics.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import type { TestClock } from './clock.js';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait.js';

export { waitFor };

export interface TestApp extends RunningApp {
  db: TestDatabase;
  /** Every log line the app wrote, parsed (level info and above, or TEST_LOG_LEVEL). */
  logs: LogLine[];
  api: () => {
    get(path: string): request.Test;
    post(path: string, body?: object): request.Test;
    patch(path: string): request.Test;
    delete(path: string): request.Test;
  };
  /** Posts JSON to a route without the admin token (webhooks). */
  post(path: string, body: string | object, contentType?: string): request.Test;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
  database?: TestDatabase;
  workers?: boolean;
  /** A clock the test moves (test/helpers/clock.ts). */
  clock?: TestClock;
}

export async function startTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase(kind));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDir('test'),
    ADMIN_API_TOKEN: 'test-admin-token-0123456789',
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    APP_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    LOG_LEVEL: 'silent',
    // The billing scheduler would bill the tests' tenancies by itself; test/billing runs it on purpose.
    SCHEDULER_DISABLED: '1',
    // Tests drain the outbox at once; the bulk rate is measured by bench/scheduler.ts.
    OUTBOX_BULK_PER_SECOND: '10000',
    ...options.env,
  });
  const logs: LogLine[] = [];
  const app = await startApp(config, {
    database: db,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'info', { destination: captureLines(logs) }),
    seedDemo: false,
    workers: options.workers ?? false,
    ...(options.clock ? { clock: options.clock.now } : {}),
    simulator: { autoAnswerMs: 30, callbackDelayMs: 5, repeatWindowMs: 0, ...options.simulator },
  });
  const auth = { Authorization: `Bearer ${config.adminApiToken}` };
  return {
    ...app,
    db,
    logs,
    api: () => ({
      get: (path: string) => request(app.url).get(path).set(auth),
      post: (path: string, body?: object) => request(app.url).post(path).set(auth).send(body ?? {}),
      patch: (path: string) => request(app.url).patch(path).set(auth),
      delete: (path: string) => request(app.url).delete(path).set(auth),
    }),
    post: (path, body, contentType = 'application/json') =>
      request(app.url)
        .post(path)
        .set('Content-Type', contentType)
        .send(typeof body === 'string' ? body : JSON.stringify(body)),
    close: async () => {
      await app.close();
      expectNoPersonalData(logs);
      if (!options.database) await db.close();
    },
  };
}

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino destination that keeps each JSON line, parsed, in `into`. */
function captureLines(into: LogLine[]) {
  return {
    write(line: string) {
      into.push(JSON.parse(line) as LogLine);
    },
  };
}

/** A full Kenyan phone number or a callback token in a log line is a leak (DESIGN.md decision 9). */
export function expectNoPersonalData(lines: LogLine[]): void {
  const leaks = lines.map((l) => JSON.stringify(l)).filter((l) => /(?<!\d)(\+?254|0)[17]\d{8}(?!\d)/.test(l) || /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/.test(l));
  if (leaks.length > 0) throw new Error(`personal data or a token in ${leaks.length} log line(s), e.g. ${leaks[0]!.slice(0, 300)}`);
}

/** Lines at error level or above (pino: 50 error, 60 fatal). */
export const errorLines = (app: TestApp) => app.logs.filter((l) => l.level >= 50);

let phoneSeq = Math.floor(Math.random() * 5000);
/** A fresh Kenyan mobile number ending in the given two digits (the simulator's outcome rule). */
export function phoneEnding(lastTwo = '78'): string {
  phoneSeq++;
  return `2547${String(phoneSeq).padStart(6, '0')}${lastTwo}`;
}

/** A landlord with an active paybill, one tenant and one open bill, created through the admin API. */
export async function createTenantWithBill(app: TestApp, options: { rent?: number; tenantPhone?: string; paybill?: string; period?: string } = {}) {
  const api = app.api();
  const landlord = (await api.post('/api/landlords', { name: 'Wanjiku', phone: phoneEnding('11') }).expect(201)).body;
  await api.post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: options.paybill ?? '600100', businessName: 'Wanjiku Homes' }).expect(200);
  const tenant = (
    await api
      .post(`/api/landlords/${landlord.id}/tenants`, { name: 'Otieno', phone: options.tenantPhone ?? phoneEnding('78'), unit: 'A1', property: 'Sunrise', monthlyRent: options.rent ?? 15_000 })
      .expect(201)
  ).body;
  const bill = (await api.post(`/api/tenants/${tenant.id}/bills`, { amount: options.rent ?? 15_000, period: options.period ?? '2026-11' }).expect(201)).body;
  await clearBillNotice(app, tenant.phone);
  return { landlord, tenant, bill };
}

/**
 * A new bill tells the tenant (test/billing covers that notice): the payment tests that start from a bill
 * check it was written, then clear it, so that they count only the messages of the payment itself.
 */
export async function clearBillNotice(app: TestApp, phone: string): Promise<void> {
  const removed = await app.database.sql.query<{ body: string }>(`delete from outbox where recipient = $1 and idempotency_key like 'bill-notice:%' returning body`, [phone]);
  if (removed.length !== 1 || !/New bill|Bili mpya/.test(removed[0]!.body)) throw new Error(`expected one bill notice to ${phone}, found ${removed.length}`);
}

/** Polls the payment status until it leaves initiating/pending. */
export async function settledStatus(app: TestApp, paymentId: string, timeoutMs = 5_000) {
  return waitFor(async () => {
    const { body } = await app.api().get(`/api/payments/${paymentId}/status`);
    return body.status !== 'pending' && body.status !== 'initiating' ? body : undefined;
  }, timeoutMs);
}

/** Runs a worker (outbox, reconciler) until it finds nothing to do; returns how many rows it took. */
export async function drain(worker: { runOnce(): Promise<number> }): Promise<number> {
  let total = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
  return total;
}

/** The app's /metrics, read once: a reader of its series by name with labels, as printed (undefined when absent). */
export async function readMetrics(app: TestApp): Promise<(series: string) => number | undefined> {
  return seriesReader((await request(app.url).get('/metrics').expect(200)).text);
}
