// `npm start` as a newcomer runs it: no environment, a fresh data dir, the simulator, demo data.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startApp, type RunningApp } from '../../src/main.js';
import { createLogger } from '../../src/log.js';

describe('the app on its embedded defaults', () => {
  let app: RunningApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentease-start-'));
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir }), { logger: createLogger('silent') });
  });
  afterAll(() => app.close());

  it('answers /healthz with the database kind', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'pglite' });
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toContain('rentease_payments_total');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('mounts the Daraja simulator and points the client at it', async () => {
    expect(app.config.daraja.baseUrl).toBe(`${app.url}/simulator/daraja`);
    const basic = Buffer.from(`${app.config.daraja.consumerKey}:${app.config.daraja.consumerSecret}`).toString('base64');
    const res = await fetch(`${app.config.daraja.baseUrl}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}` } });
    expect(res.status).toBe(200);
  });

  it('creates the demo landlord, tenant and bill', () => {
    expect(app.demo).toMatchObject({ created: true, accountNumber: expect.stringMatching(/^[0-9A-Z]{6}$/) });
  });
});

function runServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('src/server.ts as a process', () => {
  it('stops with one line naming a bad variable', async () => {
    const run = runServer({ PORT: 'not-a-port' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toEqual(['Configuration error: PORT: must be a number']);
  });

  it('starts, answers /healthz, logs the admin token, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rentease-proc-'));
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = runServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir });
    let healthy = false;
    for (let i = 0; i < 300 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (!healthy) await new Promise((r) => setTimeout(r, 50));
    }
    expect(healthy).toBe(true);
    expect(run.output()).toMatch(/Admin API token \(generated.*\): \S{20,}/);
    expect(run.output()).toContain('Demo data created');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
  });
});

// Several app processes need a PostgreSQL server (PGlite belongs to one process): only where CI provides one.
if (process.env.TEST_DATABASE_URL) {
  describe('src/server.ts with WEB_CONCURRENCY=2', () => {
    it('migrates once, runs two app processes on one port, and stops them all on SIGTERM', async () => {
      const { createTestDatabase } = await import('../helpers/databases.js');
      const database = await createTestDatabase('postgres');
      try {
        const port = 20_000 + Math.floor(Math.random() * 20_000);
        const run = runServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'rentease-cluster-')), DATABASE_URL: database.url!, WEB_CONCURRENCY: '2' });
        let healthy = false;
        for (let i = 0; i < 300 && !healthy; i++) {
          healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
          if (!healthy) await new Promise((r) => setTimeout(r, 50));
        }
        expect(healthy).toBe(true);
        // Both processes report in; the second may still be starting when the first answers.
        for (let i = 0; i < 200 && (run.output().match(/"msg":"started"/g)?.length ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 50));
        expect(run.output().match(/"msg":"started"/g)?.length).toBe(2);
        expect(run.output()).toContain('"msg":"started app processes"');
        run.child.kill('SIGTERM');
        expect(await run.exited).toBe(0);
      } finally {
        await database.close();
      }
    });
  });
}

it('refuses WEB_CONCURRENCY above 1 without DATABASE_URL', async () => {
  const run = runServer({ WEB_CONCURRENCY: '2' });
  expect(await run.exited).toBe(1);
  expect(run.output()).toContain('Configuration error: WEB_CONCURRENCY: more than one process needs DATABASE_URL');
});
