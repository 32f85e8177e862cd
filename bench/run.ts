// `npm run bench`: how fast RentEase is against the limit of its stack, on real PostgreSQL.
// Each figure is measured with autocannon (50 connections, a warm-up, then a measured window) against
// the app running as its own process, and compared with a bare express 5 server answering the same
// form POST in the same run (the HTTP ceiling). See bench/README.md for what each figure means.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { seedGrowth } from './growth.js';
import { freshDatabase, openBenchDatabase, seedTenancies, startBenchServer, successCallback, type BenchServer, type SeededIntent } from './support.js';

const CONNECTIONS = 50;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SESSIONS = 1000;
const GROWTH = { tenancies: Number(process.env.BENCH_GROWTH_TENANCIES ?? 100_000), payments: Number(process.env.BENCH_GROWTH_PAYMENTS ?? 1_000_000) };
const TWILIO_TOKEN = 'bench-twilio-auth-token';

interface Figure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, request: () => { path: string; body: string; headers: Record<string, string> }): Promise<Figure> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...request() }) }],
    });
  await run(WARMUP_SECONDS);
  const result = await run(SECONDS);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function startBaseline(): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error('baseline server exited')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
// A fresh object each time: autocannon writes content-length into the headers it is given.
const FORM = () => ({ 'content-type': 'application/x-www-form-urlencoded' });

/** USSD turns over 1,000 sessions, alternating "2" (pay rent: balance, choices) and "0" (back to the menu). */
async function ussdTurns(app: BenchServer, phones: string[]): Promise<Figure> {
  const sessions = phones.slice(0, SESSIONS).map((phone) => ({ id: `ATUid_${randomBytes(8).toString('hex')}`, phone, inputs: [] as string[] }));
  step(`dialling ${sessions.length} USSD sessions`);
  for (const s of sessions) {
    const res = await fetch(`${app.url}/webhooks/ussd`, {
      method: 'POST',
      headers: FORM(),
      body: form({ sessionId: s.id, serviceCode: '*384*1#', phoneNumber: `+${s.phone}`, text: '' }),
      signal: AbortSignal.timeout(10_000),
    });
    const screen = await res.text();
    if (!screen.startsWith('CON')) throw new Error(`dialling a session answered ${res.status}: ${screen}`);
  }
  let next = 0;
  return measure(app.url, () => {
    const s = sessions[next++ % sessions.length]!;
    // Keep the cumulative text short: what matters is the newest input.
    s.inputs = s.inputs.length > 20 ? [] : s.inputs;
    s.inputs.push(s.inputs.length % 2 === 0 ? '2' : '0');
    return { path: '/webhooks/ussd', headers: FORM(), body: form({ sessionId: s.id, serviceCode: '*384*1#', phoneNumber: `+${s.phone}`, networkCode: '63902', text: s.inputs.join('*') }) };
  });
}

/** Signed WhatsApp turns from 1,000 phones, alternating "pay" and "menu". */
async function whatsappTurns(app: BenchServer, phones: string[]): Promise<Figure> {
  const url = `${app.url}/webhooks/whatsapp`;
  let next = 0;
  return measure(app.url, () => {
    const n = next++;
    const phone = phones[n % SESSIONS]!;
    const params = { From: `whatsapp:+${phone}`, To: 'whatsapp:+14155238886', Body: Math.floor(n / SESSIONS) % 2 === 0 ? 'pay' : 'menu', MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params);
    return { path: '/webhooks/whatsapp', headers: { ...FORM(), 'x-twilio-signature': signature }, body: form(params) };
  });
}

/** STK callbacks, each settling a distinct pending intent (payment, allocation, two outbox rows). */
async function callbacks(app: BenchServer, intents: SeededIntent[]): Promise<Figure> {
  let next = 0;
  const figure = await measure(app.url, () => {
    const intent = intents[next % intents.length]!;
    const receipt = `SB${String(next++).padStart(8, '0')}`;
    return { path: `/api/daraja/callback/${intent.token}`, headers: { 'content-type': 'application/json' }, body: successCallback(intent, receipt) };
  });
  if (next > intents.length) console.warn(`(only ${intents.length} distinct intents for ${next} callbacks: the rest were duplicates)`);
  return figure;
}

