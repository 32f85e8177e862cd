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
import { afterEachWarmup, beforeEachMeasure, CONNECTIONS, meanOf, measure, outboxCaughtUp, readMetrics, WARMUP_SECONDS, warmUp, type Figure, type RequestFactory } from './measure.js';
import { analyzeAfterWarmup, buildOnce, checkpointServer, freshDatabase, pinLoadGenerator, seedChatters, serverAutovacuum, settleBeforeMeasure, startBenchServer, startComparator, successCallback, ussdLoad, type BenchServer, type SeededIntent } from './support.js';

const SESSIONS = 1000;
/**
 * The app's figures are measured in rounds, each figure beside the floor (see `inRounds`): BENCH_ROUNDS
 * (3) rounds of a 2 s warm-up and a BENCH_ROUND_SECONDS (5) window each, after one unmeasured warm-up of
 * WARMUP_SECONDS per figure.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const ROUND_WARMUP_SECONDS = 2;
/** Seconds of callbacks a section sends: the first warm-up and the rounds (on PostgreSQL, again on the grown database). */
const CALLBACK_SECONDS = WARMUP_SECONDS + ROUNDS * (ROUND_WARMUP_SECONDS + ROUND_SECONDS);
const GROWTH = { tenancies: Number(process.env.BENCH_GROWTH_TENANCIES ?? 100_000), payments: Number(process.env.BENCH_GROWTH_PAYMENTS ?? 1_000_000) };
const TWILIO_TOKEN = 'bench-twilio-auth-token';
const ONLY = process.env.BENCH_ONLY;
/** BENCH_FIGURES=ussd,wa,cb: only these of the app's figures (the others print n/a); all three by default. */
const FIGURE_NAMES = ['ussd', 'wa', 'cb'] as const;
type FigureName = (typeof FIGURE_NAMES)[number];
const ASKED = (process.env.BENCH_FIGURES ?? FIGURE_NAMES.join(',')).split(',').map((x) => x.trim());
const FIGURES = FIGURE_NAMES.filter((f) => ASKED.includes(f));
const SKIPPED: Figure = { requestsPerSecond: Number.NaN, p50: Number.NaN, p99: Number.NaN, requests: 0, non2xx: 0, errors: 0, appCpuMs: Number.NaN, postgresCpuMs: Number.NaN, statements: undefined, roundTrips: undefined };

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
// A fresh object each time: autocannon writes content-length into the headers it is given.
const FORM = () => ({ 'content-type': 'application/x-www-form-urlencoded' });
const step = (text: string) => process.stderr.write(`… ${text}\n`);
const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]!;

/** One of the app's loads: its requests, and a check after each measure of it. */
interface Load {
  request: RequestFactory;
  /** Warns when the measure did not measure what it says (callbacks that settled nothing). */
  checked?(measure: () => Promise<Figure>): Promise<Figure>;
}

/** USSD turns over 1,000 sessions, alternating "2" (pay rent: balance, choices) and "0" (back to the menu); the sessions dialled first. */
async function ussdTurns(app: BenchServer, phones: string[]): Promise<Load> {
  const load = ussdLoad(phones.slice(0, SESSIONS));
  await load.dial(app.url);
  return { request: load.request };
}

/** Signed WhatsApp turns from 1,000 phones, alternating "pay" and "menu". */
function whatsappTurns(app: BenchServer, phones: string[]): Load {
  const url = `${app.url}/webhooks/whatsapp`;
  let next = 0;
  return {
    request: () => {
      const n = next++;
      const phone = phones[n % SESSIONS]!;
      const params = { From: `whatsapp:+${phone}`, To: 'whatsapp:+14155238886', Body: Math.floor(n / SESSIONS) % 2 === 0 ? 'pay' : 'menu', MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
      const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params);
      return { path: '/webhooks/whatsapp', headers: { ...FORM(), 'x-twilio-signature': signature }, body: form(params) };
    },
  };
}

/**
 * M-Pesa receipt numbers, distinct across the whole run: the grown database's callbacks settle on the
 * same database as the small one's, and a receipt already recorded on another payment is refused as a
 * duplicate (rolled back, then the body recorded on its own), so numbering afresh per measure had the
 * grown figure count duplicates, not settlements (2.0-2.6x "slower").
 */
let receiptSerial = 0;

