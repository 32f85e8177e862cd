// The dashboard's pages under load, on PostgreSQL: a landlord with the demo's size (one tenant) and one with
// 10,000 tenancies (a bill each this month, one in three paid). Each page is asked by 10 connections for
// BENCH_SECONDS; the figures are latency percentiles (the target: p95 under 50 ms on the demo size, under
// 200 ms with 10,000 tenancies). `npm run bench:pages`; `npm run bench` does not include it.
import { createHash, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { eatDay, periodOf } from '../src/domain/calendar.js';
import { buildOnce, freshDatabase, openBenchDatabase, pinLoadGenerator, startBenchServer } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_PAGE_CONNECTIONS ?? 1);
const BIG = Number(process.env.BENCH_PAGES_TENANCIES ?? 10_000);
const step = (text: string) => process.stderr.write(`… ${text}\n`);

/** A landlord with `tenancies` tenants, a bill each this month, every third one paid; and a session cookie for them. */
async function seedLandlord(sql: postgres.Sql, n: number, tenancies: number): Promise<string> {
  const phone = `25470${String(9000000 + n).padStart(7, '0')}`;
  const [landlord] = await sql<{ id: string }[]>`insert into landlords (name, phone) values (${`Landlord ${n}`}, ${phone}) returning id`;
  await sql`insert into payout_configs (landlord_id, business_type, business_short_code, is_active) values (${landlord!.id}, 'paybill', '600100', true)`;
  const period = periodOf(eatDay(new Date()));
  await sql`insert into tenancies (landlord_id, name, phone, unit, monthly_rent, due_day, starts_on, account_number)
    select ${landlord!.id}, 'Tenant ' || g, '2541' || lpad((${n * 1_000_000} + g)::text, 8, '0'), 'U' || g, 10000, 1, '2025-01-01', 'P' || ${n} || lpad(g::text, 7, '0')
    from generate_series(1, ${tenancies}) g`;
  await sql`insert into bills (tenancy_id, period, amount, kind) select id, ${period}, 10000, 'rent' from tenancies where landlord_id = ${landlord!.id}`;
  await sql`insert into payments (source, landlord_id, tenancy_id, amount, phone, status, business_short_code, party_b, account_reference, reference, completed_at, mpesa_receipt_number)
    select 'stk', ${landlord!.id}, t.id, 10000, t.phone, 'success', '600100', '600100', t.unit, 'B' || t.account_number, now(), 'R' || t.account_number
    from tenancies t where t.landlord_id = ${landlord!.id} and right(t.account_number, 1) in ('1', '4', '7')`;
  await sql`insert into allocations (payment_id, bill_id, amount)
    select p.id, b.id, 10000 from payments p join bills b on b.tenancy_id = p.tenancy_id where p.landlord_id = ${landlord!.id}`;
  const token = randomBytes(32).toString('base64url');
  await sql`insert into web_sessions (token_hash, phone, csrf_token, expires_at)
    values (${createHash('sha256').update(token).digest('hex')}, ${phone}, 'bench', now() + interval '1 day')`;
  return token;
}

async function pageFigure(url: string, token: string): Promise<{ rps: number; p50: number; p97: number; p99: number; non2xx: number }> {
  const run = (duration: number) => autocannon({ url, connections: CONNECTIONS, duration, timeout: 30, headers: { cookie: `rentease_session=${token}` } });
  await run(2);
  const result = await run(SECONDS);
  return { rps: result.requests.average, p50: result.latency.p50, p97: result.latency.p97_5, p99: result.latency.p99, non2xx: result.non2xx };
}

async function main() {
  pinLoadGenerator();
  buildOnce();
  const database = await freshDatabase();
  try {
    await (await openBenchDatabase({ url: database.url })).close();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    step('seeding a one-tenant landlord and one with 10,000 tenancies');
    const small = await seedLandlord(sql, 1, 1);
    const big = await seedLandlord(sql, 2, BIG);
    await sql`analyze`;
    await sql.end();
    const app = await startBenchServer({ url: database.url });
    try {
      console.log(`\nDashboard pages on PostgreSQL, ${CONNECTIONS} connection(s), ${SECONDS} s each (latency in ms)\n`);
      console.log('| page | tenancies | req/s | p50 | p97.5 | p99 | non-2xx |\n|---|---|---|---|---|---|---|');
      for (const [label, token, size] of [['demo size', small, 1], ['large', big, BIG]] as const) {
        for (const path of ['/app', '/app/tenants', '/app/payments']) {
          step(`${path} (${label})`);
          const f = await pageFigure(`${app.url}${path}`, token);
          console.log(`| ${path} | ${size.toLocaleString('en-US')} | ${Math.round(f.rps)} | ${f.p50} | ${f.p97} | ${f.p99} | ${f.non2xx} |`);
        }
      }
    } finally {
      await app.stop();
    }
  } finally {
    await database.drop();
  }
}

await main();
