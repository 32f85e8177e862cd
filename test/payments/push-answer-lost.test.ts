// A push that reached M-Pesa but whose answer was lost on the way back: the prompt is on the phone, so
// the intent stays open, nobody is told "no prompt was sent", and the callback settles it as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithBill, drain, settledStatus, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { whatsapp, TWILIO_TEST_TOKEN } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('a push whose answer was lost, on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { DARAJA_TIMEOUT_SECONDS: '1', TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
  });
  afterAll(() => app.close());

  it('keeps the intent open on the admin API and settles it when the tenant enters the PIN', async () => {
    const { tenant, bill } = await createTenantWithBill(app);
    app.simulator!.outage = 'lose_answers';
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    app.simulator!.outage = 'none';
    expect(started.body).toMatchObject({ status: 'initiating', checkoutRequestId: null });
    const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0]);
    app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
    expect(await settledStatus(app, started.body.paymentId)).toMatchObject({ status: 'success', checkoutRequestId: prompt.checkoutRequestId });
  });

  it('tells a tenant paying by chat that the prompt may have been sent, not that it was not', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    await say('1');
    app.simulator!.outage = 'lose_answers';
    expect((await say('1')).text).toContain('Check your phone');
    // The turn kicked the outbox: the push goes out and its answer is lost after DARAJA_TIMEOUT_SECONDS.
    const bodies = await waitFor(async () => {
      await drain(app.outbox);
      const messages = (await app.api().get(`/api/messages?to=${tenant.phone}`)).body as { body: string }[];
      return messages.length > 0 ? messages.map((m) => m.body).join('\n') : undefined;
    }, 8_000);
    app.simulator!.outage = 'none';
    expect(bodies).toContain('If a prompt reaches your phone, enter your PIN');
    expect(bodies).not.toContain('no prompt was sent');
    expect(app.simulator!.openPrompts(tenant.phone)).toHaveLength(1);
  });
});
