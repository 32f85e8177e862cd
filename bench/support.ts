// Shared by the benchmarks: a fresh database on the PostgreSQL server, the app on it, bulk seeding.
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database } from '../db/client.js';
import { bills, landlords, payments, payoutConfigs, tenancies } from '../db/schema.js';
import { callbackToken } from '../src/crypto/tokens.js';
import { outboxCaughtUp, type MeasuredServer } from './measure.js';

export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const APP_SECRET = 'bench-app-secret-0123456789abcdef0123456789';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
/**
 * `npm start`'s node flags (package.json; `npm run dev` and the Dockerfile repeat them, and a test keeps
 * them alike). What grew the app's memory under load was the old generation, not the young:
 * short-lived objects promoted out of small semi-spaces, and an old generation V8 let grow to about three
 * times what was live (87 MB of old space holding 30 MB, USSD load). So the young generation is V8's
 * default size again (16 MB semi-spaces, fewer objects promoted: USSD turns 1.16x those with 8 MB, app CPU
 * 0.56 -> 0.46 ms in `npm run bench:ab`, but peak RSS 179 -> 194 MB alone), and the old generation may grow
 * to twice its live size after a full collection (`--heap-growing-percent=100`): peak RSS 145-152 MB under
 * the same load, throughput 0.97x the uncapped (0.99x at 200, 168 MB; 1.02x at 20, 129 MB, against 8 MB
 * semi-spaces uncapped). See bench/README.md, ninth session. One WebAssembly compilation task instead of
 * one per core: PGlite's 9 MB module was compiled (and tiered up) on V8's four worker threads at once as
 * it started, a transient of about 55 MB (peak 258-268 MB against 203-209 MB with one task, RSS read every
 * 100 ms from spawn to 6.5 s; three starts each). It touches nothing but WebAssembly, so PostgreSQL runs are
 * unaffected.
 */
export const START_NODE_FLAGS = nodeFlagsOf('start');

/** The Node flags of a package.json script (`node --a --b script`): the bench runs the app with `npm start`'s own. */
export function nodeFlagsOf(script: string): string {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts[script]?.split(/\s+/) ?? [];
  const flags: string[] = [];
  // The flags run from `node` to the first word that is not one (a script, or --import's argument).
  for (const word of words.slice(1)) {
    if (!word.startsWith('--') || word === '--import') break;
    flags.push(word);
  }
  return flags.join(' ');
}

/** One statement on a connection of its own, closed after it. */
async function once<T>(url: string, statement: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await statement(sql);
  } finally {
    await sql.end();
  }
}

/** Creates a database of its own on the server; dropped by the returned function. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rentease_bench_${Date.now()}_${process.pid}`;
  await once(SERVER_URL, (admin) => admin.unsafe(`create database "${name}"`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => void (await once(SERVER_URL, (admin) => admin.unsafe(`drop database if exists "${name}" with (force)`))),
  };
}

export interface BenchServer {
  url: string;
  pid: number;
  /** The app's /metrics (statements and round trips); undefined for the comparators. */
  metricsUrl?: string;
  /** The PostgreSQL database it runs on (undefined on PGlite and for the HTTP ceiling). */
  databaseUrl?: string;
  /** Peak resident memory of the process so far (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** The core the servers run on; the load generator (this process) runs on the other one. */
export const SERVER_CORE = '0';
const pinned = (args: string[]) => (process.env.BENCH_NO_PIN ? [process.execPath, ...args] : ['taskset', '-c', SERVER_CORE, process.execPath, ...args]);

/** Pins this process (autocannon) to the core the servers do not use. */
export function pinLoadGenerator(): void {
  if (process.env.BENCH_NO_PIN) return;
  spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
}

function peakRss(pid: number): number {
  const peak = (p: string) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return Math.max(peak(String(pid)), ...children.map(peak));
  } catch {
    return 0;
  }
}

