// The embedded database's first start: a fresh data directory is filled from PGlite's empty cluster made
// at install (scripts/pglite-template.mjs, run by `npm ci`), an existing one is never touched, and a
// damaged template falls back to initdb.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../db/pglite-client.js';
import { pgliteTemplatePath, templateForFreshDirectory } from '../../db/pglite-template.js';

const scratch = mkdtempSync(join(tmpdir(), 'rentease-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function opensAndMigrates(dataDir: string, options: { templatePath?: string } = {}) {
  const database = await openPglite(dataDir, undefined, options);
  try {
    await database.migrate();
    const rows = await database.sql.query<{ n: number }>('select count(*)::int as n from landlords');
    expect(rows[0]!.n).toBe(0);
  } finally {
    await database.close();
  }
}

describe('PGlite template', () => {
  it('was made at install, and fills a fresh data directory that then works as one made by initdb', async () => {
    expect(existsSync(pgliteTemplatePath())).toBe(true);
    const dataDir = join(scratch, 'fresh');
    expect(templateForFreshDirectory(dataDir)).toBeInstanceOf(Blob);
    await opensAndMigrates(dataDir);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    // The cluster now exists: opening it again never loads the template over it.
    expect(templateForFreshDirectory(dataDir)).toBeUndefined();
    await opensAndMigrates(dataDir);
  });

  it('runs initdb when the template is damaged', async () => {
    const damaged = join(scratch, 'damaged.tar.gz');
    writeFileSync(damaged, 'not a tarball');
    await opensAndMigrates(join(scratch, 'from-damaged'), { templatePath: damaged });
  });
});
