// Settled STK callbacks per second on real PostgreSQL: each request settles a distinct pending intent
// (lock, allocate, receipts to the outbox). A quick figure; `npm run bench` has the full suite.
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { buildOnce, freshDatabase, openBenchDatabase, seedTenancies, startBenchServer, successCallback } from './support.js';

const COUNT = Number(process.env.BENCH_CALLBACKS ?? 4000);
const { url, drop } = await freshDatabase();
try {
  const seeding = await openBenchDatabase({ url });
  const { intents } = await seedTenancies(seeding, COUNT, { pendingIntents: true });
  // Analysed as autovacuum would after an import, and as the suite does: without statistics PostgreSQL
  // guessed a handful of queued outbox rows and claimed them by collecting and sorting the whole backlog
  // (16 ms a claim with 10,000 queued), so the figure measured a missing ANALYZE.
  await seeding.sql.query('analyze');
  await seeding.close();
  buildOnce();
  const app = await startBenchServer({ url });
  const check = await openBenchDatabase({ url });
  try {
    let next = 0;
    const result = await autocannon({
      url: app.url,
      connections: 50,
      amount: COUNT,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const intent = intents[next]!;
            const receipt = `SB${String(next).padStart(8, '0')}`;
            next++;
            return { ...req, path: `/api/daraja/callback/${intent.token}`, body: successCallback(intent, receipt) };
          },
        },
      ],
    });
    const [counts] = (await check.db.execute(
      sql`select (select count(*) from payments where status = 'success')::int as settled, (select count(*) from outbox)::int as messages`,
    )) as unknown as { settled: number; messages: number }[];
    console.log(`callbacks: ${COUNT}, non-2xx: ${result.non2xx}, errors: ${result.errors}`);
    console.log(`settled: ${counts?.settled}, outbox rows: ${counts?.messages}`);
    console.log(`settled callbacks/s: ${result.requests.average.toFixed(0)} (p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms)`);
    console.log(`peak RSS of the app: ${app.peakRssMb().toFixed(0)} MB`);
  } finally {
    await check.close();
    await app.stop();
  }
} finally {
  await drop();
}
