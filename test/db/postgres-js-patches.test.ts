// scripts/patch-postgres-js.mjs runs at `npm ci`: if a postgres.js upgrade drops one of its changes, this
// says so (the crash guard is about safety, the single write about speed; the script only warns).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../node_modules/postgres/', import.meta.url));

describe('postgres.js as installed', () => {
  it.each(['src/connection.js', 'cjs/src/connection.js'])('%s has the crash guard and writes a pipeline at once', (file) => {
    const source = readFileSync(root + file, 'utf8');
    expect(source).toContain('patched by rentease-bot scripts/patch-postgres-js.mjs (porsager/postgres#1208)');
    expect(source).toContain('chunk.length >= 65536) // patched by rentease-bot scripts/patch-postgres-js.mjs (one write per pipeline)');
  });
});