/** STK callbacks, each settling a distinct pending intent (payment, allocation, two outbox rows, raw body). */
function callbacks(app: BenchServer, intents: SeededIntent[]): Load {
  let next = 0;
  return {
    request: () => {
      const intent = intents[next++ % intents.length]!;
      const receipt = `SB${String(receiptSerial++).padStart(8, '0')}`;
      return { path: `/api/daraja/callback/${intent.token}`, headers: { 'content-type': 'application/json' }, body: successCallback(intent, receipt) };
    },
    async checked(run) {
      const sentBefore = next;
      const settledBefore = await settledPayments(app);
      const figure = await run();
      const sent = next - sentBefore;
      if (next > intents.length) console.warn(`(only ${intents.length} distinct intents for ${next} callbacks: the rest were duplicates)`);
      // Every callback answers 200, a duplicate too: the figure counts only if the callbacks settled payments.
      // (Up to one request per connection at the end of the warm-up and of the measure is prepared but cut off.)
      const settled = (await settledPayments(app)) - settledBefore;
      if (sent - settled > 2 * CONNECTIONS) console.warn(`(${fmt(sent - settled)} of ${fmt(sent)} callbacks settled no payment)`);
      return figure;
    },
  };
}

/** Payments the app has settled as paid since it started (its rentease_payments_total counter). */
async function settledPayments(app: BenchServer): Promise<number> {
  return (await readMetrics(app.metricsUrl!))('rentease_payments_total{outcome="success"}') ?? 0;
}

const ussdFloorRequest = () => {
  const session = Math.floor(Math.random() * 1000);
  return { path: '/webhooks/ussd', headers: FORM(), body: form({ sessionId: `ATUid_${session}`, phoneNumber: '+254712345678', text: '2' }) };
};

/**
 * The stateful floor on its own database, running through the whole section beside the app: measured
 * first with the full warm-up, then again after each of the app's measures (`again`, a short warm-up:
 * the server is warm). The app is idle meanwhile, its outbox caught up first (the callbacks queue two
 * receipts each, sent after the measure: on the floor's core, had the floor not waited).
 */
async function startFloor(env: { FLOOR_DATABASE_URL: string } | { FLOOR_PGLITE_DIR: string }) {
  const server = await startComparator('./floor-server.ts', env);
  // Its database is analysed before the measure, as the app's is.
  const measured = { ...server, ...('FLOOR_DATABASE_URL' in env ? { databaseUrl: env.FLOOR_DATABASE_URL } : {}) };
  const measures: Figure[] = [await measure(measured, ussdFloorRequest)];
  return {
    last: () => measures.at(-1)!,
    async again(app?: BenchServer): Promise<Figure> {
      if (app) await outboxCaughtUp(app.metricsUrl);
      measures.push(await measure(measured, ussdFloorRequest, { warmupSeconds: ROUND_WARMUP_SECONDS, seconds: ROUND_SECONDS }));
      return measures.at(-1)!;
    },
    /** Every measure of the floor so far, and their mean (the table's floor row). */
    summary(name: string): { floor: Figure; note: string } {
      const floor = meanOf(...(measures as [Figure, ...Figure[]]));
      const list = measures.map((f) => fmt(f.requestsPerSecond)).join(', ');
      return { floor, note: `${name} stateful floor, measured ${measures.length} times through the section (req/s): ${list}; the floor row gives their mean` };
    },
    stop: () => server.stop(),
  };
}
type Floor = Awaited<ReturnType<typeof startFloor>>;

/** A figure of the app as the table shows it: the round with the median ratio to its floor. */
interface RoundedFigure {
  figure: Figure;
  /** The floor beside that round: the mean of its measures just before and just after it. */
  floor: Figure;
  /** Every round's figure / floor, in order. */
  ratios: number[];
  /** Every round's figure, in order. */
  rounds: Figure[];
}

const NOT_MEASURED: RoundedFigure = { figure: SKIPPED, floor: SKIPPED, ratios: [], rounds: [] };

/**
 * The app's figures in rounds: each load warmed up once (WARMUP_SECONDS, unmeasured), then ROUNDS rounds
 * of USSD, floor, WhatsApp, floor, callbacks, floor. Each measure is read against the mean of the floor
 * just before and just after it, and each figure is reported by its round with the median ratio. Why
 * rounds: this machine's speed moves by a third within minutes (the floor's own measures in one section
 * ran 862-1,322 req/s), so one window per figure gave ratios that crossed a target from one run to the
 * next with no change to the code; the median of interleaved rounds is what bench:ab found stable.
 */
