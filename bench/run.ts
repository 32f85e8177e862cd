// `npm run bench`: how fast RentEase is against two comparators measured in the same run (the machine's
// speed varies from hour to hour): the HTTP ceiling (bare express 5 answering the same form POST) and the
// stateful floor (express 5 + one locked row read and written per request: the least a durable turn can
// cost). The servers run pinned to one core, autocannon on the other. On PostgreSQL and on PGlite.
// See bench/README.md for what each figure means. BENCH_ONLY=postgres|pglite runs one of the two.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { seedGrowth } from './growth.js';
import { schedulerSection } from './scheduler.js';
import { afterEachWarmup, beforeEachMeasure, CONNECTIONS, meanOf, measure, outboxCaughtUp, readMetrics, SECONDS, WARMUP_SECONDS, type Figure } from './measure.js';
import { analyzeAfterWarmup, buildOnce, checkpointServer, freshDatabase, pinLoadGenerator, seedChatters, settleBeforeMeasure, startBenchServer, startComparator, successCallback, ussdLoad, type BenchServer, type SeededIntent } from './support.js';

const SESSIONS = 1000;
// Each callbacks measure needs a distinct intent per request, warm-up included (a duplicate is cheaper):
// enough for the warm-up and the window at 1,200/s.
const INTENTS_PER_MEASURE = Math.ceil((WARMUP_SECONDS + SECONDS) * 1_200);
const GROWTH = { tenancies: Number(process.env.BENCH_GROWTH_TENANCIES ?? 100_000), payments: Number(process.env.BENCH_GROWTH_PAYMENTS ?? 1_000_000) };
const TWILIO_TOKEN = 'bench-twilio-auth-token';
const ONLY = process.env.BENCH_ONLY;
/** BENCH_FIGURES=ussd,wa,cb: only these of the app's figures (the others print n/a); all three by default. */
const FIGURES = new Set((process.env.BENCH_FIGURES ?? 'ussd,wa,cb').split(',').map((f) => f.trim()));
const SKIPPED: Figure = { requestsPerSecond: Number.NaN, p50: Number.NaN, p99: Number.NaN, requests: 0, non2xx: 0, errors: 0, appCpuMs: Number.NaN, postgresCpuMs: Number.NaN, statements: undefined, roundTrips: undefined };
const only = (figure: string, run: () => Promise<Figure>) => (FIGURES.has(figure) ? run() : Promise.resolve(SKIPPED));

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
// A fresh object each time: autocannon writes content-length into the headers it is given.
const FORM = () => ({ 'content-type': 'application/x-www-form-urlencoded' });
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** USSD turns over 1,000 sessions, alternating "2" (pay rent: balance, choices) and "0" (back to the menu). */
async function ussdTurns(app: BenchServer, phones: string[]): Promise<Figure> {
  const load = ussdLoad(phones.slice(0, SESSIONS));
  await load.dial(app.url);
  return measure(app, load.request);
}

/** Signed WhatsApp turns from 1,000 phones, alternating "pay" and "menu". */
async function whatsappTurns(app: BenchServer, phones: string[]): Promise<Figure> {
  const url = `${app.url}/webhooks/whatsapp`;
  let next = 0;
  return measure(app, () => {
    const n = next++;
    const phone = phones[n % SESSIONS]!;
    const params = { From: `whatsapp:+${phone}`, To: 'whatsapp:+14155238886', Body: Math.floor(n / SESSIONS) % 2 === 0 ? 'pay' : 'menu', MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params);
    return { path: '/webhooks/whatsapp', headers: { ...FORM(), 'x-twilio-signature': signature }, body: form(params) };
  });
}

/**
 * M-Pesa receipt numbers, distinct across the whole run: the grown database's callbacks settle on the
 * same database as the small one's, and a receipt already recorded on another payment is refused as a
 * duplicate (rolled back, then the body recorded on its own), so numbering afresh per measure had the
 * grown figure count duplicates, not settlements (2.0-2.6x "slower").
 */
let receiptSerial = 0;

