// "We will let you know": a tenant who tried to pay before the landlord's payout was active is told when
// it becomes active, whichever way: the KES 1 test paid, the landlord activated it anyway after a failed
// test, or an operator configured it. Once each, in the tenant's language; a tenant who never asked is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('tenants waiting for a payout on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
  });
  afterAll(() => app.close());

  const messagesTo = async (phone: string) => (await app.api().get(`/api/messages?to=${phone}`)).body as { body: string }[];
  // The outbox job runs on the worker's next pass (here, drained by hand).
  const goodNews = (phone: string) =>
    waitFor(async () => {
      await drain(app.outbox);
      return (await messagesTo(phone)).find((m) => /Good news|Habari njema/.test(m.body));
    });

  /** A landlord with no payout yet, a tenant owing this month who asks to pay, and one who does not. */
  async function landlordNotReady() {
    const phone = phoneEnding('13');
    const landlord = (await app.api().post('/api/landlords', { name: 'Achieng Otieno', phone }).expect(201)).body;
    const add = async (name: string, unit: string) => {
      const tenant = (await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name, phone: phoneEnding('83'), unit, monthlyRent: 12_000 }).expect(201)).body;
      await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 12_000, period: '2026-11' }).expect(201);
      return tenant;
    };
    const asker = await add('Baraka', 'C1');
    const quiet = await add('Njeri', 'C2');
    const tenant = whatsapp(app, asker.phone);
    await tenant('lugha');
    await tenant('2');
    await tenant('hi');
    expect((await tenant('1')).text).toContain('Mwenye nyumba bado hajakamilisha kuweka malipo ya kodi. Tutakujulisha');
    return { landlord, phone, asker, quiet };
  }

  it('tells the waiting tenant when the landlord activates the payout anyway after a failed test', async () => {
    const { landlord, phone, asker, quiet } = await landlordNotReady();
    const say = whatsapp(app, phone);
    for (const input of ['hi', '1', '1', '600914', '1', 'Achieng Homes', '2468', '2468', '1']) await say(input);
    const test = await waitFor(() => app.simulator!.openPrompts(phone)[0]);
    app.simulator!.cancelPrompt(test.checkoutRequestId);
    await waitFor(async () => (await messagesTo(phone)).find((m) => m.body.includes('Test payment of KES 1 to 600914')));
    await say('menu');
    await say('1');
    expect((await say('2468')).text).toContain('1. Activate anyway (tenant payments may fail)');
    await say('1');
    const news = await goodNews(asker.phone);
    expect(news.body).toMatch(/^Habari njema: Achieng Homes amekamilisha kuweka malipo ya kodi, hivyo unaweza kulipa sasa\. Kulipa: jibu LIPA hapa, .*Paybill 600914, akaunti [A-Z0-9]+\.$/);
    expect((await messagesTo(quiet.phone)).map((m) => m.body).join()).not.toMatch(/Good news|Habari njema/);
    // Told once: a later activation finds nobody waiting.
    await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: '600914' }).expect(200);
    await drain(app.outbox);
    expect((await messagesTo(asker.phone)).filter((m) => /Habari njema/.test(m.body))).toHaveLength(1);
  });

  it('tells the waiting tenant when an operator configures the payout, or when the KES 1 test pays', async () => {
    const first = await landlordNotReady();
    await app.api().post(`/api/landlords/${first.landlord.id}/daraja/configure`, { businessType: 'till', businessShortCode: '600915', tillNumber: '5123915' }).expect(200);
    expect((await goodNews(first.asker.phone)).body).toContain('Lipa kwa Till 5123915');

    const second = await landlordNotReady();
    const say = whatsapp(app, second.phone);
    for (const input of ['hi', '1', '1', '600916', '1', 'Achieng Homes', '2468', '2468', '1']) await say(input);
    const test = await waitFor(() => app.simulator!.openPrompts(second.phone)[0]);
    app.simulator!.enterPin(test.checkoutRequestId, app.simulator!.pin);
    expect((await goodNews(second.asker.phone)).body).toContain('Paybill 600916');
  });
});
