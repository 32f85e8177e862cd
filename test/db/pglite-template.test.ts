// The embedded database's first start: a fresh data directory is copied from PGlite's migrated cluster made
// at install (scripts/pglite-template.mjs, run by `npm ci` and `npm run build`), an existing one is never
// touched, a template is only for the migrations it holds, and a damaged template falls back to initdb.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/client.js';
import { openPglite } from '../../db/pglite-client.js';
import { migrationsKey } from '../../db/migrations-key.mjs';
import { pgliteTemplateDir, templateForFreshDirectory } from '../../db/pglite-template.js';

const scratch = mkdtempSync(join(tmpdir(), 'rentease-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function landlordsIn(dataDir: string, options: { templateDir?: string; migrate: boolean }) {
  const database = await openPglite(dataDir, undefined, options.templateDir ? { templateDir: options.templateDir } : {});
  try {
    if (options.migrate) await database.migrate();
    const rows = await database.sql.query<{ n: number }>('select count(*)::int as n from landlords');
    return rows[0]!.n;
  } finally {
    await database.close();
  }
}

describe('PGlite template', () => {
  const template = pgliteTemplateDir(migrationsFolder);

  it('was made at install for these migrations, and a fresh data directory copied from it is migrated already', async () => {
    expect(existsSync(join(template, 'PG_VERSION'))).toBe(true);
    const dataDir = join(scratch, 'fresh');
    expect(templateForFreshDirectory(dataDir, template)).toBe(template);
    // No migrate: the tables are there.
    expect(await landlordsIn(dataDir, { migrate: false })).toBe(0);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    // The cluster now exists: opening it again never copies the template over it, and migrating finds nothing to do.
    expect(templateForFreshDirectory(dataDir, template)).toBeUndefined();
    expect(await landlordsIn(dataDir, { migrate: true })).toBe(0);
  });

  it('is named for the migrations it holds: a changed migration file names another template', () => {
    const copy = join(scratch, 'migrations');
    cpSync(migrationsFolder, copy, { recursive: true });
    expect(migrationsKey(copy)).toBe(migrationsKey(migrationsFolder));
    appendFileSync(join(copy, '0000_init.sql'), '\n-- changed\n');
    expect(migrationsKey(copy)).not.toBe(migrationsKey(migrationsFolder));
    // No template for a schema nobody made one for: the fresh directory is left to initdb.
    expect(templateForFreshDirectory(join(scratch, 'other'), join(scratch, 'no-such-template'))).toBeUndefined();
  });

  it('runs initdb when the template is damaged', async () => {
    const damaged = join(scratch, 'damaged');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'PG_VERSION'), 'not a cluster\n');
    expect(await landlordsIn(join(scratch, 'from-damaged'), { templateDir: damaged, migrate: true })).toBe(0);
  });
});