/** STK callbacks, each settling a distinct pending intent (payment, allocation, two outbox rows, raw body). */
async function callbacks(app: BenchServer, intents: SeededIntent[]): Promise<Figure> {
  let next = 0;
  const settledBefore = await settledPayments(app);
  const figure = await measure(app, () => {
    const intent = intents[next++ % intents.length]!;
    const receipt = `SB${String(receiptSerial++).padStart(8, '0')}`;
    return { path: `/api/daraja/callback/${intent.token}`, headers: { 'content-type': 'application/json' }, body: successCallback(intent, receipt) };
  });
  if (next > intents.length) console.warn(`(only ${intents.length} distinct intents for ${next} callbacks: the rest were duplicates)`);
  // Every callback answers 200, a duplicate too: the figure counts only if the callbacks settled payments.
  // (Up to one request per connection at the end of the warm-up and of the measure is prepared but cut off.)
  const settled = (await settledPayments(app)) - settledBefore;
  if (next - settled > 2 * CONNECTIONS) console.warn(`(${fmt(next - settled)} of ${fmt(next)} callbacks settled no payment)`);
  return figure;
}

/** Payments the app has settled as paid since it started (its rentease_payments_total counter). */
async function settledPayments(app: BenchServer): Promise<number> {
  return (await readMetrics(app.metricsUrl!))('rentease_payments_total{outcome="success"}') ?? 0;
}

const ussdFloorRequest = () => {
  const session = Math.floor(Math.random() * 1000);
  return { path: '/webhooks/ussd', headers: FORM(), body: form({ sessionId: `ATUid_${session}`, phoneNumber: '+254712345678', text: '2' }) };
};

/** Warm-up of the floor's measures after its first: the server is warm, as bench:ab's sides are. */
const FLOOR_REWARM_SECONDS = 3;

/**
 * The stateful floor on its own database, running through the whole section and measured before the
 * app's first figure and again after each: each figure is read against the mean of the floor just
 * before and just after it. This machine's speed drifts within minutes (see bench/README.md), and a
 * floor measured only at the start and end of the section, minutes away from the figure in the middle,
 * moved a figure's ratio by as much as the code did.
 */
async function startFloor(env: { FLOOR_DATABASE_URL: string } | { FLOOR_PGLITE_DIR: string }) {
  const server = await startComparator('./floor-server.ts', env);
  // Its database is analysed before the measure, as the app's is.
  const measured = { ...server, ...('FLOOR_DATABASE_URL' in env ? { databaseUrl: env.FLOOR_DATABASE_URL } : {}) };
  const measures: Figure[] = [await measure(measured, ussdFloorRequest)];
  return {
    /**
     * The floor to read `figure` against: measured once more, and meant with the measure before the
     * figure. The app stays up meanwhile, idle once its outbox has caught up (the callbacks queue two
     * receipts each, sent after the measure: on the floor's core, had the floor not waited).
     */
    async around(figure: Figure, app: BenchServer): Promise<Figure> {
      const before = measures.at(-1)!;
      if (Number.isNaN(figure.requestsPerSecond)) return before; // a figure skipped (BENCH_FIGURES)
      await outboxCaughtUp(app.metricsUrl);
      measures.push(await measure(measured, ussdFloorRequest, { warmupSeconds: FLOOR_REWARM_SECONDS }));
      return meanOf(before, measures.at(-1)!);
    },
    /** Every measure of the floor, in order, and their mean (the table's floor row). */
    summary(name: string): { floor: Figure; note: string } {
      const floor = meanOf(...(measures as [Figure, ...Figure[]]));
      const list = measures.map((f) => `${fmt(f.requestsPerSecond)} (p99 ${fmt(f.p99)} ms)`).join(', ');
      return { floor, note: `${name} stateful floor, measured before the app's first figure and after each: ${list} req/s; each figure is read against the floor just before and after it, the floor row gives the mean of all` };
    },
    stop: () => server.stop(),
  };
}

interface Section {
  name: string;
  /** The mean of every floor measure of the section. */
  floor: Figure;
  /** Each figure's floor: the mean of the floor's measures just before and after it. */
  floors: { ussd: Figure; wa: Figure; cb: Figure };
  ussd: Figure;
  wa: Figure;
  cb: Figure;
  rssMb: number;
  extra: string[];
}

