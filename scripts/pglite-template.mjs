// Runs after `npm ci` / `npm install` (package.json "postinstall", after patch-postgres-js.mjs) and after
// `npm run build` (scripts/build.mjs): makes PGlite's cluster once, migrated, and keeps it as a data
// directory beside the installed packages (about 39 MB). The first `npm start` on a fresh data directory
// copies it and opens it as an existing cluster, about 0.9 s on one core, instead of running PostgreSQL's
// initdb inside WASM (about 4 s, with a peak near 800 MB) and then every migration (about 0.55 s). Named
// for the PGlite version and a hash of the migrations (db/pglite-template.ts computes the same name), so it
// never fills a directory for another schema; templates for other versions or migrations are removed.
// Without db/migrations (the Dockerfile installs before copying the sources) it waits for the build. Never
// fails the install or the build: without a template, the first start runs initdb as before.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const migrationsFolder = join(root, 'db', 'migrations');
const cacheDir = join(root, 'node_modules', '.cache', 'rentease');

/** Where the template for the installed PGlite and these migrations is kept (db/pglite-template.ts names it alike). */
async function templateDir() {
  // Loaded here, not at the top: the Dockerfile installs before it copies db/.
  const { migrationsKey } = await import('../db/migrations-key.mjs');
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'));
  return join(cacheDir, `pglite-${version}-${migrationsKey(migrationsFolder)}`);
}

async function main() {
  if (!existsSync(migrationsFolder)) return;
  const target = await templateDir();
  if (existsSync(join(target, 'PG_VERSION'))) return;
  const started = Date.now();
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // Made aside and renamed into place: a start never copies half a template.
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const db = await PGlite.create({ dataDir: partial });
    await migrate(drizzle(db), { migrationsFolder });
    await db.close();
    try {
      renameSync(partial, target);
    } catch (error) {
      // Another install or build made the same template meanwhile: theirs is as good.
      if (!existsSync(join(target, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  // Older templates (another PGlite, other migrations, the earlier gzipped tarball) are never read again.
  for (const entry of readdirSync(cacheDir)) {
    if (entry.startsWith('pglite-') && join(cacheDir, entry) !== target && !entry.includes('.partial-')) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
  console.log(`rentease: PGlite's migrated cluster made for a fast first start in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => console.warn(`rentease: PGlite template skipped (the first start will run initdb): ${error?.message ?? error}`));
}
