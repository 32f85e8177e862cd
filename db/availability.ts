// Bounded waits on a PostgreSQL server that has gone away. postgres.js keeps a query waiting while it
// reconnects (with a backoff of up to 20 s), so without this a request would hang for as long as the
// server is down. Here:
//  - a transaction that cannot begin within START_DEADLINE_MS gives up with DatabaseUnavailable; if it
//    begins later all the same, it rolls back at once, so nothing a request gave up on happens late;
//  - a failure that shows the server is away marks it down: while down, work fails at once instead of
//    queueing, and a probe on a connection of its own asks every PROBE_INTERVAL_MS until it answers.
// A query outside a transaction is refused at once while the server is down; otherwise it is left to
// postgres.js (it is a read, or a write that may as well land late). The channels turn
// DatabaseUnavailable into a short apology (USSD, WhatsApp) or a 503.
import type postgres from 'postgres';

export class DatabaseUnavailable extends Error {
  override name = 'DatabaseUnavailable';
  constructor(message = 'the database is not answering') {
    super(message);
  }
}

/** Under the providers' budgets: the request still answers within 2 s. */
export const START_DEADLINE_MS = 1_500;
const PROBE_INTERVAL_MS = 250;
const PROBE_DEADLINE_MS = 800;

/** Errors that say the server or the connection to it is gone, not that a statement was wrong. */
export function isConnectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    code.startsWith('CONNECT') || // CONNECTION_CLOSED, CONNECTION_ENDED, CONNECTION_DESTROYED, CONNECT_TIMEOUT
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code) ||
    code.startsWith('08') || // connection exceptions
    ['57P01', '57P02', '57P03'].includes(code) // admin shutdown, crash shutdown, cannot connect now
  );
}

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (current instanceof DatabaseUnavailable || isConnectionLost(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export interface Availability {
  /** False while the server is known to be away. */
  readonly up: boolean;
  /** Answers within PROBE_DEADLINE_MS whether the server answers a trivial query. */
  ping(): Promise<boolean>;
  /** Wraps the postgres.js client so that drizzle's transactions and queries are bounded as above; `onQuery` counts them. */
  guard(sql: postgres.Sql, onQuery?: () => void): postgres.Sql;
  /** A connection of the pool for one transaction, within START_DEADLINE_MS; a late one is given back. */
  reserve(sql: postgres.Sql): Promise<postgres.ReservedSql>;
  close(): Promise<void>;
}

export function createAvailability(probeClient: postgres.Sql): Availability {
  let up = true;
  let probing: Promise<boolean> | undefined;
  let loop: NodeJS.Timeout | undefined;

  /** One probe at a time on the probe's own connection, answered within PROBE_DEADLINE_MS. */
  function probe(): Promise<boolean> {
    probing ??= new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), PROBE_DEADLINE_MS);
      probeClient
        .unsafe('select 1')
        .then(() => resolve(true), () => resolve(false))
        .finally(() => clearTimeout(timer));
    })
      .then((ok) => {
        if (ok) markUp();
        else markDown();
        return ok;
      })
      .finally(() => (probing = undefined));
    return probing;
  }

  /** For /healthz: false at once while the server is known to be away, else a fresh probe. */
  function ping(): Promise<boolean> {
    return up ? probe() : Promise.resolve(false);
  }

  function markDown(): void {
    if (!up) return;
    up = false;
    const tick = () => {
      loop = setTimeout(() => void probe().then((ok) => !ok && tick()), PROBE_INTERVAL_MS);
      loop.unref();
    };
    tick();
  }

  function markUp(): void {
    up = true;
    clearTimeout(loop);
  }

  const noteFailure = (error: unknown) => {
    if (isConnectionLost(error)) void probe();
  };

  function guard(sql: postgres.Sql, onQuery: () => void = () => {}): postgres.Sql {
    const begin = (...args: unknown[]) => {
      if (!up) return Promise.reject(new DatabaseUnavailable());
      const fn = args[args.length - 1] as (tx: unknown) => Promise<unknown>;
      let state: 'waiting' | 'begun' | 'abandoned' = 'waiting';
      const work = (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args.slice(0, -1), async (tx: unknown) => {
        // Begun after the request gave up on it: roll back, do nothing late.
        if (state === 'abandoned') throw new DatabaseUnavailable('given up before it began');
        state = 'begun';
        return fn(tx);
      });
      work.catch(noteFailure);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          if (state !== 'waiting') return;
          state = 'abandoned';
          void probe();
          reject(new DatabaseUnavailable(`no connection within ${START_DEADLINE_MS} ms`));
        }, START_DEADLINE_MS);
      });
      return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
    };
    const unsafe = (...args: unknown[]) => {
      if (!up) {
        const refused = Promise.reject(new DatabaseUnavailable());
        refused.catch(() => {});
        return Object.assign(refused, { values: () => refused, execute: () => refused });
      }
      onQuery();
      return (sql.unsafe as (...a: unknown[]) => unknown)(...args);
    };
    return new Proxy(sql, {
      get(target, property, receiver) {
        if (property === 'begin') return begin;
        if (property === 'unsafe') return unsafe;
        return Reflect.get(target, property, receiver);
      },
    });
  }

  function reserve(sql: postgres.Sql): Promise<postgres.ReservedSql> {
    if (!up) return Promise.reject(new DatabaseUnavailable());
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        void probe();
        reject(new DatabaseUnavailable(`no connection within ${START_DEADLINE_MS} ms`));
      }, START_DEADLINE_MS);
      sql.reserve().then(
        (conn) => {
          if (settled) return conn.release(); // the request gave up on it: nothing runs late
          settled = true;
          clearTimeout(timer);
          resolve(conn);
        },
        (error: unknown) => {
          noteFailure(error);
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  return {
    get up() {
      return up;
    },
    ping,
    guard,
    reserve,
    close: async () => {
      clearTimeout(loop);
      await probeClient.end({ timeout: 1 });
    },
  };
}
