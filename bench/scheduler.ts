// The billing scheduler at scale: one month's bills for 100,000 tenancies (1,000 landlords, one in ten
// with a recurring service charge), issued by the app itself as it starts (`npm start` runs the scheduler
// at start-up), on PostgreSQL. Measured twice on fresh databases: alone, for its time and the app's peak
// memory; and under USSD turns, for the webhook latency while it runs (against the same turns after).
// `npm run bench:scheduler` runs this alone; `npm run bench` includes it (BENCH_SKIP_SCHEDULER=1 skips it).
import postgres from 'postgres';
import { addDays, eatDay } from '../src/domain/calendar.js';
import { measure, type Figure } from './measure.js';
import { buildOnce, freshDatabase, openBenchDatabase, pinLoadGenerator, startBenchServer, ussdLoad, type BenchServer } from './support.js';

const TENANCIES = Number(process.env.BENCH_SCHEDULER_TENANCIES ?? 100_000);
/** These measures run during a billing run on purpose: a warm-up of the suite's 15 s would let the run finish first. */
const WARMUP_SECONDS = 3;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const step = (text: string) => process.stderr.write(`… ${text}\n`);

/** Tenancies whose next rent is due in three days: every one of them gets its bill on the first run. */
async function seed(url: string): Promise<string[]> {
  await (await openBenchDatabase({ url })).close();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const dueDay = Number(addDays(eatDay(new Date()), 3).slice(8));
    await sql`insert into landlords (id, name, phone)
      select gen_random_uuid(), 'Landlord ' || g, '2547' || lpad((60000000 + g)::text, 8, '0') from generate_series(1, 1000) g`;
    await sql`insert into payout_configs (landlord_id, business_type, business_short_code, is_active) select id, 'paybill', '600100', true from landlords`;
    await sql`insert into tenancies (landlord_id, name, phone, unit, monthly_rent, due_day, starts_on, account_number)
      select l.id, 'Tenant ' || g, '2541' || lpad((70000000 + g)::text, 8, '0'), 'U' || g, 10000 + g % 5000, ${dueDay}, '2025-01-01', 'SC' || lpad(g::text, 7, '0')
      from generate_series(1, ${TENANCIES}) g
      join (select id, row_number() over () as n from landlords) l on l.n = 1 + (g % 1000)`;
    await sql`insert into recurring_charges (tenancy_id, kind, amount) select id, 'service', 500 from tenancies where right(account_number, 1) = '7'`;
    await sql`analyze`;
    return (await sql<{ phone: string }[]>`select phone from tenancies order by phone limit 1000`).map((r) => r.phone);
  } finally {
    await sql.end();
  }
}

interface Run {
  ms: number;
  bills: number;
  rssMb: number;
}

/** Starts the app with its scheduler on and waits for the start-up run to finish. */
async function appWithScheduler(url: string, during?: (app: BenchServer) => Promise<Figure>): Promise<{ run: Run; figure: Figure | undefined; app: BenchServer }> {
  let done: (run: { ms: number; bills: number }) => void = () => {};
  const finished = new Promise<{ ms: number; bills: number }>((resolve) => (done = resolve));
  const app = await startBenchServer({ url }, { SCHEDULER_DISABLED: '0', BILLING_INTERVAL_SECONDS: '86400', LOG_LEVEL: 'info', QUIET_HOURS: '' }, (line) => {
    if (!line.includes('billing run done')) return;
    const entry = JSON.parse(line) as { ms: number; bills: number };
    done(entry);
  });
  const figure = during ? await during(app) : undefined;
  const result = await finished;
  return { run: { ...result, rssMb: app.peakRssMb() }, figure, app };
}

export async function schedulerSection(): Promise<string[]> {
  const alone = await freshDatabase();
  const loaded = await freshDatabase();
  let running: BenchServer | undefined;
  try {
    step(`scheduler: seeding ${fmt(TENANCIES)} tenancies, twice`);
    await seed(alone.url);
    const phones = await seed(loaded.url);
    step('scheduler: one month of bills, the app alone');
    const first = await appWithScheduler(alone.url);
    await first.app.stop();
    step('scheduler: one month of bills, under USSD turns');
    const second = await appWithScheduler(loaded.url, (app) => measure((running = app), ussdLoad(phones).request, { warmupSeconds: WARMUP_SECONDS }));
    step('scheduler: the same USSD turns after the run');
    const after = await measure(second.app, ussdLoad(phones).request, { warmupSeconds: WARMUP_SECONDS });
    await second.app.stop();
    running = undefined;
    return [
      `\nBilling scheduler: one month for ${fmt(TENANCIES)} tenancies (1,000 landlords, 10% with a recurring charge) on PostgreSQL, run by the app at start-up`,
      '| figure | value | target |',
      '|---|---:|---|',
      `| bills issued (with their notices in the outbox) | ${fmt(first.run.bills)} | |`,
      `| time, app alone | ${fmt(first.run.ms / 1000, 1)} s | < 60 s |`,
      `| peak RSS of the app process | ${fmt(first.run.rssMb)} MB | < 250 MB |`,
      `| time, under USSD load | ${fmt(second.run.ms / 1000, 1)} s | |`,
      `| USSD turn p50 / p99 during the run (ms) | ${second.figure!.p50} / ${second.figure!.p99} | |`,
      `| USSD turn p50 / p99 after the run (ms) | ${after.p50} / ${after.p99} | |`,
      `| USSD turns/s during / after | ${fmt(second.figure!.requestsPerSecond)} / ${fmt(after.requestsPerSecond)} | |`,
      `Non-2xx answers and errors: ${second.figure!.non2xx + second.figure!.errors + after.non2xx + after.errors}`,
    ];
  } finally {
    await running?.stop();
    await alone.drop();
    await loaded.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildOnce();
  pinLoadGenerator();
  console.log((await schedulerSection()).join('\n'));
}
