// scripts/patch-postgres-js.mjs runs at `npm ci`: if a postgres.js upgrade drops one of its changes, this
// says so (the crash guard is about safety, the single write, the cheap result and the statement look-up
// about speed; the script only warns). The result's and the look-up's changes must not change what a
// result is or which prepared statement runs: checked on a real server below.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../node_modules/postgres/', import.meta.url));

describe('postgres.js as installed', () => {
  it.each(['src/connection.js', 'cjs/src/connection.js'])('%s has the crash guard and writes a pipeline at once', (file) => {
    const source = readFileSync(root + file, 'utf8');
    expect(source).toContain('patched by rentease-bot scripts/patch-postgres-js.mjs (porsager/postgres#1208)');
    expect(source).toContain('chunk.length >= 65536) // patched by rentease-bot scripts/patch-postgres-js.mjs (one write per pipeline)');
  });

  it.each(['src/connection.js', 'cjs/src/connection.js'])('%s looks a prepared statement up by a key made once', (file) => {
    const source = readFileSync(root + file, 'utf8');
    for (const part of ['keys', 'look-up', 'key', 'reset']) expect(source).toContain(`patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: ${part})`);
    expect(source).not.toContain('q.signature = q.prepare && types + string');
  });

  it.each(['src/result.js', 'cjs/src/result.js'])('%s builds a result without defineProperties', (file) => {
    const source = readFileSync(root + file, 'utf8');
    expect(source).toContain('patched by rentease-bot scripts/patch-postgres-js.mjs (cheap result)');
    expect(source).not.toContain('defineProperties');
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('a patched result, from a real server', () => {
  it('is an array of its rows, with count, command, columns and statement readable but not enumerable', async () => {
    const sql = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const result = await sql.unsafe('select n, n * 2 as twice from generate_series(1, $1::int) n', [2], { prepare: true });
      expect(Array.isArray(result)).toBe(true);
      expect(Object.keys(result)).toEqual(['0', '1']);
      expect(JSON.parse(JSON.stringify(result))).toEqual([{ n: 1, twice: 2 }, { n: 2, twice: 4 }]);
      expect(result).toEqual([{ n: 1, twice: 2 }, { n: 2, twice: 4 }]);
      expect(result.count).toBe(2);
      expect(result.command).toBe('SELECT');
      expect(result.columns.map((c) => c.name)).toEqual(['n', 'twice']);
      expect(result.statement.string).toContain('generate_series');
      // A derived array is a plain one, as before (Symbol.species).
      expect(result.map((r) => r.n).constructor).toBe(Array);
      const empty = await sql.unsafe('select 1 where false');
      expect([...empty]).toEqual([]);
      expect(empty.count).toBe(0);
    } finally {
      await sql.end();
    }
  });

  it('prepares a statement once per SQL text and parameter types, and again on a new connection', async () => {
    const sql = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const text = 'select $1::text as v';
      const first = await sql.unsafe(text, ['a'], { prepare: true });
      const again = await sql.unsafe(`${'select $1::text'} as v`, ['b'], { prepare: true }); // the same text, another string
      expect(again.statement.name).toBe(first.statement.name);
      expect(again).toEqual([{ v: 'b' }]);
      // A boolean is sent typed (16), a string untyped (0): another key, another statement.
      const otherTypes = await sql.unsafe(text, [true], { prepare: true });
      expect(otherTypes.statement.name).not.toBe(first.statement.name);
      expect(otherTypes).toEqual([{ v: 'true' }]);
      // The server drops the connection: the statement is prepared again on the new one, under a new name.
      const [backend] = await sql.unsafe<{ pid: number }[]>('select pg_backend_pid() as pid');
      const pid = backend!.pid;
      const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
      await admin.unsafe('select pg_terminate_backend($1::int)', [pid]).finally(() => admin.end());
      await new Promise((r) => setTimeout(r, 200)); // the socket's close reaches postgres.js
      const reconnected = await sql.unsafe(text, ['c'], { prepare: true });
      expect(reconnected).toEqual([{ v: 'c' }]);
      expect(reconnected.statement.name).not.toBe(first.statement.name);
    } finally {
      await sql.end();
    }
  });
});