const step = (text: string) => process.stderr.write(`… ${text}\n`);
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const { url, drop } = await freshDatabase();
  const baseline = await startBaseline();
  let app: BenchServer | undefined;
  try {
    step('seeding 1,000 chatting tenants and 12,000 pending intents');
    const setup = await openBenchDatabase(url);
    const chatters = await seedTenancies(setup, SESSIONS, { pendingIntents: false, phoneOffset: 0 });
    const pending = await seedTenancies(setup, 12_000, { pendingIntents: true, phoneOffset: 100_000 });
    const chatPhones = (await setup.db.execute(`select phone from tenancies where id in (${chatters.tenancyIds.map((id) => `'${id}'`).join(',')})` as never)) as unknown as { phone: string }[];
    await setup.close();
    const phones = chatPhones.map((r) => r.phone);

    app = await startBenchServer(url, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step('HTTP ceiling');
    const ceiling = await measure(baseline.url, () => ({ path: '/webhooks/ussd', headers: FORM(), body: form({ sessionId: 'x', phoneNumber: '+254712345678', text: '1' }) }));
    step('USSD turns');
    const ussd = await ussdTurns(app, phones);
    step('WhatsApp turns');
    const wa = await whatsappTurns(app, phones);
    step('STK callbacks');
    const cb = await callbacks(app, pending.intents.slice(0, 6_000));
    const rss = app.peakRssMb();
    await app.stop();
    app = undefined;

    step(`growing the database by ${GROWTH.tenancies} tenancies and ${GROWTH.payments} payments`);
    const seedMs = await seedGrowth(url, GROWTH);
    app = await startBenchServer(url, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step('USSD turns and callbacks on the grown database');
    const ussdGrown = await ussdTurns(app, phones);
    const cbGrown = await callbacks(app, pending.intents.slice(6_000));
    await app.stop();
    app = undefined;

    const rows = [
      ['HTTP ceiling (bare express 5, same form POST)', fmt(ceiling.requestsPerSecond), `${ceiling.p50}`, `${ceiling.p99}`, '1.00', ''],
      ['USSD turn (1,000 sessions)', fmt(ussd.requestsPerSecond), `${ussd.p50}`, `${ussd.p99}`, fmt(ratio(ussd.requestsPerSecond, ceiling.requestsPerSecond), 2), '>= 0.6x, p99 <= 50 ms'],
      ['WhatsApp turn (signed, 1,000 phones)', fmt(wa.requestsPerSecond), `${wa.p50}`, `${wa.p99}`, fmt(ratio(wa.requestsPerSecond, ceiling.requestsPerSecond), 2), ''],
      ['STK callbacks settled', fmt(cb.requestsPerSecond), `${cb.p50}`, `${cb.p99}`, fmt(ratio(cb.requestsPerSecond, ceiling.requestsPerSecond), 2), '>= 0.3x'],
    ];
    console.log(`\nRentEase benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, PostgreSQL, Node ${process.version}\n`);
    console.log('| figure | req/s | p50 ms | p99 ms | x ceiling | target |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(`\nPeak RSS of the app process: ${fmt(rss)} MB (target <= 200 MB)`);
    console.log(`\nGrowth: ${fmt(GROWTH.tenancies)} more tenancies and ${fmt(GROWTH.payments)} more payment rows (seeded in ${fmt(seedMs / 1000, 1)} s)`);
    console.log('| figure | small DB | grown DB | ratio | target |');
    console.log('|---|---:|---:|---:|---|');
    console.log(`| USSD turn p99 (ms) | ${ussd.p99} | ${ussdGrown.p99} | ${fmt(ratio(ussdGrown.p99, ussd.p99), 2)} | <= 1.2 |`);
    console.log(`| callbacks settled/s | ${fmt(cb.requestsPerSecond)} | ${fmt(cbGrown.requestsPerSecond)} | ${fmt(ratio(cb.requestsPerSecond, cbGrown.requestsPerSecond), 2)} | <= 1.2 |`);
    const failures = [ussd, wa, cb, ussdGrown, cbGrown].reduce((n, f) => n + f.non2xx + f.errors, 0);
    console.log(`\nNon-2xx answers and errors across the app's runs: ${failures}`);
  } finally {
    if (app) await app.stop();
    await baseline.stop();
    await drop();
  }
}

await main();
