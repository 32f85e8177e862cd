// PGlite: PostgreSQL compiled to WASM, in this process, one connection. The executor's calls run in
// order (there is no network to pipeline over); transactions are serialized by PGlite itself.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { PGlite, type Transaction as PgliteTransaction } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { DatabaseUnavailable } from './availability.js';
import { migrationsFolder, type Database, type Db } from './client.js';
import { pgliteTemplateDir, templateForFreshDirectory } from './pglite-template.js';
import * as schema from './schema.js';
import { runAfterCommit, textParams, type Executor, type Row, type Transaction } from './sql.js';

/**
 * PGlite's WASM memory only grows, and it starts from a server's defaults (128 MB of shared buffers,
 * 100 connections) that one process never needs: an embedded database that holds a demo or a small
 * portfolio touches a few megabytes. These keep `npm start` at a fraction of the memory.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=10', 'maintenance_work_mem=16MB'];

export async function openPglite(dataDir: string, loadDataDir?: Blob, options: { templateDir?: string } = {}): Promise<Database> {
  const template = loadDataDir ? undefined : templateForFreshDirectory(dataDir, options.templateDir ?? pgliteTemplateDir(migrationsFolder));
  // PGlite's own mkdir is not recursive (reference/stack.md pitfall 7).
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = template ? await openFromTemplate(dataDir, template) : await PGlite.create({ dataDir, postgresqlconf: PGLITE_SETTINGS, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    sql: pgliteExecutor(client, db),
    kind: 'pglite',
    migrate: () => migrate(drizzle(client), { migrationsFolder }),
    ping: async () => {
      try {
        await db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/**
 * A fresh directory copied from the install-time template (db/pglite-template.ts), then opened as the
 * cluster it now is. A template that does not open (a damaged copy) leaves the directory to initdb, as
 * without one.
 */
async function openFromTemplate(dataDir: string, templateDir: string): Promise<PGlite> {
  try {
    cpSync(templateDir, dataDir, { recursive: true });
    return await PGlite.create({ dataDir, postgresqlconf: PGLITE_SETTINGS });
  } catch {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    return PGlite.create({ dataDir, postgresqlconf: PGLITE_SETTINGS });
  }
}

/**
 * PGlite runs one transaction at a time; the others wait in its queue, first come first served, and the
 * event loop turns between two transactions (so new connections are accepted and read meanwhile). The
 * queue is bounded: beyond MAX_WAITING, or after START_DEADLINE_MS without its turn, a transaction gives
 * up with DatabaseUnavailable (the channels answer a short apology), and if its turn comes later all the
 * same it rolls back at once: a crowd gets answers, never a hang past the USSD gateway's 15 s.
 */
const MAX_WAITING = 200;
const START_DEADLINE_MS = 5_000;

function pgliteExecutor(client: PGlite, db: Db): Executor {
  const counts = { statements: 0, roundTrips: 0, connectionWaits: 0, connectionWaitSeconds: 0 };
  let waiting = 0;
  const run = <T>(on: PGlite | PgliteTransaction, text: string, params: readonly unknown[] = []) => {
    counts.statements++;
    return on.query<T>(text, textParams(params)).then((r) => r.rows);
  };
  return {
    counts,
    orm: db,
    query: <T = Row>(text: string, params?: readonly unknown[]) => run<T>(client, text, params),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) => {
      if (waiting >= MAX_WAITING) return Promise.reject(new DatabaseUnavailable('the embedded database is busy'));
      waiting++;
      let state: 'waiting' | 'begun' | 'abandoned' = 'waiting';
      let timer: NodeJS.Timeout | undefined;
      const committed: (() => void)[] = [];
      const work = client.transaction(async (inner) => {
        if (state === 'abandoned') throw new DatabaseUnavailable('given up before it began');
        state = 'begun';
        waiting--;
        clearTimeout(timer);
        // Let the event loop turn once before each transaction. PGlite answers in process, so queued
        // transactions otherwise follow one another in microtasks without the loop ever polling: under a
        // crowd, new connections then sat in the kernel's accept queue for seconds (one accepted per long
        // loop turn) and a client's first request waited up to 8 s while every turn took milliseconds.
        await new Promise((resolve) => setImmediate(resolve));
        const later: [string, readonly unknown[]][] = [];
        let orm: Db | undefined;
        const result = await fn({
          query: <R = Row>(text: string, params?: readonly unknown[]) => run<R>(inner, text, params),
          later: (text, params = []) => void later.push([text, params]),
          afterCommit: (fn) => void committed.push(fn),
          get orm() {
            return (orm ??= drizzle(inner as unknown as PGlite, { schema }) as unknown as Db);
          },
        });
        for (const [text, params] of later) await run(inner, text, params);
        return result;
      });
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          if (state !== 'waiting') return;
          state = 'abandoned';
          waiting--;
          reject(new DatabaseUnavailable(`no turn on the embedded database within ${START_DEADLINE_MS} ms`));
        }, START_DEADLINE_MS);
      });
      // PGlite's transaction() resolves once COMMIT has run.
      const done = work.then((result) => {
        runAfterCommit(committed);
        return result;
      });
      done.catch(() => undefined);
      return Promise.race([done, deadline]);
    },
  };
}
