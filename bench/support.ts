// Shared by the benchmarks: a fresh database on the PostgreSQL server, the app on it, bulk seeding.
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client.js';
import { bills, landlords, payments, payoutConfigs, tenancies } from '../db/schema.js';
import { callbackToken } from '../src/crypto/tokens.js';

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const APP_SECRET = 'bench-app-secret-0123456789abcdef0123456789';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
/**
 * `npm start`'s node flags. A smaller young generation (8 MB semi-spaces, V8's default grows to 16)
 * keeps peak RSS near 200 MB under load at no measurable cost in throughput; 4 MB went under 200 MB but
 * cost about a third of the throughput.
 */
export const START_NODE_FLAGS = '--max-semi-space-size=8';

/** Creates a database of its own on the server; dropped by the returned function. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rentease_bench_${Date.now()}_${process.pid}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

export interface BenchServer {
  url: string;
  pid: number;
  /** Peak resident memory of the app process so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * Runs `npm start`'s entry point as its own process, as in production: the load generator in this
 * process does not share the app's event loop.
 */
export async function startBenchServer(databaseUrl: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the app there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // The same node flags as `npm start` (package.json), unless BENCH_NODE_FLAGS says otherwise.
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? START_NODE_FLAGS).split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...profile, ...nodeFlags, '--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rentease-bench-')),
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      APP_SECRET,
      APP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
      ...(process.env.WEB_CONCURRENCY ? { WEB_CONCURRENCY: process.env.WEB_CONCURRENCY } : {}),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 600 || child.exitCode !== null) throw new Error('the app did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid!,
    // With WEB_CONCURRENCY > 1 the app processes are the primary's children: the largest of them counts.
    peakRssMb: () => {
      const peak = (pid: string) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return Math.max(peak(String(child.pid)), ...children.map(peak));
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface SeededIntent {
  id: string;
  token: string;
  checkoutRequestId: string;
  amount: number;
  phone: string;
}

/** One landlord with an active paybill, `count` tenancies with one open bill each and, optionally, a pending intent each. */
export async function seedTenancies(database: Database, count: number, options: { pendingIntents: boolean; phoneOffset?: number }) {
  const db = database.db;
  const landlordId = randomUUID();
  await db.insert(landlords).values({ id: landlordId, name: 'Bench Landlord', phone: `2547${String(90_000_000 + (options.phoneOffset ?? 0)).slice(-8)}` });
  await db.insert(payoutConfigs).values({ landlordId, businessType: 'paybill', businessShortCode: '600100', isActive: true });
  const intents: SeededIntent[] = [];
  const tenancyIds: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const rows = Array.from({ length: size }, (_, i) => {
      const n = (options.phoneOffset ?? 0) + start + i;
      return { id: randomUUID(), landlordId, name: `Tenant ${n}`, phone: `2541${String(n).padStart(8, '0')}`, unit: `U${n}`, monthlyRent: 10_000, accountNumber: `B${n.toString(36).toUpperCase().padStart(7, '0')}` };
    });
    await db.insert(tenancies).values(rows);
    const billRows = rows.map((t) => ({ id: randomUUID(), tenancyId: t.id, period: '2026-11', amount: 10_000 }));
    await db.insert(bills).values(billRows);
    tenancyIds.push(...rows.map((r) => r.id));
    if (options.pendingIntents) {
      const paymentRows = rows.map((t, i) => {
        const id = randomUUID();
        return {
          id,
          source: 'stk' as const,
          landlordId,
          tenancyId: t.id,
          billId: billRows[i]!.id,
          amount: 10_000,
          phone: t.phone,
          status: 'pending' as const,
          businessShortCode: '600100',
          partyB: '600100',
          accountReference: t.unit,
          reference: `RB${(start + i).toString(36).toUpperCase().padStart(8, '0')}${options.phoneOffset ?? 0}`.slice(0, 12),
          callbackToken: callbackToken(APP_SECRET, id),
          checkoutRequestId: `ws_CO_bench_${id}`,
          nextQueryAt: new Date(Date.now() + 3600_000),
        };
      });
      await db.insert(payments).values(paymentRows);
      intents.push(...paymentRows.map((p) => ({ id: p.id, token: p.callbackToken, checkoutRequestId: p.checkoutRequestId, amount: p.amount, phone: p.phone })));
    }
  }
  return { landlordId, tenancyIds, intents };
}

export function successCallback(intent: SeededIntent, receipt: string): string {
  return JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: 'bench',
        CheckoutRequestID: intent.checkoutRequestId,
        ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: {
          Item: [
            { Name: 'Amount', Value: intent.amount },
            { Name: 'MpesaReceiptNumber', Value: receipt },
            { Name: 'Balance' },
            { Name: 'TransactionDate', Value: 20261127224100 },
            { Name: 'PhoneNumber', Value: Number(intent.phone) },
          ],
        },
      },
    },
  });
}

export async function openBenchDatabase(url: string): Promise<Database> {
  const database = await openDatabase({ databaseUrl: url, maxConnections: 4 });
  await database.migrate();
  return database;
}
