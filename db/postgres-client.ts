// PostgreSQL through postgres.js: drizzle for the schema's queries, db/sql.ts's executor for the hot
// paths, both bounded while the server is away (db/availability.ts).
import { connect, type Socket } from 'node:net';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { createAvailability, DatabaseUnavailable, isConnectionLost, type Availability } from './availability.js';
import { migrationsFolder, type Database, type Db } from './client.js';
import * as schema from './schema.js';
import { runAfterCommit, textParams, type Executor, type QueryOptions, type Row, type Transaction } from './sql.js';

/**
 * postgres.js waits for a lost server with a backoff of up to 20 s between attempts; ours stays under
 * half a second so the app is back within moments of the server (db/availability.ts bounds the waits).
 */
const RECONNECT_BACKOFF = (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5);

export function openPostgres(url: string, options: { max: number; countRoundTrips: boolean }): Database {
  const counts = { statements: 0, roundTrips: 0, connectionWaits: 0, connectionWaitSeconds: 0 };
  // onnotice: drizzle's migrator makes the server print "schema already exists" notices; they are noise.
  // jit off: the reports' estimates (a landlord's 10,000 tenancies) crossed jit_above_cost, and compiling
  // took 0.7 s of a 0.9 s query; no query of this app runs long enough for JIT to pay.
  const settings = { onnotice: () => {}, connect_timeout: 2, backoff: RECONNECT_BACKOFF, connection: { jit: 'off' } };
  const pool = postgres(url, {
    max: options.max,
    ...settings,
    ...(options.countRoundTrips ? { socket: countingSocket(() => counts.roundTrips++) } : {}),
  });
  const availability = createAvailability(postgres(url, { max: 1, ...settings }));
  // Statements are counted where they are sent (not with postgres.js's `debug`, which makes every query
  // capture a stack trace).
  const db = drizzle(availability.guard(pool, () => void counts.statements++), { schema }) as unknown as Db;
  return {
    db,
    sql: postgresExecutor(pool, availability, db, counts),
    kind: 'postgres',
    migrate: () => migrate(drizzle(pool), { migrationsFolder }),
    ping: () => availability.ping(),
    close: async () => {
      await availability.close();
      await pool.end({ timeout: 5 });
    },
  };
}

/**
 * A connected socket whose round trips are counted: a write is a new round trip when the server has
 * answered since the previous one (postgres.js may split one pipeline into several writes).
 */
function countingSocket(onRoundTrip: () => void) {
  return (opts: { host: string[]; port: number[]; path: string | false }) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = opts.path ? connect(opts.path) : connect(opts.port[0]!, opts.host[0]!);
      const timer = setTimeout(() => socket.destroy(new Error('CONNECT_TIMEOUT')), 2_000);
      let answered = true;
      socket.on('data', () => (answered = true));
      socket.once('connect', () => {
        clearTimeout(timer);
        const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
        socket.write = ((...args: unknown[]) => {
          if (answered) onRoundTrip();
          answered = false;
          return write(...args);
        }) as Socket['write'];
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
}

type Pending = Promise<unknown> & { catch(fn: () => void): Promise<unknown> };

// Note: drizzle sets the pool's timestamp parsers to pass text through (it maps dates itself), so the
// executor's rows carry timestamps as text on PostgreSQL and as Date on PGlite: query functions that
// return one read it with new Date(…).

const wire = (params: readonly unknown[]) => textParams(params) as postgres.ParameterOrJSON<never>[];

function postgresExecutor(pool: postgres.Sql, availability: Availability, db: Db, counts: Executor['counts']): Executor {
  const guarded = availability.guard(pool, () => void counts.statements++);
  return {
    counts,
    orm: db,
    query: <T = Row>(text: string, params: readonly unknown[] = [], options?: QueryOptions) =>
      guarded.unsafe(text, wire(params), { prepare: options?.prepare ?? true }) as unknown as Promise<T[]>,
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const asked = performance.now();
      const conn = await availability.reserve(pool);
      // A connection handed over at once took well under a millisecond; longer means the pool was busy.
      const waited = (performance.now() - asked) / 1000;
      if (waited > 0.001) {
        counts.connectionWaits++;
        counts.connectionWaitSeconds += waited;
      }
      let lost = false;
      const send = (text: string, params: readonly unknown[] = [], options?: QueryOptions): Pending => {
        counts.statements++;
        const query = conn.unsafe(text, wire(params), { prepare: options?.prepare ?? true }).execute() as unknown as Pending;
        // Every statement is awaited by someone or by the end of the transaction; none may go unhandled.
        query.catch((error: unknown) => void (lost ||= isConnectionLost(error)));
        return query;
      };
      const later: [string, readonly unknown[]][] = [];
      const committed: (() => void)[] = [];
      let orm: Db | undefined;
      const tx: Transaction = {
        query: <R = Row>(text: string, params?: readonly unknown[], options?: QueryOptions) => send(text, params, options) as Promise<R[]>,
        later: (text, params = []) => void later.push([text, params]),
        afterCommit: (fn) => void committed.push(fn),
        get orm() {
          // drizzle reads the pool's options (its parsers), which a reserved connection does not carry.
          const unsafe = (...args: unknown[]) => {
            counts.statements++;
            return (conn.unsafe as (...a: unknown[]) => unknown)(...args);
          };
          const onConnection = new Proxy(conn, {
            get: (target, property, receiver) => (property === 'options' ? pool.options : property === 'unsafe' ? unsafe : Reflect.get(target, property, receiver)),
          });
          return (orm ??= drizzle(onConnection) as unknown as Db);
        },
      };
      // BEGIN is not awaited: it travels with the transaction's first statements.
      const begin = send('begin');
      try {
        const result = await fn(tx);
        await begin;
        const outcome = await Promise.allSettled([...later.map(([text, params]) => send(text, params)), send('commit')]);
        const failed = outcome.find((o) => o.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
        const commit = (outcome.at(-1) as PromiseFulfilledResult<{ command?: string }>).value;
        if (commit.command !== 'COMMIT') throw new Error(`the transaction ended with ${commit.command ?? 'nothing'}, not COMMIT`);
        runAfterCommit(committed);
        return result;
      } catch (error) {
        if (!lost) await send('rollback').catch(() => undefined);
        throw error;
      } finally {
        // A connection whose server went away is postgres.js's to reconnect; releasing it would put it back as open.
        if (!lost) conn.release();
      }
    },
  };
}

export { DatabaseUnavailable };
