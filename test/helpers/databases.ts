// Test databases: every data-layer test runs on PGlite, and also on the real PostgreSQL server when
// TEST_DATABASE_URL is set (CI sets it). Each call gets a fresh, migrated database of its own.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client.js';

export type DatabaseKind = 'pglite' | 'postgres';

export function databaseKinds(): DatabaseKind[] {
  return inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase extends Database {
  /** The postgres URL of this database (postgres kind only), for a second app process. */
  url: string | undefined;
}

export async function createTestDatabase(kind: DatabaseKind, options: { maxConnections?: number; countRoundTrips?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = readFileSync(inject('pgliteTemplate'));
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([template]) });
    return { ...database, url: undefined };
  }
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const name = `rentease_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${inject('postgresTemplate')}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: options.maxConnections ?? 10, countRoundTrips: options.countRoundTrips ?? true });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}

/**
 * The same database as a second app process would open it: its own pool on PostgreSQL. PGlite belongs
 * to one process, so there it is the same instance. Closing it leaves the database in place.
 */
export async function secondProcessDatabase(database: TestDatabase): Promise<TestDatabase> {
  if (database.kind !== 'postgres') return { ...database, close: async () => {} };
  const other = await openDatabase({ databaseUrl: database.url!, maxConnections: 5 });
  return { ...other, url: database.url };
}
