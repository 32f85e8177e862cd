// One database interface, two drivers (DESIGN.md decision 1): postgres.js against a real
// PostgreSQL server when DATABASE_URL is set, PGlite (Postgres compiled to WASM) in DATA_DIR otherwise.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { createAvailability } from './availability.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; query functions take `Db` and so accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
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
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return openPglite(options.dataDir ?? '.data/pglite', options.loadDataDir);
}

/**
 * postgres.js waits for a lost server with a backoff of up to 20 s between attempts; ours stays under
 * half a second so the app is back within moments of the server (db/availability.ts bounds the waits).
 */
const RECONNECT_BACKOFF = (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5);

function openPostgres(url: string, max: number): Database {
  // onnotice: drizzle's migrator makes the server print "schema already exists" notices; they are noise.
  const settings = { onnotice: () => {}, connect_timeout: 2, backoff: RECONNECT_BACKOFF };
  const client = postgres(url, { max, ...settings });
  const availability = createAvailability(postgres(url, { max: 1, ...settings }));
  const db = drizzlePostgres(availability.guard(client), { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePostgres(drizzlePostgres(client), { migrationsFolder }),
    ping: () => availability.ping(),
    close: async () => {
      await availability.close();
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * PGlite's WASM memory only grows, and it starts from a server's defaults (128 MB of shared buffers,
 * 100 connections) that one process never needs: an embedded database that holds a demo or a small
 * portfolio touches a few megabytes. These keep `npm start` at a fraction of the memory.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=10', 'maintenance_work_mem=16MB'];

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  // Loaded only when used: a process on a PostgreSQL server never pays for the WASM module's memory.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // PGlite's own mkdir is not recursive (reference/stack.md pitfall 7).
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, postgresqlconf: PGLITE_SETTINGS, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    ping: () => ping(db),
    close: () => client.close(),
  };
}

async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
