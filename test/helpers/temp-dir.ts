// Temporary directories for data dirs and secrets files, removed when the test file is done: a fresh
// PGlite data dir is tens of megabytes, and CI runs again and again on the same machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `rentease-${prefix}-`));
  made.push(dir);
  return dir;
}
