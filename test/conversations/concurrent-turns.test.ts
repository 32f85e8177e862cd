// Messages from one phone are handled one after the other, never interleaved (src/conversations/runtime.ts):
// a turn waits on the conversation's lock, and reads the person's profile only once it holds the lock
// (db/queries/turns.ts). A tenant who taps "Yes, pay" three times at once gets one M-Pesa prompt; the
// other two turns see the payment the first one started and say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithBill, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('turns of one phone at once, on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
  });
  afterAll(() => app.close());

  it('starts one payment when "Yes, pay" arrives three times at once', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    expect((await say('hi')).text).toContain('1. Pay KES 15,000 now');
    expect((await say('1')).text).toContain('1. Yes, pay');

    const replies = (await Promise.all([say('1'), say('1'), say('1')])).map((r) => ({ status: r.status, text: r.text }));

    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies.filter((r) => r.text.startsWith('Check your phone'))).toHaveLength(1);
    expect(replies.filter((r) => r.text.includes('is already waiting for your PIN'))).toHaveLength(2);
    // One push queued; the payment is created when the outbox sends it, just after the answer.
    const pushes = await app.database.sql.query(`select id from outbox where recipient = $1 and kind = 'stk_push'`, [tenant.phone]);
    expect(pushes).toHaveLength(1);
    const payments = await waitFor(async () => {
      const rows = await app.database.sql.query<{ amount: number }>('select amount from payments where phone = $1', [tenant.phone]);
      return rows.length > 0 && rows;
    });
    expect(payments.map((p) => Number(p.amount))).toEqual([15_000]);
  });
});
