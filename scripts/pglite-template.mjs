// Runs after `npm ci` / `npm install` (package.json "postinstall"), after patch-postgres-js.mjs. Makes
// PGlite's empty cluster once, at install, and keeps it (gzipped, ~4.5 MB) beside the installed packages:
// the first `npm start` on a fresh data directory loads it (about 1 s) instead of running PostgreSQL's
// initdb inside WASM (about 4 s on a 2-core machine, with a peak near 800 MB). The file is named for the
// PGlite version, so a different PGlite never loads it. Never fails the install: without it, the first
// start runs initdb as before (db/pglite-client.ts).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the template for the installed PGlite is kept (db/pglite-client.ts reads the same path). */
export function templatePath() {
  const { version } = JSON.parse(readFileSync(`${root}node_modules/@electric-sql/pglite/package.json`, 'utf8'));
  return `${root}node_modules/.cache/rentease/pglite-${version}.tar.gz`;
}

async function main() {
  const target = templatePath();
  if (existsSync(target)) return;
  const started = Date.now();
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: 'memory://' });
  const blob = await db.dumpDataDir('gzip');
  await db.close();
  mkdirSync(dirname(target), { recursive: true });
  // Written whole or not at all: a start never reads half a template.
  writeFileSync(`${target}.partial`, Buffer.from(await blob.arrayBuffer()));
  renameSync(`${target}.partial`, target);
  console.log(`rentease: PGlite's empty cluster made for a fast first start in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => console.warn(`rentease: PGlite template skipped (the first start will run initdb): ${error?.message ?? error}`));
}
