// The install-time template of PGlite's cluster, already migrated (made by scripts/pglite-template.mjs
// after `npm ci`, and again by `npm run build` when the migrations have changed): a fresh data directory
// is copied from it and opened as an existing cluster. Measured pinned to one core: copy 0.25 s + open
// 0.6 s, against 1.4 s for PGlite loading a tarball of the empty cluster (its `loadDataDir`) and 0.55 s
// more to migrate it, or about 4 s for initdb inside WASM. Kept beside the installed packages, named for
// the PGlite version and the migrations it holds, so it never fills a directory for another schema.
// scripts/pglite-template.mjs computes the same name, with the same `migrationsKey` (db/migrations-key.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { migrationsKey } from './migrations-key.mjs';

/** node_modules/.cache/rentease/pglite-<version>-<migrations key>: a closed, migrated cluster. */
export function pgliteTemplateDir(migrationsFolder: string): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageDir = entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return join(dirname(dirname(packageDir)), '.cache', 'rentease', `pglite-${version}-${migrationsKey(migrationsFolder)}`);
}

/** The template's directory, when `dataDir` holds no cluster yet and a template for these migrations exists; otherwise undefined. */
export function templateForFreshDirectory(dataDir: string, templateDir: string): string | undefined {
  if (dataDir.startsWith('memory://') || !existsSync(join(templateDir, 'PG_VERSION'))) return undefined;
  const fresh = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  return fresh ? templateDir : undefined;
}
