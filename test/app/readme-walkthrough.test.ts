// The README's admin API walkthrough, run as a newcomer would: its curl lines, taken from the README itself,
// in a shell, against a running app (each id taken from the answer before, as the README says); then the
// tenant pays on WhatsApp and on USSD back to back, and the API docs answer. A README edit that breaks a
// command breaks this test.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';

const run = promisify(execFile);

/** The shell lines of the README block that follows "From nothing to a paid bill". */
function readmeCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const from = readme.indexOf('From nothing to a paid bill');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from))![1]!;
  return block.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
}

describe('the README walkthrough', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite', { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN, USSD_PUSH_DELAY_SECONDS: '0' }, workers: true, simulator: { autoAnswerMs: 50 } });
  });
  afterAll(() => app.close());

  it('creates a landlord, a payout, a tenant and a bill with the README commands; the tenant pays on WhatsApp and USSD', async () => {
    const ids: Record<string, string> = {};
    // Asynchronously: the app answers from this same process, so the shell must not block it.
    const shell = async (line: string) => {
      const filled = line.replace(/<(landlord|tenant|payment) id>/g, (_, what: string) => ids[what] ?? `<no ${what} yet>`);
      const out = await run('sh', ['-c', `set -e; ${readmeCommands()[0]}; ${filled}`], { env: { PATH: process.env.PATH, T: app.config.adminApiToken, B: app.url } });
      return out.stdout;
    };
    const [setup, ...commands] = readmeCommands();
    expect(setup).toMatch(/^H=/);
    for (const line of commands) {
      const answer = JSON.parse(await shell(line)) as Record<string, unknown> | unknown[];
      expect(answer, line).not.toHaveProperty('error');
      if (line.trim().endsWith('$B/api/landlords')) ids.landlord = (answer as { id: string }).id;
      if (line.includes('/tenants') && !Array.isArray(answer)) ids.tenant ??= (answer as { id: string }).id;
      if (line.includes('/payments/initiate')) ids.payment = (answer as { paymentId: string }).paymentId;
    }
    expect(ids).toMatchObject({ landlord: expect.any(String), tenant: expect.any(String), payment: expect.any(String) });
    // The STK Push of the walkthrough settles (the simulated phone answers with the PIN).
    await waitFor(async () => ((await app.api().get(`/api/payments/${ids.payment}/status`)).body.status === 'success' ? true : undefined), 10_000);

    // Two more bills, paid back to back on WhatsApp and on USSD by the README's tenant.
    const tenant = (await app.api().get(`/api/tenants/${ids.tenant}`)).body as { phone: string };
    await app.api().post(`/api/tenants/${ids.tenant}/bills`, { amount: 500, period: '2027-01', kind: 'water' }).expect(201);
    await app.api().post(`/api/tenants/${ids.tenant}/bills`, { amount: 700, period: '2027-01', kind: 'electricity' }).expect(201);
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    await say('2');
    await say('2');
    await say('500');
    expect((await say('1')).text).toContain('Check your phone');
    await waitFor(async () => ((await app.api().get(`/api/tenants/${ids.tenant}/bills`)).body.due === 700 ? true : undefined), 10_000);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    await dial('1');
    expect((await dial('1')).text).toMatch(/^END /);
    await waitFor(async () => ((await app.api().get(`/api/tenants/${ids.tenant}/bills`)).body.due === 0 ? true : undefined), 15_000);

    const docs = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `${app.url}/api/docs`]);
    expect(docs.stdout).toBe('200');
  });
});
