// Runs after `npm ci` / `npm install` (package.json "postinstall"). Four changes to postgres.js 3.4.9 (the
// latest), each applied once and skipped with a warning when the code it changes is no longer there:
//
// 1. A crash. While a server goes away, a write scheduled with setImmediate can run after the connection
//    closed and call socket.write on null, from a timer no caller can catch (porsager/postgres#1154,
//    #1208; fix proposed in #1209, not released). With no socket, the pending queries are now settled
//    with CONNECTION_CLOSED instead of the process dying.
// 2. One write per pipeline. postgres.js gathers the messages of one tick and writes them together, but
//    writes at once as soon as 1 KB is waiting: a turn's snapshot update (1-2 KB) went out alone and its
//    COMMIT in a second write, so every turn woke the server twice for its last round trip (on this
//    project's 2-core VM a loopback write costs tens of microseconds on each side). The threshold is
//    raised to 64 KB, so a transaction's last statements and COMMIT leave in one write; larger batches
//    (bulk billing) still go out as they fill. Measured: 2.8 -> 2.1 database writes per USSD turn, and
//    PostgreSQL's CPU per turn 6-20 % lower (bench/README.md).
// 3. A cheaper result. Every statement's result is a `Result` (an Array subclass) given five
//    non-enumerable properties with Object.defineProperties, which turns each one into a slow
//    dictionary-mode object: constructing one, pushing a row and setting two of them took 6-7.6 us here,
//    against 0.4 us with the properties as private fields behind prototype accessors (still not
//    enumerable, so a result still looks like a plain array to Object.keys, JSON and test matchers).
//    postgres.js makes one per statement, so 30-40 us of the app's CPU per USSD turn (bench/README.md).
// 4. A cheaper prepared-statement look-up. A statement's key among the connection's prepared ones is its
//    parameter types joined to its SQL, built anew for every query: a new string of the SQL's length,
//    copied flat and hashed whole to be looked up (6.5 us for the turn's 3 KB profile statement). The key
//    is now made once per SQL text and types and kept in a Map by the SQL text, whose hash V8 keeps on a
//    string the app reuses (db/queries/ keeps its SQL in constants): the look-up is 0.5 us. The keys are
//    forgotten when the prepared statements are (on each new connection).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PATCHES = [
  {
    name: 'guarded nextWrite (porsager/postgres#1208)',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (porsager/postgres#1208)',
    from: `  function nextWrite(fn) {
    const x = socket.write(chunk, fn)`,
    to: `  function nextWrite(fn) {
    if (!socket) { // patched by rentease-bot scripts/patch-postgres-js.mjs (porsager/postgres#1208)
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return false
    }
    const x = socket.write(chunk, fn)`,
  },
  {
    name: 'one write per pipeline (64 KB before an early write)',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (one write per pipeline)',
    from: `    if (fn || chunk.length >= 1024)
      return nextWrite(fn)`,
    to: `    if (fn || chunk.length >= 65536) // patched by rentease-bot scripts/patch-postgres-js.mjs (one write per pipeline)
      return nextWrite(fn)`,
  },
  {
    name: 'prepared-statement keys made once (statement lookup): the keys',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: keys)',
    from: `    , statements = {}
`,
    to: `    , statements = {}
    , signatures = new Map() // patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: keys)
`,
  },
  {
    name: 'prepared-statement keys made once (statement lookup): the look-up',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: look-up)',
    from: `    q.signature = q.prepare && types + string
`,
    to: `    q.signature = q.prepare && signatureOf(types, string) // patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: look-up)
`,
  },
  {
    name: 'prepared-statement keys made once (statement lookup): the key',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: key)',
    from: `  function write(x, fn) {
`,
    to: `  function signatureOf(types, string) { // patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: key)
    const typesKey = '' + types
    let byTypes = signatures.get(string)
    byTypes === undefined && signatures.set(string, byTypes = new Map())
    let signature = byTypes.get(typesKey)
    signature === undefined && byTypes.set(typesKey, signature = typesKey + string)
    return signature
  }

  function write(x, fn) {
`,
  },
  {
    name: 'prepared-statement keys made once (statement lookup): forgotten with the statements',
    marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: reset)',
    from: `    try {
      statements = {}
`,
    to: `    try {
      statements = {}
      signatures = new Map() // patched by rentease-bot scripts/patch-postgres-js.mjs (statement lookup: reset)
`,
  },
];

// The result's class body, the same in the ESM and CommonJS builds (only the export line differs).
const RESULT_BEFORE = `extends Array {
  constructor() {
    super()
    Object.defineProperties(this, {
      count: { value: null, writable: true },
      state: { value: null, writable: true },
      command: { value: null, writable: true },
      columns: { value: null, writable: true },
      statement: { value: null, writable: true }
    })
  }
`;
const RESULT_AFTER = `extends Array { // patched by rentease-bot scripts/patch-postgres-js.mjs (cheap result)
  #count = null; #state = null; #command = null; #columns = null; #statement = null
  get count() { return this.#count } set count(x) { this.#count = x }
  get state() { return this.#state } set state(x) { this.#state = x }
  get command() { return this.#command } set command(x) { this.#command = x }
  get columns() { return this.#columns } set columns(x) { this.#columns = x }
  get statement() { return this.#statement } set statement(x) { this.#statement = x }
`;
const RESULT_PATCH = { name: 'cheap result (private fields, not defineProperties)', marker: 'patched by rentease-bot scripts/patch-postgres-js.mjs (cheap result)', from: RESULT_BEFORE, to: RESULT_AFTER };

const root = fileURLToPath(new URL('../node_modules/postgres/', import.meta.url));
const FILES = [
  ['src/connection.js', PATCHES],
  ['cjs/src/connection.js', PATCHES],
  ['src/result.js', [RESULT_PATCH]],
  ['cjs/src/result.js', [RESULT_PATCH]],
];
for (const [file, patches] of FILES) {
  const path = root + file;
  if (!existsSync(path)) continue;
  let source = readFileSync(path, 'utf8');
  for (const patch of patches) {
    if (source.includes(patch.marker)) continue;
    if (!source.includes(patch.from)) {
      console.warn(`patch-postgres-js: ${file} has changed; not applied: ${patch.name}`);
      continue;
    }
    source = source.replace(patch.from, patch.to);
    console.log(`patch-postgres-js: ${patch.name} in postgres/${file}`);
  }
  writeFileSync(path, source);
}
