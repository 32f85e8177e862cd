// `npm run bench:ab`: two builds of the app compared on USSD turns, interleaved. This machine's speed moves
// by up to 2x within minutes (bench/README.md, fifth session), so two whole runs of the suite one after the
// other compare the hours as much as the code. Here both apps run at once, each on its own database seeded
// alike, and short measures alternate A, B, B, A, A, B … so the drift falls on both; the verdict is the
// median of the per-round ratios. An A/A run (the same build twice) gave ratios of 0.87-1.06, median 1.01.
//
//   BENCH_AB_A=/path/to/other/checkout npm run bench:ab    # A: that checkout, B: this one
//
// A checkout runs its compiled build when it has one (`npm run build` there), else src/server.ts through
// tsx, on a database migrated by this checkout: only for builds of the same schema. Without BENCH_AB_A both
// sides are this checkout (an A/A run, to see the noise). BENCH_AB_ROUNDS (8), BENCH_AB_SECONDS (5 s
// measured after a 2 s warm-up each), DATABASE_POOL_SIZE and the other BENCH_ switches apply to both;
// BENCH_AB_A_NODE_FLAGS / BENCH_AB_B_NODE_FLAGS give one side its own Node flags (in place of
// BENCH_NODE_FLAGS or `npm start`'s), to compare settings rather than code.
import { afterEachWarmup, measure, beforeEachMeasure, type Figure } from './measure.js';
import { analyzeAfterWarmup, buildOnce, freshDatabase, pinLoadGenerator, seedChatters, settleBeforeMeasure, startBenchServer, ussdLoad, type BenchServer } from './support.js';

const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 5);
const SESSIONS = 1000;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Side {
  name: 'A' | 'B';
  app: BenchServer;
  request: ReturnType<typeof ussdLoad>['request'];
  figures: Figure[];
  drop(): Promise<void>;
}

/** One side: a fresh database with 1,000 chatting tenants, the app from `appDir` (undefined: this checkout), its sessions dialled. */
async function startSide(name: Side['name'], appDir: string | undefined): Promise<Side> {
  const { url, drop } = await freshDatabase();
  const { phones } = await seedChatters({ url }, SESSIONS, 0);
  // startBenchServer reads BENCH_APP_DIR and BENCH_NODE_FLAGS when it starts a server.
  const flags = process.env[`BENCH_AB_${name}_NODE_FLAGS`];
  const app = await withEnv({ BENCH_APP_DIR: appDir, ...(flags !== undefined ? { BENCH_NODE_FLAGS: flags } : {}) }, () => startBenchServer({ url }));
  const load = ussdLoad(phones);
  await load.dial(app.url);
  return { name, app, request: load.request, figures: [], drop: async () => (await app.stop(), await drop()) };
}

/** Runs `fn` with these environment variables set (undefined: unset), then puts back what they were. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(vars);
  try {
    return await fn();
  } finally {
    set(before);
  }
}

async function main() {
  const other = process.env.BENCH_AB_A;
  buildOnce();
  pinLoadGenerator();
  // As the suite's measures: outbox caught up, database analysed, server checkpointed.
  beforeEachMeasure(settleBeforeMeasure);
  afterEachWarmup(analyzeAfterWarmup);
  const sides: Side[] = [];
  try {
    sides.push(await startSide('A', other), await startSide('B', undefined));
    for (let round = 0; round < ROUNDS; round++) {
      // A B, B A, A B …: neither side is always first after the pause between measures.
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        side.figures.push(await measure(side.app, side.request, { warmupSeconds: 2, seconds: SECONDS }));
        process.stderr.write(`… round ${round + 1}/${ROUNDS}: ${side.name} ${fmt(side.figures.at(-1)!.requestsPerSecond)} req/s\n`);
      }
    }
    const [a, b] = sides as [Side, Side];
    const ratios = a.figures.map((f, i) => b.figures[i]!.requestsPerSecond / f.requestsPerSecond);
    console.log(`\nUSSD turns, A = ${other ?? 'this checkout'}, B = this checkout: ${ROUNDS} rounds of ${SECONDS} s each, interleaved\n`);
    console.log('| round | A req/s | B req/s | B / A | A app / PG CPU ms | B app / PG CPU ms |');
    console.log('|---:|---:|---:|---:|---|---|');
    a.figures.forEach((fa, i) => {
      const fb = b.figures[i]!;
      console.log(`| ${i + 1} | ${fmt(fa.requestsPerSecond)} | ${fmt(fb.requestsPerSecond)} | ${fmt(ratios[i]!, 2)} | ${fmt(fa.appCpuMs, 2)} / ${fmt(fa.postgresCpuMs, 2)} | ${fmt(fb.appCpuMs, 2)} / ${fmt(fb.postgresCpuMs, 2)} |`);
    });
    const med = (side: Side, key: 'requestsPerSecond' | 'appCpuMs' | 'postgresCpuMs' | 'p99') => median(side.figures.map((f) => f[key]));
    console.log(`| median | ${fmt(med(a, 'requestsPerSecond'))} | ${fmt(med(b, 'requestsPerSecond'))} | **${fmt(median(ratios), 3)}** | ${fmt(med(a, 'appCpuMs'), 2)} / ${fmt(med(a, 'postgresCpuMs'), 2)} | ${fmt(med(b, 'appCpuMs'), 2)} / ${fmt(med(b, 'postgresCpuMs'), 2)} |`);
    console.log(`\nB / A per round from ${fmt(Math.min(...ratios), 2)} to ${fmt(Math.max(...ratios), 2)}; p99 median A ${fmt(med(a, 'p99'))} ms, B ${fmt(med(b, 'p99'))} ms; peak RSS A ${fmt(a.app.peakRssMb())} MB, B ${fmt(b.app.peakRssMb())} MB`);
  } finally {
    for (const side of sides) await side.drop();
  }
}

await main();
