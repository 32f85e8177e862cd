// `npm run test:outage`: the app under load while its PostgreSQL server stops for 9 s and comes back.
// Checks what issue "money and outages" asks: every request answered within 2 s during the outage,
// /healthz 503 within 1 s, recovery within 2 s of the server's return, and nothing lost or doubled
// afterwards. Runs a PostgreSQL server of its own (test/outage/private-postgres.ts) and the app as its
// own process, as `npm start` runs it. Prints the figures; exits 1 when a target is missed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { createPrivatePostgres } from './private-postgres.js';

const PG_PORT = 55_000 + Math.floor(Math.random() * 1000);
const APP_PORT = 56_000 + Math.floor(Math.random() * 1000);
const BASE = `http://127.0.0.1:${APP_PORT}`;
const DOWN_MS = Number(process.env.OUTAGE_SECONDS ?? 9) * 1000;

interface Sample {
  route: string;
  /** The C2B receipt the request carried, to check afterwards that it was recorded exactly when accepted. */
  receipt?: string;
  startedAt: number;
  ms: number;
  status: number | 'timeout' | 'error';
  apology: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const samples: Sample[] = [];

async function timed(route: string, url: string, init: RequestInit, isApology: (text: string) => boolean = () => false, receipt?: string): Promise<void> {
  const startedAt = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(25_000) });
    const text = await res.text();
    samples.push({ route, receipt, startedAt, ms: Date.now() - startedAt, status: res.status, apology: isApology(text) });
  } catch (error) {
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    samples.push({ route, receipt, startedAt, ms: Date.now() - startedAt, status: timeout ? 'timeout' : 'error', apology: false });
  }
}

