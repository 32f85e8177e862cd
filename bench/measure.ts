// One measured run: autocannon against a server (a warm-up, then the measured window), with the CPU the
// server and PostgreSQL spent and, for the app, the statements and round trips it sent, per request.
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { seriesReader } from '../src/metrics.js';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/**
 * Load before each measured window, unmeasured. A fresh process is not yet what it will be for the rest
 * of its life: measured back to back on one fresh app, USSD turns ran 449-668 req/s in the first 13 s,
 * 610-788 in the next and 723-866 in the third (six runs), its CPU per turn falling from 1.0-1.6 to
 * 0.8-0.9 ms (V8 optimising the turn's code, each pooled connection preparing its statements, the
 * conversations' pages settling into HOT updates); the floor's first 13 s were 7-35 % below its next. With
 * 3 s the app's first figure (USSD) measured its start-up. 15 s covers the transient of every server
 * here, comparators alike. The billing scheduler's section keeps 3 s: it measures during a run on purpose.
 */
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export interface Figure {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU milliseconds per request: the server process, and PostgreSQL's processes (0 on PGlite). */
  appCpuMs: number;
  postgresCpuMs: number;
  /** Per request, from the app's /metrics (undefined for the comparators and for code without the counters). */
  statements: number | undefined;
  roundTrips: number | undefined;
}

/**
 * The mean of several measures of one server (the floor around an app's figure, or all of a section's):
 * the machine's speed drifts within minutes, and a figure is read against the floor measured beside it.
 */
export function meanOf(...figures: [Figure, ...Figure[]]): Figure {
  const mean = (pick: (f: Figure) => number) => figures.reduce((sum, f) => sum + pick(f), 0) / figures.length;
  const counted = (pick: (f: Figure) => number | undefined) => (figures.some((f) => pick(f) === undefined) ? undefined : mean((f) => pick(f)!));
  const sum = (pick: (f: Figure) => number) => figures.reduce((total, f) => total + pick(f), 0);
  return {
    requestsPerSecond: mean((f) => f.requestsPerSecond),
    p50: mean((f) => f.p50),
    p99: mean((f) => f.p99),
    requests: sum((f) => f.requests),
    non2xx: sum((f) => f.non2xx),
    errors: sum((f) => f.errors),
    appCpuMs: mean((f) => f.appCpuMs),
    postgresCpuMs: mean((f) => f.postgresCpuMs),
    statements: counted((f) => f.statements),
    roundTrips: counted((f) => f.roundTrips),
  };
}

export type RequestFactory = () => { path: string; body: string; headers: Record<string, string> };

const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

/** utime + stime of a process, in milliseconds. */
function cpuMs(pid: number | string): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of every PostgreSQL process on the machine (the shared server's backends). */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** The app's /metrics, read once: a reader of its series (src/metrics.ts `seriesReader`). */
export async function readMetrics(metricsUrl: string): Promise<(series: string) => number | undefined> {
  return seriesReader(await fetch(metricsUrl).then((r) => r.text(), () => ''));
}

async function databaseCounts(metricsUrl: string | undefined): Promise<{ statements: number; roundTrips: number } | undefined> {
  if (!metricsUrl) return undefined;
  const read = await readMetrics(metricsUrl);
  const statements = read('rentease_db_statements');
  return statements === undefined ? undefined : { statements, roundTrips: read('rentease_db_round_trips') ?? Number.NaN };
}

/**
 * Runs before each measurement: the previous run's writes are checkpointed and analysed first, so one
 * figure does not pay for the WAL of the one before, nor for plans made from statistics of an emptier
 * database (bench/run.ts sets it).
 */
/** What a measure needs of a server: where it listens, its process, and, for the app, its /metrics and database. */
export interface MeasuredServer {
  url: string;
  pid: number;
  metricsUrl?: string;
  databaseUrl?: string;
}

type Quiesce = (server: MeasuredServer) => Promise<void>;
let quiesce: Quiesce = async () => {};
let betweenWarmupAndWindow: Quiesce = async () => {};
export function beforeEachMeasure(fn: Quiesce): void {
  quiesce = fn;
}
/** Runs after each warm-up, before the measured window (bench/support.ts `analyzeAfterWarmup`). */
export function afterEachWarmup(fn: Quiesce): void {
  betweenWarmupAndWindow = fn;
}

/**
 * Waits until the app has sent every outbox row that is due. Under the callbacks' load the receipts
 * queue faster than they are sent (each settled callback queues two); unsent, they were sent during
 * the next measure of the next app on the same database, so the grown database's figures paid for
 * the small one's receipts (a callbacks run left 12,000 rows, sent in about 10 s once idle).
 */
export async function outboxCaughtUp(metricsUrl: string | undefined, timeoutMs = 120_000): Promise<void> {
  if (!metricsUrl) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const oldest = (await readMetrics(metricsUrl))('rentease_outbox_oldest_seconds') ?? 0;
    if (!(oldest > 0)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.warn('(the outbox had not caught up before the measure)');
}

const load = (server: MeasuredServer, request: RequestFactory, duration: number) =>
  autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...request() }) }],
  });

/** Load, unmeasured: a fresh process's first seconds (see WARMUP_SECONDS), before measures with short warm-ups. */
export async function warmUp(server: MeasuredServer, request: RequestFactory, seconds = WARMUP_SECONDS): Promise<void> {
  await quiesce(server);
  await load(server, request, seconds);
}

export async function measure(server: MeasuredServer, request: RequestFactory, options: { warmupSeconds?: number; seconds?: number } = {}): Promise<Figure> {
  await quiesce(server);
  const run = (duration: number) => load(server, request, duration);
  await run(options.warmupSeconds ?? WARMUP_SECONDS);
  await betweenWarmupAndWindow(server);
  const before = { app: cpuMs(server.pid), postgres: postgresCpuMs(), counts: await databaseCounts(server.metricsUrl) };
  const result = await run(options.seconds ?? SECONDS);
  const after = { app: cpuMs(server.pid), postgres: postgresCpuMs(), counts: await databaseCounts(server.metricsUrl) };
  const requests = Math.max(1, result.requests.total);
  const per = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) ? undefined : (b - a) / requests);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    appCpuMs: (after.app - before.app) / requests,
    postgresCpuMs: (after.postgres - before.postgres) / requests,
    // The scrape itself costs a statement or two: negligible against thousands of requests.
    statements: per(before.counts?.statements, after.counts?.statements),
    roundTrips: per(before.counts?.roundTrips, after.counts?.roundTrips),
  };
}
