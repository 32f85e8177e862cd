// Autovacuum's decisions for the embedded database (src/jobs/embedded-maintenance.ts): PGlite has no
// background workers, so without this job its tables are never analysed or vacuumed. The job runs only
// on PGlite; what it does is checked on both databases, since it is plain PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createEmbeddedMaintenance, maintenanceDue } from '../../src/jobs/embedded-maintenance.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.js';

describe('maintenanceDue: autovacuum default thresholds', () => {
  const table = (estimatedRows: number, deadRows: number, changedSinceAnalyze: number) => ({ table: 't', estimatedRows, deadRows, changedSinceAnalyze });
  it.each([
    ['never analysed, 50 rows written', table(-1, 0, 50), []],
    ['never analysed, 51 rows written', table(-1, 0, 51), ['analyze']],
    ['1,000 rows, 150 changed', table(1_000, 0, 150), []],
    ['1,000 rows, 151 changed', table(1_000, 0, 151), ['analyze']],
    ['1,000 rows, 250 dead', table(1_000, 250, 250), ['analyze']],
    ['1,000 rows, 251 dead (vacuum analyses too)', table(1_000, 251, 400), ['vacuum']],
  ] as const)('%s', (_, activity, actions) => {
    expect(maintenanceDue([activity]).map((s) => s.action)).toEqual(actions);
  });
});

describe.each(databaseKinds())('embedded maintenance on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    // One connection: the statistics a backend gathers are flushed by that backend.
    database = await createTestDatabase(kind, { maxConnections: 1 });
  });
  afterAll(() => database.close());

  const flushStatistics = () => database.sql.query('select pg_stat_force_next_flush()');
  const outboxStatistics = async () =>
    (
      await database.sql.query<{ analysed: boolean; vacuumed: boolean; dead: number; rows: number }>(
        `select coalesce(last_analyze, last_autoanalyze) is not null as analysed, coalesce(last_vacuum, last_autovacuum) is not null as vacuumed,
                n_dead_tup::int as dead, (select reltuples from pg_class where relname = 'outbox')::int as rows
         from pg_stat_user_tables where relname = 'outbox'`,
      )
    )[0]!;

  it('analyses a table written to, vacuums one with dead rows, and leaves the rest alone', async () => {
    await database.sql.query(
      `insert into outbox (kind, idempotency_key, channel, recipient, body) select 'message', 'maintenance-' || g, 'sms', '254700000000', 'hello' from generate_series(1, 400) g`,
    );
    await flushStatistics();
    const maintenance = createEmbeddedMaintenance(database.sql, createLogger('silent'));

    expect(await maintenance.runOnce()).toContainEqual({ table: 'outbox', action: 'analyze' });
    await flushStatistics();
    expect(await outboxStatistics()).toMatchObject({ analysed: true, rows: 400 });
    expect((await maintenance.runOnce()).filter((s) => s.table === 'outbox')).toEqual([]);

    await database.sql.query(`delete from outbox where idempotency_key like 'maintenance-%' and right(idempotency_key, 1) <> '0'`);
    await flushStatistics();
    expect(await maintenance.runOnce()).toContainEqual({ table: 'outbox', action: 'vacuum' });
    await flushStatistics();
    expect(await outboxStatistics()).toMatchObject({ vacuumed: true, dead: 0, rows: 40 });
  });
});