const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
const apology = (text: string) => /try again|jaribu tena|busy/i.test(text);
const phone = () => `2547${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const loads: Record<string, () => Promise<void>> = {
  ussd: () => timed('ussd', `${BASE}/webhooks/ussd`, form({ sessionId: `ATUid_${randomBytes(6).toString('hex')}`, serviceCode: '*384*1#', phoneNumber: '+254712345678', text: '' }), apology),
  whatsapp: () => timed('whatsapp', `${BASE}/webhooks/whatsapp`, form({ From: `whatsapp:+${phone()}`, Body: 'hi', MessageSid: `SM${randomBytes(16).toString('hex')}` }), apology),
  sms: () => timed('sms', `${BASE}/webhooks/sms`, form({ from: `+${phone()}`, to: '20880', text: 'hi', id: `ATXid_${randomBytes(6).toString('hex')}` })),
  c2b: () => {
    const receipt = `OUT${randomBytes(4).toString('hex').toUpperCase()}`;
    const body = { TransactionType: 'Pay Bill', TransID: receipt, TransTime: '20261127121325', TransAmount: '10', BusinessShortCode: '600100', BillRefNumber: 'NOBODY', MSISDN: '2547 ***** 126' };
    return timed('c2b', `${BASE}/api/daraja/c2b/confirmation`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, undefined, receipt);
  },
};
const LOOPS_PER_ROUTE = 4;

async function main(): Promise<number> {
  const pg = createPrivatePostgres(PG_PORT);
  const dataDir = mkdtempSync(join(tmpdir(), 'rentease-outage-app-'));
  const app = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: String(APP_PORT), HOST: '127.0.0.1', DATABASE_URL: pg.url, DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', SIMULATOR_AUTO_ANSWER_SECONDS: '600' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; i < 200 && !(await fetch(`${BASE}/healthz`).then((r) => r.ok).catch(() => false)); i++) await sleep(100);

    let running = true;
    const loop = async (name: string) => {
      while (running) {
        await loads[name]!();
        await sleep(10);
      }
    };
    const workers = Object.keys(loads).flatMap((name) => Array.from({ length: LOOPS_PER_ROUTE }, () => loop(name)));
    const health = (async () => {
      while (running) {
        await timed('healthz', `${BASE}/healthz`, {});
        await sleep(100);
      }
    })();

    await sleep(3_000);
    const downAt = Date.now();
    pg.stop('fast');
    const stoppedAt = Date.now();
    await sleep(DOWN_MS);
    const restartAt = Date.now();
    pg.start();
    const upAt = Date.now();
    await sleep(8_000);
    running = false;
    await Promise.all([...workers, health]);

    const during = samples.filter((s) => s.startedAt >= stoppedAt && s.startedAt < restartAt);
    const chat = during.filter((s) => s.route !== 'healthz');
    const healthz = during.filter((s) => s.route === 'healthz');
    const over = (ms: number) => chat.filter((s) => typeof s.status !== 'number' || s.ms > ms).length;
    const after = samples.filter((s) => s.startedAt >= upAt && ['ussd', 'whatsapp'].includes(s.route));
    const firstGood = after.find((s) => s.status === 200 && !s.apology);
    const lastBad = [...after].reverse().find((s) => s.status !== 200 || s.apology);
    const recovery = lastBad ? lastBad.startedAt + lastBad.ms - upAt : 0;
    const statuses = (list: Sample[]) => Object.entries(list.reduce<Record<string, number>>((m, s) => ((m[String(s.status)] = (m[String(s.status)] ?? 0) + 1), m), {})).map(([k, v]) => `${k}×${v}`).join(' ');

    console.log(`PostgreSQL stopped in ${stoppedAt - downAt} ms, down ${restartAt - stoppedAt} ms, back after ${upAt - restartAt} ms`);
    console.log(`requests during the outage: ${chat.length} (${statuses(chat)}); slowest ${Math.max(0, ...chat.map((s) => s.ms))} ms; over 2 s: ${over(2_000)}`);
    for (const route of Object.keys(loads)) {
      const list = chat.filter((s) => s.route === route);
      console.log(`  ${route.padEnd(9)} ${String(list.length).padStart(4)} requests, slowest ${Math.max(0, ...list.map((s) => s.ms))} ms, ${statuses(list)}`);
    }
    if (process.env.OUTAGE_DEBUG) console.log(healthz.map((s) => `${s.startedAt - stoppedAt}ms:${s.status}/${s.ms}`).join(' '));
    console.log(`/healthz during the outage: ${healthz.length} probes (${statuses(healthz)}); slowest ${Math.max(0, ...healthz.map((s) => s.ms))} ms`);
    console.log(`recovery: first good turn ${firstGood ? firstGood.startedAt + firstGood.ms - upAt : 'none'} ms after the server was back; last failed turn ended ${recovery} ms after`);
    // Money afterwards: a confirmation answered 200 is recorded once, one answered otherwise not at all.
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    const recorded = new Map((await sql<{ receipt: string; n: number }[]>`select mpesa_receipt_number as receipt, count(*)::int as n from payments where source = 'c2b' group by 1`).map((r) => [r.receipt, r.n]));
    await sql.end();
    const c2b = samples.filter((s) => s.receipt);
    const wrong = c2b.filter((s) => (s.status === 200 ? recorded.get(s.receipt!) !== 1 : recorded.has(s.receipt!)));
    console.log(`C2B confirmations: ${c2b.filter((s) => s.status === 200).length} accepted and recorded once each, ${c2b.filter((s) => s.status !== 200).length} refused and not recorded; wrong: ${wrong.length}`);
    const misses = [
      wrong.length > 0 && 'a confirmation was recorded other than once for 200, or at all for a refusal',
      over(2_000) > 0 && 'a request took over 2 s during the outage',
      healthz.some((s) => s.ms > 1_000 || s.status !== 503) && '/healthz was not 503 within 1 s',
      (!firstGood || recovery > 2_000) && 'no recovery within 2 s',
    ].filter(Boolean);
    for (const miss of misses) console.log(`MISSED: ${miss}`);
    return misses.length === 0 ? 0 : 1;
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    pg.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
