// The stateful floor: the least a durable conversation turn can cost with its state in the database.
// Per request, in one transaction, it locks one of 1,000 rows by session id (SELECT … FOR UPDATE),
// writes it back with a ~1 KB JSON value, and answers a fixed text: express 5 plus postgres.js tagged
// templates (or PGlite, for the embedded figures), as the performance issue defines it. postgres.js's
// `sql.begin` awaits BEGIN, each statement and COMMIT: four round trips, where the app's turn takes two.
// Run as its own process by bench/run.ts.
import express from 'express';
import postgres from 'postgres';

const url = process.env.FLOOR_DATABASE_URL;
const dataDir = process.env.FLOOR_PGLITE_DIR;
const ROWS = 1000;
const value = JSON.stringify({ area: 'payRent', state: { status: 'active', value: 'choosing', context: { note: 'x'.repeat(900) } } });

type Turn = (session: number) => Promise<void>;
let turn: Turn;
if (url) {
  const sql = postgres(url, { max: 20, onnotice: () => {} });
  await sql`create table if not exists floor_sessions (id int primary key, v jsonb not null)`;
  await sql`insert into floor_sessions select g, '{}'::jsonb from generate_series(0, ${ROWS - 1}) g on conflict do nothing`;
  turn = (session) =>
    sql.begin(async (tx) => {
      await tx`select v from floor_sessions where id = ${session} for update`;
      await tx`update floor_sessions set v = ${value}::jsonb where id = ${session}`;
    }) as Promise<void>;
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: dataDir ?? 'memory://', postgresqlconf: ['shared_buffers=16MB', 'max_connections=10'] });
  await db.exec(`create table if not exists floor_sessions (id int primary key, v jsonb not null);
    insert into floor_sessions select g, '{}'::jsonb from generate_series(0, ${ROWS - 1}) g on conflict do nothing`);
  turn = (session) =>
    db.transaction(async (tx) => {
      await tx.query('select v from floor_sessions where id = $1 for update', [session]);
      await tx.query('update floor_sessions set v = $2::jsonb where id = $1', [session, value]);
    });
}

const app = express();
app.head('/', (_req, res) => void res.end());
app.post('/webhooks/ussd', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
  const session = Number.parseInt(String(req.body?.sessionId ?? '0').replace(/\D/g, '').slice(-6) || '0', 10) % ROWS;
  await turn(session);
  res.type('text/plain').send('CON Hi Otieno\n1. Pay KES 15,000 now\n2. Pay rent\n3. Balance & receipts\n4. Language / Lugha');
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
