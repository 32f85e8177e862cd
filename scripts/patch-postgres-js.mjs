// Runs after `npm ci` / `npm install` (package.json "postinstall"). postgres.js 3.4.9 (the latest) can
// crash the whole process while a server goes away: a write scheduled with setImmediate runs after the
// connection closed and calls socket.write on null, from a timer no caller can catch
// (porsager/postgres#1154, #1208; fix proposed in #1209, not released). We apply that fix: with no
// socket, the pending queries are settled with CONNECTION_CLOSED instead of the process dying.
// Idempotent; when a released version no longer has the flaw, there is nothing to patch.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FLAWED = `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`;
const FIXED = `  function nextWrite(fn) {
    if (!socket) { // patched by rentease-bot scripts/patch-postgres-js.mjs (porsager/postgres#1208)
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`;

const root = fileURLToPath(new URL('../node_modules/postgres/', import.meta.url));
for (const file of ['src/connection.js', 'cjs/src/connection.js']) {
  const path = root + file;
  if (!existsSync(path)) continue;
  const source = readFileSync(path, 'utf8');
  if (source.includes('patched by rentease-bot')) continue;
  if (!source.includes(FLAWED)) {
    console.warn(`patch-postgres-js: ${file} has changed; nothing patched (check porsager/postgres#1208)`);
    continue;
  }
  writeFileSync(path, source.replace(FLAWED, FIXED));
  console.log(`patch-postgres-js: guarded nextWrite in postgres/${file}`);
}