async function postgresSection(ceiling: Figure): Promise<Section> {
  const { url, drop } = await freshDatabase();
  const floorDb = await freshDatabase();
  let app: BenchServer | undefined;
  let floorServer: Awaited<ReturnType<typeof startFloor>> | undefined;
  try {
    // With too few intents (6,000 for 13 s) a third of a 680/s run's callbacks were duplicates.
    step(`PostgreSQL: seeding 1,000 chatting tenants and ${fmt(2 * INTENTS_PER_MEASURE)} pending intents`);
    const { phones, intents } = await seedChatters({ url }, SESSIONS, 2 * INTENTS_PER_MEASURE);
    step('PostgreSQL: the stateful floor');
    floorServer = await startFloor({ FLOOR_DATABASE_URL: floorDb.url });
    app = await startBenchServer({ url }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step('PostgreSQL: USSD turns, then the floor');
    const ussd = await only('ussd', () => ussdTurns(app!, phones));
    const floors = { ussd: await floorServer.around(ussd, app!) } as Section['floors'];
    step('PostgreSQL: WhatsApp turns, then the floor');
    const wa = await only('wa', () => whatsappTurns(app!, phones));
    floors.wa = await floorServer.around(wa, app!);
    step('PostgreSQL: STK callbacks, then the floor');
    const cb = await only('cb', () => callbacks(app!, intents.slice(0, INTENTS_PER_MEASURE)));
    floors.cb = await floorServer.around(cb, app!);
    const rssMb = app.peakRssMb();
    await app.stop();
    app = undefined;
    await floorServer.stop();
    const { floor, note } = floorServer.summary('PostgreSQL');
    floorServer = undefined;
    const extra: string[] = [note];
    if (!process.env.BENCH_SKIP_GROWTH) {
      step(`growing the database by ${GROWTH.tenancies} tenancies and ${GROWTH.payments} payments`);
      const seedMs = await seedGrowth(url, GROWTH);
      app = await startBenchServer({ url }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
      step('USSD turns and callbacks on the grown database');
      const ussdGrown = await ussdTurns(app, phones);
      const cbGrown = await callbacks(app, intents.slice(INTENTS_PER_MEASURE));
      await app.stop();
      app = undefined;
      extra.push(
        `\nGrowth: ${fmt(GROWTH.tenancies)} more tenancies and ${fmt(GROWTH.payments)} more payment rows (seeded in ${fmt(seedMs / 1000, 1)} s)`,
        '| figure | small DB | grown DB | ratio | target |',
        '|---|---:|---:|---:|---|',
        `| USSD turn p50 (ms) | ${ussd.p50} | ${ussdGrown.p50} | ${fmt(ussdGrown.p50 / ussd.p50, 2)} | |`,
        `| USSD turn p99 (ms) | ${ussd.p99} | ${ussdGrown.p99} | ${fmt(ussdGrown.p99 / ussd.p99, 2)} | <= 1.2 |`,
        `| USSD turns/s | ${fmt(ussd.requestsPerSecond)} | ${fmt(ussdGrown.requestsPerSecond)} | ${fmt(ussd.requestsPerSecond / ussdGrown.requestsPerSecond, 2)} | |`,
        `| callbacks settled/s | ${fmt(cb.requestsPerSecond)} | ${fmt(cbGrown.requestsPerSecond)} | ${fmt(cb.requestsPerSecond / cbGrown.requestsPerSecond, 2)} | <= 1.2 |`,
      );
    }
    void ceiling;
    return { name: 'PostgreSQL', floor, floors, ussd, wa, cb, rssMb, extra };
  } finally {
    if (app) await app.stop();
    if (floorServer) await floorServer.stop();
    await drop();
    await floorDb.drop();
  }
}

async function pgliteSection(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'rentease-bench-pglite-'));
  const floorDir = mkdtempSync(join(tmpdir(), 'rentease-bench-floor-'));
  let app: BenchServer | undefined;
  let floorServer: Awaited<ReturnType<typeof startFloor>> | undefined;
  try {
    step('PGlite: the first start on a fresh data directory');
    const freshStart = performance.now();
    app = await startBenchServer({ pgliteDir: dir });
    const firstStartMs = performance.now() - freshStart;
    const firstRss = app.peakRssMb();
    await app.stop();
    // PGlite settles 150-200 callbacks/s: enough intents for the warm-up and the window at 300/s.
    const pending = Math.ceil((WARMUP_SECONDS + SECONDS) * 300);
    step(`PGlite: seeding 1,000 chatting tenants and ${fmt(pending)} pending intents`);
    const { phones, intents } = await seedChatters({ pgliteDir: join(dir, 'pglite') }, SESSIONS, pending);
    step('PGlite: the stateful floor');
    floorServer = await startFloor({ FLOOR_PGLITE_DIR: floorDir });
    app = await startBenchServer({ pgliteDir: dir }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step('PGlite: USSD turns, then the floor');
    const ussd = await only('ussd', () => ussdTurns(app!, phones));
    const floors = { ussd: await floorServer.around(ussd, app!) } as Section['floors'];
    step('PGlite: WhatsApp turns, then the floor');
    const wa = await only('wa', () => whatsappTurns(app!, phones));
    floors.wa = await floorServer.around(wa, app!);
    step('PGlite: STK callbacks, then the floor');
    const cb = await only('cb', () => callbacks(app!, intents));
    floors.cb = await floorServer.around(cb, app!);
    const rssMb = app.peakRssMb();
    await app.stop();
    app = undefined;
    await floorServer.stop();
    const { floor, note } = floorServer.summary('PGlite');
    floorServer = undefined;
    const timeouts = [ussd, wa, cb].reduce((n, f) => n + f.errors, 0);
    return {
      name: 'PGlite',
      floor,
      floors,
      ussd,
      wa,
      cb,
      rssMb,
      extra: [note, `\nPGlite: first start on a fresh data directory ${fmt(firstStartMs / 1000, 1)} s to /healthz (target <= 5 s), peak RSS then ${fmt(firstRss)} MB; requests timed out under load: ${timeouts}`],
    };
  } finally {
    if (app) await app.stop();
    if (floorServer) await floorServer.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}

function table(section: Section, ceiling: Figure): string[] {
  const row = (name: string, f: Figure, floor: Figure, target = '') =>
    `| ${name} | ${fmt(f.requestsPerSecond)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.requestsPerSecond / ceiling.requestsPerSecond, 2)} | ${fmt(f.requestsPerSecond / floor.requestsPerSecond, 2)} | ${fmt(f.appCpuMs, 2)} | ${fmt(f.postgresCpuMs, 2)} | ${fmt(f.statements, 1)} | ${fmt(f.roundTrips, 1)} | ${target} |`;
  const { ussd, wa, cb } = section.floors;
  return [
    `\n${section.name}`,
    '| figure | req/s | p50 ms | p99 ms | x ceiling | x floor | app CPU ms/req | PostgreSQL CPU ms/req | statements/req | round trips/req | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    row('HTTP ceiling (bare express 5)', ceiling, section.floor),
    row('stateful floor (express + 1 locked row)', section.floor, section.floor),
    row('USSD turn (1,000 sessions)', section.ussd, ussd, `>= 0.6x floor, p99 <= 2x floor p99 (here ${fmt(section.ussd.p99 / ussd.p99, 2)}x its floor's ${fmt(ussd.p99)} ms)`),
    row('WhatsApp turn (signed, 1,000 phones)', section.wa, wa, '>= 0.5x floor'),
    row('STK callbacks settled', section.cb, cb, '>= 0.4x floor'),
    `\nPeak RSS of the app process: ${fmt(section.rssMb)} MB (target ${section.name === 'PGlite' ? '<= 300' : '<= 200'} MB)`,
    ...section.extra,
    `Non-2xx answers and errors across the app's runs: ${[section.ussd, section.wa, section.cb].reduce((n, f) => n + f.non2xx + f.errors, 0)}`,
  ];
}

async function main() {
  buildOnce();
  pinLoadGenerator();
  beforeEachMeasure(settleBeforeMeasure);
  afterEachWarmup(analyzeAfterWarmup);
  const baseline = await startComparator('./baseline-server.ts');
  step('HTTP ceiling');
  const ceiling = await measure(baseline, () => ({ path: '/webhooks/ussd', headers: FORM(), body: form({ sessionId: 'x', phoneNumber: '+254712345678', text: '1' }) }));
  await baseline.stop();
  const sections: Section[] = [];
  if (ONLY !== 'pglite') sections.push(await postgresSection(ceiling));
  if (ONLY !== 'postgres') sections.push(await pgliteSection());
  let scheduler: string[] = [];
  if (ONLY !== 'pglite' && !process.env.BENCH_SKIP_SCHEDULER) {
    // Its measures run while the app bills, whose notices keep the outbox busy for hours by design (at
    // OUTBOX_BULK_PER_SECOND): waiting for it, or analysing under it, would move the measure past the run.
    beforeEachMeasure(checkpointServer);
    afterEachWarmup(async () => {});
    scheduler = await schedulerSection();
  }
  console.log(`\nRentEase benchmark: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, servers pinned to one core, Node ${process.version}`);
  for (const section of sections) console.log(table(section, ceiling).join('\n'));
  if (scheduler.length > 0) console.log(scheduler.join('\n'));
}

await main();