/** Starts a server process, waits until `ready` answers, and knows how to stop it. */
async function startProcess(
  argv: string[],
  options: { cwd?: string; env: Record<string, string>; ready: (port: number) => Promise<boolean>; port?: number; onLine?: (line: string) => void },
): Promise<BenchServer & { port: number }> {
  const [command, ...args] = argv;
  const child = spawn(command!, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let announced: number | undefined;
  let partial = '';
  child.stdout.on('data', (d: Buffer) => {
    if (options.onLine) {
      const lines = (partial + String(d)).split('\n');
      partial = lines.pop()!;
      lines.forEach(options.onLine);
    }
    const m = /listening (\d+)/.exec(String(d));
    if (m) announced = Number(m[1]);
    if (process.env.BENCH_VERBOSE) process.stdout.write(d);
  });
  for (let i = 0; ; i++) {
    const port = options.port ?? announced;
    if (port && (await options.ready(port))) {
      return {
        port,
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        peakRssMb: () => peakRss(child.pid!),
        stop: async () => {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (i > 1200 || child.exitCode !== null) throw new Error(`${argv.join(' ')} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type BenchDatabase = { url: string } | { pgliteDir: string };

/**
 * Runs the app as its own process, as `npm start` does (the compiled build), pinned to one core. With
 * BENCH_APP_DIR it runs another checkout instead, to measure before and after on the same machine in the
 * same hour: its compiled build when it has one (`npm run build` there), else its src/server.ts through tsx.
 */
export async function startBenchServer(database: BenchDatabase, env: Record<string, string> = {}, onLine?: (line: string) => void): Promise<BenchServer> {
  // Below the kernel's ephemeral range (32768+), where autocannon's own connections would collide.
  const port = 20_000 + Math.floor(Math.random() * 12_000);
  const appDir = process.env.BENCH_APP_DIR;
  // BENCH_CPU_PROF=dir writes a V8 CPU profile of the app there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? START_NODE_FLAGS).split(' ').filter(Boolean);
  const entry = !appDir
    ? [fileURLToPath(new URL('../dist/src/server.js', import.meta.url))]
    : existsSync(join(appDir, 'dist/src/server.js'))
      ? [join(appDir, 'dist/src/server.js')]
      : ['--import', 'tsx', 'src/server.ts'];
  const server = await startProcess(pinned([...profile, ...nodeFlags, ...entry]), {
    cwd: appDir,
    port,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      ...('url' in database ? { DATABASE_URL: database.url, DATA_DIR: mkdtempSync(join(tmpdir(), 'rentease-bench-')) } : { DATA_DIR: database.pgliteDir }),
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      APP_SECRET,
      APP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      LOG_LEVEL: 'warn',
      // The billing scheduler would bill the seeded tenancies in the middle of a measure; bench/scheduler.ts runs it on purpose.
      SCHEDULER_DISABLED: '1',
      LOG_FORMAT: 'json',
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      DATABASE_COUNT_ROUND_TRIPS: '1',
      SIMULATOR_AUTO_ANSWER_SECONDS: '600',
      ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
      ...env,
    },
    ready: (p) => fetch(`http://127.0.0.1:${p}/healthz`).then((r) => r.ok, () => false),
    ...(onLine ? { onLine } : {}),
  });
  return { ...server, metricsUrl: `${server.url}/metrics`, ...('url' in database ? { databaseUrl: database.url } : {}) };
}

/** A comparator (bench/baseline-server.ts, bench/floor-server.ts) on the same core as the app. */
export async function startComparator(script: string, env: Record<string, string> = {}): Promise<BenchServer> {
  return startProcess(pinned(['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))]), {
    env,
    ready: async (p) => fetch(`http://127.0.0.1:${p}/`, { method: 'HEAD' }).then(() => true, () => false),
  });
}

/** Builds dist/ once, so the app runs as `npm start` runs it. */
export function buildOnce(): void {
  if (process.env.BENCH_APP_DIR) return;
  const result = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
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

export async function openBenchDatabase(target: BenchDatabase): Promise<Database> {
  const database = 'url' in target ? await openDatabase({ databaseUrl: target.url, maxConnections: 4 }) : await openDatabase({ dataDir: target.pgliteDir });
  await database.migrate();
  return database;
}

/**
 * USSD sessions of the given phones, each alternating "2" (pay rent: balance, choices) and "0" (back to the
 * menu). `dial` opens every session first (its menu), as a phone does; `request` is the next input of the
 * next session, round-robin, for autocannon.
 */
export function ussdLoad(phones: string[]) {
  const sessions = phones.map((phone) => ({ id: `ATUid_${randomBytes(8).toString('hex')}`, phone, inputs: [] as string[] }));
  const headers = () => ({ 'content-type': 'application/x-www-form-urlencoded' }); // fresh: autocannon writes content-length into it
  let next = 0;
  return {
    async dial(appUrl: string): Promise<void> {
      for (const s of sessions) {
        const body = new URLSearchParams({ sessionId: s.id, serviceCode: '*384*1#', phoneNumber: `+${s.phone}`, text: '' }).toString();
        const screen = await fetch(`${appUrl}/webhooks/ussd`, { method: 'POST', headers: headers(), body }).then((r) => r.text());
        if (!screen.startsWith('CON')) throw new Error(`dialling a session answered: ${screen}`);
      }
    },
    request() {
      const s = sessions[next++ % sessions.length]!;
      s.inputs = s.inputs.length > 20 ? [] : s.inputs; // keep the cumulative text short: what matters is the newest input
      s.inputs.push(s.inputs.length % 2 === 0 ? '2' : '0');
      const body = new URLSearchParams({ sessionId: s.id, serviceCode: '*384*1#', phoneNumber: `+${s.phone}`, networkCode: '63902', text: s.inputs.join('*') }).toString();
      return { path: '/webhooks/ussd', headers: headers(), body };
    },
  };
}

/**
 * BENCH_HISTORY_MONTHS=n: every seeded tenancy gets n months before November 2026 of rent billed and paid
 * (a bill, a settled payment, its allocation), as a tenant of n months has. Off by default, so figures
 * compare with earlier sessions; the profile statement reads every bill of a tenancy (bench/README.md,
 * sixth session).
 */
const HISTORY_MONTHS = Number(process.env.BENCH_HISTORY_MONTHS ?? 0);

async function seedPaidHistory(database: Database, months: number): Promise<void> {
  await database.sql.query(
    `with months as (select to_char(date '2026-10-01' - make_interval(months => m), 'YYYY-MM') as period from generate_series(0, $1::int - 1) m),
     billed as (
       insert into bills (id, tenancy_id, period, amount)
       select gen_random_uuid(), t.id, months.period, t.monthly_rent from tenancies t cross join months
       returning id, tenancy_id, amount
     ),
     paid as (
       insert into payments (id, source, landlord_id, tenancy_id, bill_id, amount, phone, status, business_short_code, party_b,
                             account_reference, reference, mpesa_receipt_number, completed_at)
       select gen_random_uuid(), 'stk', t.landlord_id, t.id, billed.id, billed.amount, t.phone, 'success', '600100', '600100',
              t.unit, 'HR' || lpad(n::text, 10, '0'), 'H' || lpad(n::text, 9, '0'), now()
       from (select billed.*, row_number() over () as n from billed) billed join tenancies t on t.id = billed.tenancy_id
       returning id, bill_id, amount
     )
     insert into allocations (payment_id, bill_id, amount) select id, bill_id, amount from paid`,
    [months],
  );
}

/**
 * `sessions` tenancies that chat (their phones returned) and `pending` more with a pending intent each (the
 * callbacks' targets), then analysed, as autovacuum would after an import: plans made from empty-table
 * statistics scan every row.
 */
export async function seedChatters(target: BenchDatabase, sessions: number, pending: number) {
  const setup = await openBenchDatabase(target);
  const chatters = await seedTenancies(setup, sessions, { pendingIntents: false, phoneOffset: 0 });
  const intents = pending > 0 ? (await seedTenancies(setup, pending, { pendingIntents: true, phoneOffset: 100_000 })).intents : [];
  if (HISTORY_MONTHS > 0) await seedPaidHistory(setup, HISTORY_MONTHS);
  const rows = (await setup.sql.query<{ phone: string }>('select phone from tenancies where id = any($1::uuid[])', [chatters.tenancyIds])).map((r) => r.phone);
  await setup.sql.query('analyze');
  await setup.close();
  return { phones: rows, intents };
}

/**
 * Statistics as autovacuum keeps them in a database that has been running: the rows the phase before
 * made (the USSD sessions dialled, the WhatsApp conversations) analysed. The app's statements are
 * prepared per connection, and PostgreSQL settles on a generic plan after five runs: made while the
 * conversations table was still empty by its statistics, that plan read the whole table on every turn
 * (1,000 rows: 1.8 million read in one 8 s measure) until autovacuum analysed it, at most a minute later in
 * production, but seldom within a measure.
 */
async function analyze(url: string): Promise<void> {
  await once(url, (sql) => sql`analyze`);
}

/**
 * What autovacuum does in service, done by hand: this machine's PostgreSQL runs with `autovacuum = off`
 * (`SHOW autovacuum`), which no server in service does. Without it, every measure ran on the dead row
 * versions of all the measures before it: the conversations' 1,000 rows grew from 1.4 to 5.3 MB of heap
 * in three USSD rounds, and a suite's USSD rounds fell round after round (0.53, 0.50, 0.45 of the floor)
 * while PostgreSQL's CPU per turn rose to 0.58-0.63 ms against 0.38-0.43 ms on a fresh database. One
 * measure (9 s of load) is shorter than autovacuum's one-minute nap, so a measure still pays for its own
 * dead rows, as a server in service does between two visits (bench/README.md, ninth session).
 */
export async function vacuumAnalyze(url: string): Promise<void> {
  await once(url, (sql) => sql`vacuum (analyze)`);
}

/** Whether the server vacuums by itself (this machine's does not: see `vacuumAnalyze`). */
export async function serverAutovacuum(): Promise<string> {
  const [row] = await once(SERVER_URL, (sql) => sql<{ autovacuum: string }[]>`show autovacuum`);
  return row?.autovacuum ?? 'unknown';
}

/** A checkpoint of the whole server, and a second for its writes to settle: no measure pays for the last one's dirty pages. */
export async function checkpointServer(): Promise<void> {
  await once(SERVER_URL, (sql) => sql`checkpoint`);
  await new Promise((r) => setTimeout(r, 1_000));
}

/**
 * After the warm-up, the database is analysed again, as autovacuum does in service (within a minute of
 * 50 rows + 10 % of a table changing). Why: before the warm-up of the callbacks' measure `allocations`
 * is empty, and the generic plans each connection made during the warm-up kept reading it with a
 * sequential scan as it grew, so the window measured statistics no server in service keeps (one run of
 * `bench:callbacks` scanned 142 million rows). ANALYZE invalidates those plans; the next run replans.
 */
export async function analyzeAfterWarmup(server: MeasuredServer): Promise<void> {
  if (server.databaseUrl) await analyze(server.databaseUrl);
}

/** Before a measure of a server at rest: its outbox caught up, its database vacuumed and analysed, the server checkpointed. */
export async function settleBeforeMeasure(server: MeasuredServer): Promise<void> {
  await outboxCaughtUp(server.metricsUrl);
  if (server.databaseUrl) await vacuumAnalyze(server.databaseUrl);
  await checkpointServer();
}
