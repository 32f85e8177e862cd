// Runs once per `vitest run`: migrates a template database per driver, so each test file starts
// from a copy in well under a second (reference/stack.md pitfall 12).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import postgres from 'postgres';
import { migrationsFolder, openDatabase } from '../../db/client.js';
import { migrationsKey } from '../../db/migrations-key.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const hash = migrationsKey(migrationsFolder);
  // Kept beside the dependencies, not in the app's .data/: tests write nothing where `npm start` keeps its data.
  const cacheDir = join('node_modules', '.cache', 'rentease-tests');
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, `test-template-${hash}.tar.gz`);
  if (!existsSync(tarball)) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
    const dump = await client.dumpDataDir('gzip');
    writeFileSync(tarball, Buffer.from(await dump.arrayBuffer()));
    await database.close();
  }
  project.provide('pgliteTemplate', tarball);

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    project.provide('postgresTemplate', null);
    return;
  }
  const templateName = `rentease_template_${hash}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${templateName}`;
    if (exists.length === 0) {
      const building = `${templateName}_building_${process.pid}`;
      await admin.unsafe(`create database "${building}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${building}`;
      const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 1 });
      await database.migrate();
      await database.close();
      await admin.unsafe(`alter database "${building}" rename to "${templateName}"`);
    }
  } finally {
    await admin.end();
  }
  project.provide('postgresTemplate', templateName);
}
