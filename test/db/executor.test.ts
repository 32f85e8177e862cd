// The hot paths' executor (db/sql.ts) on both drivers: statements in a transaction travel together,
// writes queued with `later` go out with COMMIT, `afterCommit` work runs only after it, and a failure anywhere
// rolls everything back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violatedConstraint } from '../../db/errors.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.js';

describe.each(databaseKinds())('the SQL executor on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind, { countRoundTrips: true });
    await database.sql.query('create table executor_test (id int primary key, note text not null)');
  });
  afterAll(() => database.close());

  const notes = async () => (await database.sql.query<{ id: number; note: string }>('select id, note from executor_test order by id')).map((r) => `${r.id}:${r.note}`);

  it('commits reads and writes; queued writes go out with COMMIT', async () => {
    const seen = await database.sql.transaction(async (tx) => {
      const [a, b] = await Promise.all([tx.query<{ n: number }>('select 1::int as n'), tx.query<{ n: number }>('select $1::int as n', [2])]);
      tx.later('insert into executor_test (id, note) values ($1, $2)', [1, 'one']);
      tx.later('insert into executor_test (id, note) values ($1, $2)', [2, 'two']);
      return [a[0]!.n, b[0]!.n];
    });
    expect(seen).toEqual([1, 2]);
    expect(await notes()).toEqual(['1:one', '2:two']);
  });

  it('rolls back everything when a queued write fails, and says which constraint', async () => {
    const failure = await database.sql
      .transaction(async (tx) => {
        await tx.query('insert into executor_test (id, note) values (3, $1)', ['three']);
        tx.later('insert into executor_test (id, note) values (1, $1)', ['again']);
      })
      .then(() => undefined, (error: unknown) => error);
    expect(violatedConstraint(failure)).toBe('executor_test_pkey');
    expect(await notes()).toEqual(['1:one', '2:two']);
  });

  it('runs afterCommit work once the transaction commits, and never when it rolls back', async () => {
    const ran: string[] = [];
    await database.sql.transaction(async (tx) => {
      tx.later('update executor_test set note = $2 where id = $1', [2, 'two']);
      tx.afterCommit(() => ran.push('committed'));
      // Not yet: COMMIT has not been sent.
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['committed']);

    const failed = await database.sql
      .transaction(async (tx) => {
        tx.afterCommit(() => ran.push('rolled back'));
        tx.later('insert into executor_test (id, note) values (1, $1)', ['again']);
      })
      .then(() => 'committed', () => 'failed');
    expect(failed).toBe('failed');
    expect(ran).toEqual(['committed']);
  });

  it('reports a failing afterCommit work as a warning, not as a failed transaction', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const result = await database.sql.transaction(async (tx) => {
        tx.later('update executor_test set note = $2 where id = $1', [2, 'two']);
        tx.afterCommit(() => {
          throw new Error('a counter broke');
        });
        return 'done';
      });
      expect(result).toBe('done');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.message)).toContain('a counter broke');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rolls back when the work throws', async () => {
    await expect(
      database.sql.transaction(async (tx) => {
        await tx.query('insert into executor_test (id, note) values (4, $1)', ['four']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await notes()).toEqual(['1:one', '2:two']);
  });

  it.runIf(kind === 'postgres')('sends BEGIN with the reads and the writes with COMMIT: two round trips', async () => {
    // Warm up: each statement is prepared once per connection (the first use costs a describe).
    const turn = () =>
      database.sql.transaction(async (tx) => {
        await Promise.all([tx.query('select id from executor_test where id = $1', [1]), tx.query('select note from executor_test where id = $1', [2])]);
        tx.later('update executor_test set note = $2 where id = $1', [1, 'one']);
      });
    for (let i = 0; i < 12; i++) await turn();
    const before = { ...database.sql.counts };
    await turn();
    expect(database.sql.counts.roundTrips - before.roundTrips).toBe(2);
    expect(database.sql.counts.statements - before.statements).toBe(5);
  });
});

describe('the embedded database under a crowd', () => {
  it('queues transactions first come first served, and refuses at once beyond 200 waiting', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const order: number[] = [];
      const attempts = Array.from({ length: 230 }, (_, i) =>
        database.sql.transaction(async (tx) => {
          await tx.query('select 1');
          order.push(i);
        }),
      );
      const results = await Promise.allSettled(attempts);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((r) => (r as PromiseRejectedResult).reason.name === 'DatabaseUnavailable')).toBe(true);
      // Those admitted ran in the order they came.
      expect(order).toEqual([...order].sort((a, b) => a - b));
    } finally {
      await database.close();
    }
  });
});
