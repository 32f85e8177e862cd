// One database interface, two drivers (DESIGN.md decision 1): postgres.js against a real
// PostgreSQL server when DATABASE_URL is set, PGlite (Postgres compiled to WASM) in DATA_DIR otherwise.
// Both give `db` (drizzle, for the schema's queries) and `sql` (db/sql.ts: prepared, pipelined SQL for
// the hot paths), and the same transaction semantics.
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';
import type { Executor } from './sql.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; query functions take `Db` and so accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  sql: Executor;
  kind: 'postgres' | 'pglite';
  /** Applies db/migrations (idempotent). */
  migrate(): Promise<void>;
  /** True when the database answers a trivial query (within a second on PostgreSQL). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory, or a `memory://` URL. */
  dataDir?: string;
  /** A PGlite data dir tarball to start from (tests use a pre-migrated template). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** Count the socket writes to PostgreSQL (round trips), for the benchmarks and tests; off in production. */
  countRoundTrips?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres-client.js');
    return openPostgres(options.databaseUrl, { max: options.maxConnections ?? 10, countRoundTrips: options.countRoundTrips ?? false });
  }
  // Loaded only when used: a process on a PostgreSQL server never pays for the WASM module's memory.
  const { openPglite } = await import('./pglite-client.js');
  return openPglite(options.dataDir ?? '.data/pglite', options.loadDataDir);
}
