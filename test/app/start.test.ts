// `npm start` as a newcomer runs it: no environment, a fresh data dir (PGlite), the simulator, demo data.
import { spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { SIMULATOR_CONSUMER_KEY, SIMULATOR_CONSUMER_SECRET } from '../../src/config.js';

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

/**
 * A fresh data dir means PGlite's initdb and the migrations: a few seconds on a quiet machine, several
 * times that on a busy one.
 */
const START_TIMEOUT_MS = 45_000;

/** One HTTP request on a connection of its own (fetch would keep reusing one, and so one process). */
function requestOnNewConnection(port: number, method: string, path: string, body: object | undefined, token: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { Authorization: `Bearer ${token}`, ...(payload ? { 'Content-Type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function becomesHealthy(port: number): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('src/server.ts as a process', () => {
  it('stops with one line naming a bad variable', async () => {
    const run = runServer({ PORT: 'not-a-port' });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toEqual(['Configuration error: PORT: must be a number']);
  });

  it('starts, answers /healthz, logs the admin token, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('proc');
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = runServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir });
    expect(await becomesHealthy(port)).toBe(true);
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', database: 'pglite' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('rentease_payments_total');
    expect(metrics).toContain('process_cpu_seconds_total');
    // The Daraja simulator is mounted, and the client talks to it.
    expect(run.output()).toMatch(/Daraja: built-in simulator at http:\/\/\S+:\d+\/simulator\/daraja\b/);
    const basic = Buffer.from(`${SIMULATOR_CONSUMER_KEY}:${SIMULATOR_CONSUMER_SECRET}`).toString('base64');
    const oauth = await fetch(`${base}/simulator/daraja/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}` } });
    expect(oauth.status).toBe(200);
    expect(run.output()).toMatch(/Admin API token \(generated.*\): \S{20,}/);
    expect(run.output()).toMatch(/Demo data created:\n  landlord Wanjiku Mwangi 254722000000 \(id [0-9a-f-]{36}\): paybill 600100\n  tenant Otieno Kamau 254712345678 \(id [0-9a-f-]{36}\), unit A1, account [0-9A-Z]{6}: \d open bills?, KES [\d,]+ due\n/);
    // The printed commands work when pasted into a shell as they are.
    const curlLine = /^  (curl -H 'Authorization: Bearer \S+' \S+\/bills)$/m.exec(run.output())![1]!;
    const pasted = spawnSync('sh', ['-c', `${curlLine} --silent`], { encoding: 'utf8' });
    // (The billing scheduler may have issued next month's bill since the banner was written.)
    expect(JSON.parse(pasted.stdout).bills).toContainEqual(expect.objectContaining({ amount: 15_000, kind: 'rent' }));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
  }, START_TIMEOUT_MS + 15_000);
});

