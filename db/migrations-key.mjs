// The migrations' identity, shared by the app (db/pglite-template.ts) and scripts/pglite-template.mjs, which
// runs at install before there is a build to import: plain JavaScript, so both can load it as it is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A hash of every file in the migrations folder (the SQL and drizzle's journal), by name.
 * @param {string} migrationsFolder
 * @returns {string}
 */
export function migrationsKey(migrationsFolder) {
  const hash = createHash('sha256');
  /** @type {(dir: string, prefix?: string) => string[]} */
  const files = (dir, prefix = '') =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
  for (const name of files(migrationsFolder)) hash.update(name).update('\0').update(readFileSync(join(migrationsFolder, name))).update('\0');
  return hash.digest('hex').slice(0, 12);
}
