// The install-time template of PGlite's empty cluster (made by scripts/pglite-template.mjs after
// `npm ci`): a fresh data directory is filled from it in about a second instead of running initdb inside
// WASM (about four). Kept beside the installed packages, named for the PGlite version, so a different
// PGlite never loads it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

/** node_modules/.cache/rentease/pglite-<version>.tar.gz (the script computes the same path). */
export function pgliteTemplatePath(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageDir = entry.slice(0, entry.lastIndexOf(`${sep}dist${sep}`));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return join(dirname(dirname(packageDir)), '.cache', 'rentease', `pglite-${version}.tar.gz`);
}

/** The template, when `dataDir` holds no cluster yet and one was made at install; otherwise undefined. */
export function templateForFreshDirectory(dataDir: string, path = pgliteTemplatePath()): Blob | undefined {
  if (dataDir.startsWith('memory://') || !existsSync(path)) return undefined;
  const fresh = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  return fresh ? new Blob([readFileSync(path)]) : undefined;
}
