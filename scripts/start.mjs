// `npm start`: runs the compiled server (dist/src/server.js), building it first when dist/ is missing or
// older than any source, so `npm ci && npm start` works on a fresh clone with no other step. Production
// runs JavaScript, not TypeScript through tsx: half the start-up time and less memory.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(ts|sql|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(...['src', 'flows', 'db', 'types'].map((dir) => newestSource(join(root, dir))), statSync(join(root, 'package-lock.json')).mtimeMs);
if (sources > built) {
  console.error(built ? 'sources changed since the last build: building dist/ …' : 'no build yet: building dist/ (once) …');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
await import(join(root, 'dist', 'src', 'server.js'));