async function inRounds(app: BenchServer, floor: Floor, loads: Partial<Record<FigureName, Load>>): Promise<Record<FigureName, RoundedFigure>> {
  const names = FIGURES.filter((f) => loads[f]);
  const measureOf = (name: FigureName, options: { warmupSeconds: number; seconds: number }) => {
    const load = loads[name]!;
    const run = () => measure(app, load.request, options);
    return load.checked ? load.checked(run) : run();
  };
  for (const name of names) {
    step(`${name}: warm-up`);
    await warmUp(app, loads[name]!.request);
  }
  const rounds: Record<FigureName, { figure: Figure; floor: Figure }[]> = { ussd: [], wa: [], cb: [] };
  // The floor's last measure was before the app's warm-ups: measured again to stand just before round 1.
  await floor.again(app);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of names) {
      const before = floor.last();
      const figure = await measureOf(name, { warmupSeconds: ROUND_WARMUP_SECONDS, seconds: ROUND_SECONDS });
      rounds[name].push({ figure, floor: meanOf(before, await floor.again(app)) });
      step(`round ${round}/${ROUNDS}: ${name} ${fmt(figure.requestsPerSecond)} req/s, ${fmt(figure.requestsPerSecond / rounds[name].at(-1)!.floor.requestsPerSecond, 2)}x its floor`);
    }
  }
  const result = { ussd: NOT_MEASURED, wa: NOT_MEASURED, cb: NOT_MEASURED };
  for (const name of names) {
    const ratios = rounds[name].map((r) => r.figure.requestsPerSecond / r.floor.requestsPerSecond);
    result[name] = { ...rounds[name][ratios.indexOf(median(ratios))]!, ratios, rounds: rounds[name].map((r) => r.figure) };
  }
  return result;
}

interface Section {
  name: string;
  /** The mean of every floor measure of the section. */
  floor: Figure;
  ussd: RoundedFigure;
  wa: RoundedFigure;
  cb: RoundedFigure;
  rssMb: number;
  extra: string[];
}

/** The app's loads of a section, those BENCH_FIGURES names (USSD's sessions dialled). */
async function loadsOf(app: BenchServer, phones: string[], intents: SeededIntent[]): Promise<Partial<Record<FigureName, Load>>> {
  return {
    ...(FIGURES.includes('ussd') ? { ussd: await ussdTurns(app, phones) } : {}),
    ...(FIGURES.includes('wa') ? { wa: whatsappTurns(app, phones) } : {}),
    ...(FIGURES.includes('cb') ? { cb: callbacks(app, intents) } : {}),
  };
}

