// `npm run build`: TypeScript to JavaScript in dist/ (tsc), with the migrations beside the compiled
// database client, and a stamp that `npm start` compares with the sources to know when to build again.
// Then PGlite's migrated template for these migrations, when it does not exist yet (a migration added
// since `npm ci`): scripts/pglite-template.mjs, a few seconds once.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
rmSync(`${root}dist`, { recursive: true, force: true });
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
mkdirSync(`${root}dist/db`, { recursive: true });
cpSync(`${root}db/migrations`, `${root}dist/db/migrations`, { recursive: true });
writeFileSync(`${root}dist/.build-stamp`, new Date().toISOString());
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
execFileSync(process.execPath, [`${root}scripts/pglite-template.mjs`], { stdio: 'inherit' });