describe('stopping with a piped log', () => {
  it('exits within 10 s on SIGINT after the log pipe was closed, and at once on a second signal', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = runServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDir('pipe') });
    expect(await becomesHealthy(port)).toBe(true);
    // The reader of the log goes away (`npm start | head`), then the app keeps logging.
    run.child.stdout!.destroy();
    for (let i = 0; i < 5; i++) await fetch(`http://127.0.0.1:${port}/webhooks/ussd`, { method: 'POST', body: new URLSearchParams({ sessionId: `s${i}`, phoneNumber: '+254712345678', text: '' }) });
    const started = Date.now();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, START_TIMEOUT_MS + 15_000);

  it('exits at once on a second signal while a stop waits for a request in flight', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const token = 'stop-test-admin-token-0123456789';
    const run = runServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: tempDir('twice'), ADMIN_API_TOKEN: token, DARAJA_TIMEOUT_SECONDS: '30' });
    expect(await becomesHealthy(port)).toBe(true);
    const call = (method: string, path: string, body?: object) => requestOnNewConnection(port, method, path, body, token);
    const landlord = (await call('POST', '/api/landlords', { name: 'W', phone: '254722000022' })).body as { id: string };
    await call('POST', `/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: '600100' });
    const tenant = (await call('POST', `/api/landlords/${landlord.id}/tenants`, { name: 'O', phone: '254712000022', unit: 'A1', monthlyRent: 100 })).body as { id: string };
    await call('POST', `/api/tenants/${tenant.id}/bills`, { amount: 100, period: '2026-11' });
    // Daraja stops answering: the push request stays in flight for up to DARAJA_TIMEOUT_SECONDS.
    await call('POST', '/simulator/daraja/__sim/outage', { mode: 'hang' });
    void call('POST', '/api/payments/initiate', { tenantId: tenant.id }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(Date.now() - started).toBeLessThan(2_000);
  }, START_TIMEOUT_MS + 15_000);
});

// Several app processes need a PostgreSQL server (PGlite belongs to one process): only where CI provides one.
if (process.env.TEST_DATABASE_URL) {
  describe('src/server.ts with WEB_CONCURRENCY=2', () => {
    it('migrates once, runs two app processes on one port sharing one simulator, and stops them all on SIGTERM', async () => {
      const { createTestDatabase } = await import('../helpers/databases.js');
      const database = await createTestDatabase('postgres');
      try {
        const port = 20_000 + Math.floor(Math.random() * 20_000);
        const run = runServer({
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: tempDir('cluster'),
          DATABASE_URL: database.url!,
          WEB_CONCURRENCY: '2',
          ADMIN_API_TOKEN: 'cluster-admin-token-0123456789',
          SIMULATOR_AUTO_ANSWER_SECONDS: '600',
        });
        expect(await becomesHealthy(port)).toBe(true);
        // Both processes report in; the second may still be starting when the first answers.
        for (let i = 0; i < 200 && (run.output().match(/"msg":"started"/g)?.length ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 50));
        expect(run.output().match(/"msg":"started"/g)?.length).toBe(2);
        expect(run.output()).toContain('"msg":"started app processes"');
        expect(run.output()).toMatch(/Demo data created:\n  landlord Wanjiku Mwangi 254722000000/);

        // A push started through one process is one prompt, seen and answered through either. Each
        // request opens its own connection, so the cluster hands them to both processes in turn.
        const call = (method: string, path: string, body?: object) => requestOnNewConnection(port, method, path, body, 'cluster-admin-token-0123456789');
        const landlord = (await call('POST', '/api/landlords', { name: 'Wanjiku', phone: '254722000011' })).body as { id: string };
        await call('POST', `/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: '600100' });
        const tenant = (await call('POST', `/api/landlords/${landlord.id}/tenants`, { name: 'Otieno', phone: '254712000078', unit: 'A1', monthlyRent: 15_000 })).body as { id: string };
        const bill = (await call('POST', `/api/tenants/${tenant.id}/bills`, { amount: 15_000, period: '2026-11' })).body as { id: string };
        const started = await call('POST', '/api/payments/initiate', { tenantId: tenant.id, billId: bill.id });
        expect(started.status).toBe(202);
        const { paymentId, checkoutRequestId } = started.body as { paymentId: string; checkoutRequestId: string };
        for (let i = 0; i < 6; i++) {
          const prompts = (await call('GET', '/simulator/daraja/__sim/prompts?phone=254712000078')).body as { checkoutRequestId: string }[];
          expect(prompts.map((p) => p.checkoutRequestId)).toEqual([checkoutRequestId]);
        }
        expect((await call('POST', `/simulator/daraja/__sim/prompts/${checkoutRequestId}/pin`, { pin: '1234' })).status).toBe(200);
        let status = '';
        for (let i = 0; i < 200 && status !== 'success'; i++) {
          status = ((await call('GET', `/api/payments/${paymentId}/status`)).body as { status: string }).status;
          if (status !== 'success') await new Promise((r) => setTimeout(r, 50));
        }
        expect(status).toBe('success');

        run.child.kill('SIGTERM');
        // It exited 1 under the whole suite's load until the primary counted its workers itself (src/server.ts): the processes' last lines say which stop hung.
        expect(await run.exited, run.output().slice(-4000)).toBe(0);
      } finally {
        await database.close();
      }
    }, START_TIMEOUT_MS + 15_000);
  });
}

it('refuses WEB_CONCURRENCY above 1 without DATABASE_URL', async () => {
  const run = runServer({ WEB_CONCURRENCY: '2' });
  expect(await run.exited).toBe(1);
  expect(run.output()).toContain('Configuration error: WEB_CONCURRENCY: more than one process needs DATABASE_URL');
});