async function postgresSection(): Promise<Section> {
  const { url, drop } = await freshDatabase();
  const floorDb = await freshDatabase();
  let app: BenchServer | undefined;
  let floor: Floor | undefined;
  try {
    // Enough distinct intents for the callbacks at 1,200/s (a duplicate is cheaper than a settlement): the
    // first half for the small database's rounds, the second for the grown one's.
    const smallIntents = Math.ceil(CALLBACK_SECONDS * 1_200);
    step(`PostgreSQL: seeding 1,000 chatting tenants and ${fmt(2 * smallIntents)} pending intents`);
    const { phones, intents } = await seedChatters({ url }, SESSIONS, 2 * smallIntents);
    step('PostgreSQL: the stateful floor');
    floor = await startFloor({ FLOOR_DATABASE_URL: floorDb.url });
    app = await startBenchServer({ url }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step(`PostgreSQL: the app's figures in ${ROUNDS} rounds, each beside the floor`);
    const figures = await inRounds(app, floor, await loadsOf(app, phones, intents.slice(0, smallIntents)));
    const rssMb = app.peakRssMb();
    await app.stop();
    app = undefined;
    const { floor: floorRow, note } = floor.summary('PostgreSQL');
    const extra: string[] = [note];
    if (!process.env.BENCH_SKIP_GROWTH && figures.ussd.ratios.length > 0 && figures.cb.ratios.length > 0) {
      step(`growing the database by ${GROWTH.tenancies} tenancies and ${GROWTH.payments} payments`);
      const seedMs = await seedGrowth(url, GROWTH);
      app = await startBenchServer({ url }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
      // The grown database's figures in rounds beside the floor, as the small one's: one measure of each
      // read against the floor minutes apart gave callbacks' growth ratios of 0.84-1.23 for the same code.
      // The floor's own database does not grow: it measures the machine's speed beside the grown figures.
      step(`the grown database: USSD turns and callbacks in ${ROUNDS} rounds, each beside the floor`);
      const grown = await inRounds(app, floor, { ussd: await ussdTurns(app, phones), cb: callbacks(app, intents.slice(smallIntents)) });
      await app.stop();
      app = undefined;
      const { ussd, cb } = figures;
      /** grown / small, and the same with each read against the floor beside it (the machine's drift taken out). */
      const ratio = (small: number, grown: number, smallFloor: number, grownFloor: number) =>
        `${fmt(grown / small, 2)} | ${fmt(grown / grownFloor / (small / smallFloor), 2)}`;
      const rate = (f: RoundedFigure) => f.figure.requestsPerSecond;
      const floorRate = (f: RoundedFigure) => f.floor.requestsPerSecond;
      const rounds = (f: RoundedFigure) => f.ratios.map((r) => fmt(r, 2)).join(', ');
      extra.push(
        `\nGrowth: ${fmt(GROWTH.tenancies)} more tenancies and ${fmt(GROWTH.payments)} more payment rows (seeded in ${fmt(seedMs / 1000, 1)} s); the grown database's figures measured as the small one's (warmed up, then ${ROUNDS} rounds beside the floor, each figure its median round), the floor beside them ${fmt(floorRate(grown.ussd))} and ${fmt(floorRate(grown.cb))} req/s; x floor in each round: USSD ${rounds(grown.ussd)}, callbacks ${rounds(grown.cb)}`,
        '| figure | small DB | grown DB | grown / small | the same, each against its floor | target |',
        '|---|---:|---:|---:|---:|---|',
        `| USSD turn p50 (ms) | ${ussd.figure.p50} | ${grown.ussd.figure.p50} | ${ratio(ussd.figure.p50, grown.ussd.figure.p50, ussd.floor.p50, grown.ussd.floor.p50)} | |`,
        `| USSD turn p99 (ms) | ${ussd.figure.p99} | ${grown.ussd.figure.p99} | ${ratio(ussd.figure.p99, grown.ussd.figure.p99, ussd.floor.p99, grown.ussd.floor.p99)} | <= 1.2 |`,
        `| USSD turns/s (small / grown) | ${fmt(rate(ussd))} | ${fmt(rate(grown.ussd))} | ${ratio(rate(grown.ussd), rate(ussd), floorRate(grown.ussd), floorRate(ussd))} | |`,
        `| callbacks settled/s (small / grown) | ${fmt(rate(cb))} | ${fmt(rate(grown.cb))} | ${ratio(rate(grown.cb), rate(cb), floorRate(grown.cb), floorRate(cb))} | <= 1.2 |`,
      );
    }
    await floor.stop();
    floor = undefined;
    return { name: 'PostgreSQL', floor: floorRow, ...figures, rssMb, extra };
  } finally {
    if (app) await app.stop();
    if (floor) await floor.stop();
    await drop();
    await floorDb.drop();
  }
}

async function pgliteSection(): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), 'rentease-bench-pglite-'));
  const floorDir = mkdtempSync(join(tmpdir(), 'rentease-bench-floor-'));
  let app: BenchServer | undefined;
  let floor: Floor | undefined;
  try {
    step('PGlite: the first start on a fresh data directory');
    const freshStart = performance.now();
    app = await startBenchServer({ pgliteDir: dir });
    const firstStartMs = performance.now() - freshStart;
    const firstRss = app.peakRssMb();
    await app.stop();
    // PGlite settles 150-200 callbacks/s: enough intents for its callbacks at 300/s.
    const pending = Math.ceil(CALLBACK_SECONDS * 300);
    step(`PGlite: seeding 1,000 chatting tenants and ${fmt(pending)} pending intents`);
    const { phones, intents } = await seedChatters({ pgliteDir: join(dir, 'pglite') }, SESSIONS, pending);
    step('PGlite: the stateful floor');
    floor = await startFloor({ FLOOR_PGLITE_DIR: floorDir });
    app = await startBenchServer({ pgliteDir: dir }, { TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
    step(`PGlite: the app's figures in ${ROUNDS} rounds, each beside the floor`);
    const figures = await inRounds(app, floor, await loadsOf(app, phones, intents));
    const rssMb = app.peakRssMb();
    await app.stop();
    app = undefined;
    await floor.stop();
    const { floor: floorRow, note } = floor.summary('PGlite');
    floor = undefined;
    const timeouts = [figures.ussd, figures.wa, figures.cb].flatMap((f) => f.rounds).reduce((n, f) => n + f.errors, 0);
    return {
      name: 'PGlite',
      floor: floorRow,
      ...figures,
      rssMb,
      extra: [note, `\nPGlite: first start on a fresh data directory ${fmt(firstStartMs / 1000, 1)} s to /healthz (target <= 5 s), peak RSS then ${fmt(firstRss)} MB; requests timed out under load, all rounds: ${timeouts}`],
    };
  } finally {
    if (app) await app.stop();
    if (floor) await floor.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}

function table(section: Section, ceiling: Figure): string[] {
  const row = (name: string, f: Figure, floor: Figure, target = '') =>
    `| ${name} | ${fmt(f.requestsPerSecond)} | ${fmt(f.p50)} | ${fmt(f.p99)} | ${fmt(f.requestsPerSecond / ceiling.requestsPerSecond, 2)} | ${fmt(f.requestsPerSecond / floor.requestsPerSecond, 2)} | ${fmt(f.appCpuMs, 2)} | ${fmt(f.postgresCpuMs, 2)} | ${fmt(f.statements, 1)} | ${fmt(f.roundTrips, 1)} | ${target} |`;
  const appRow = (name: string, f: RoundedFigure, target: string) => row(name, f.figure, f.floor, target);
  const { ussd, wa, cb } = section;
  const ratios = (f: RoundedFigure) => f.ratios.map((r) => fmt(r, 2)).join(', ') || 'n/a';
  return [
    `\n${section.name}`,
    '| figure | req/s | p50 ms | p99 ms | x ceiling | x floor | app CPU ms/req | PostgreSQL CPU ms/req | statements/req | round trips/req | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    row('HTTP ceiling (bare express 5)', ceiling, section.floor),
    row('stateful floor (express + 1 locked row)', section.floor, section.floor),
    appRow('USSD turn (1,000 sessions)', ussd, `>= 0.6x floor, p99 <= 2x floor p99 (here ${fmt(ussd.figure.p99 / ussd.floor.p99, 2)}x its floor's ${fmt(ussd.floor.p99)} ms)`),
    appRow('WhatsApp turn (signed, 1,000 phones)', wa, '>= 0.5x floor'),
    appRow('STK callbacks settled', cb, '>= 0.4x floor'),
    `\nEach of the app's rows is its round with the median ratio to the floor beside it (x floor); x floor in each of the ${ROUNDS} rounds: USSD ${ratios(ussd)}; WhatsApp ${ratios(wa)}; callbacks ${ratios(cb)}`,
    `Peak RSS of the app process: ${fmt(section.rssMb)} MB (target ${section.name === 'PGlite' ? '<= 300' : '<= 200'} MB)`,
    ...section.extra,
    `Non-2xx answers and errors across the app's rounds: ${[ussd, wa, cb].flatMap((f) => f.rounds).reduce((n, f) => n + f.non2xx + f.errors, 0)}`,
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
  if (ONLY !== 'pglite') sections.push(await postgresSection());
  if (ONLY !== 'postgres') sections.push(await pgliteSection());
  let scheduler: string[] = [];
  if (ONLY !== 'pglite' && !process.env.BENCH_SKIP_SCHEDULER) {
    // Its measures run while the app bills, whose notices keep the outbox busy for hours by design (at
    // OUTBOX_BULK_PER_SECOND): waiting for it, or analysing under it, would move the measure past the run.
    beforeEachMeasure(checkpointServer);
    afterEachWarmup(async () => {});
    scheduler = await schedulerSection();
  }
  const autovacuum = ONLY === 'pglite' ? '' : `; PostgreSQL's autovacuum ${await serverAutovacuum()}, every database vacuumed and analysed before each measure`;
  console.log(`\nRentEase benchmark: ${CONNECTIONS} connections; each of the app's loads warmed up ${WARMUP_SECONDS} s, then ${ROUNDS} rounds of ${ROUND_WARMUP_SECONDS} s warm-up + ${ROUND_SECONDS} s measured beside the floor; servers pinned to one core, Node ${process.version}${autovacuum}`);
  for (const section of sections) console.log(table(section, ceiling).join('\n'));
  if (scheduler.length > 0) console.log(scheduler.join('\n'));
}

await main();
