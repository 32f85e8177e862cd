// The hot paths' way to the database (DESIGN.md decision 10): SQL text kept in db/queries/, run as
// prepared statements, and pipelined. On PostgreSQL a transaction runs on one reserved connection:
// BEGIN goes out with the first reads, and COMMIT with the last writes, so a conversation turn or a
// callback costs two round trips. On PGlite (one connection, in process) the same calls simply run in
// order. drizzle stays for the schema, migrations and the admin and report queries; inside a
// transaction it is available as `orm`, on the same connection.
import type { Db } from './client.js';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * false: planned afresh each time, not prepared. For report queries whose best plan depends on the
   * parameters (a landlord with 10,000 tenancies, an optional filter): after five runs PostgreSQL may switch
   * a prepared statement to a generic plan, which for these was seen to take 100 s instead of 0.2 s.
   */
  prepare?: boolean;
}

/** For report queries: planned for their parameters each time. */
export const PLAN_EACH_TIME: QueryOptions = { prepare: false };

/** What reads and writes run on: a transaction, or the pool outside one. */
export interface Sql {
  /**
   * Runs one statement ($1, $2 … parameters). It is sent at once: statements issued before the first
   * is awaited travel together (one round trip). On PostgreSQL each is prepared by name per connection.
   */
  query<T = Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** drizzle on the same connection, for the queries written with it. */
  readonly orm: Db;
}

export interface Transaction extends Sql {
  /**
   * Queues a write to go out with COMMIT, in one round trip; its result is not needed by the caller.
   * A failure of any of them rolls the whole transaction back.
   */
  later(text: string, params?: readonly unknown[]): void;
  /**
   * Runs `fn` once the transaction has committed, and never if it rolls back: for what must only count
   * what happened (metrics), not what was attempted. It runs before `transaction` returns; if it throws,
   * the transaction still counts as committed (see runAfterCommit).
   */
  afterCommit(fn: () => void): void;
}

/**
 * Runs a committed transaction's afterCommit work. The transaction has committed whatever this work does,
 * so a failure in it is reported as a process warning, never thrown to the caller as if the transaction
 * had failed (a settled callback would then be recorded a second time as one that could not settle).
 */
export function runAfterCommit(work: readonly (() => void)[]): void {
  for (const fn of work) {
    try {
      fn();
    } catch (error) {
      process.emitWarning(error instanceof Error ? error : String(error), { code: 'RENTEASE_AFTER_COMMIT' });
    }
  }
}

export interface DatabaseCounts {
  statements: number;
  roundTrips: number;
  connectionWaits: number;
  connectionWaitSeconds: number;
}

export interface Executor extends Sql {
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Statements and round trips sent so far (for the benchmarks and the tests that keep them few), and the
   * transactions that waited for a connection of the pool and for how long in all (PostgreSQL only).
   */
  readonly counts: DatabaseCounts;
}

/** Rows affected by a statement without RETURNING, as both drivers report it. */
export function affectedRows(result: unknown): number {
  const r = result as { count?: number; affectedRows?: number };
  return Number(r.count ?? r.affectedRows ?? 0);
}

/**
 * Parameters as PostgreSQL reads them in text form: a Date as ISO 8601, an array as an array literal
 * ("{…}", elements quoted). Both drivers get them this way, so a statement behaves the same on each
 * (postgres.js does not serialize arrays or dates for a prepared statement's first run on a connection).
 */
export function textParams(params: readonly unknown[]): unknown[] {
  return params.map(textParam);
}

function textParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
  return value;
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
