// A landlord's office by chat, end to end over the real webhooks: billing a charge on WhatsApp, recording
// cash by SMS and on USSD, the PIN that guards both (and locks after too many wrong tries).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLandlordPin } from '../../db/queries/landlords.js';
import { hashPin } from '../../src/crypto/pin.js';
import { createTenantWithBill, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { sms, TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())("a landlord's office by chat on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
  });
  afterAll(() => app.close());

  const messagesTo = async (phone: string) => (await app.api().get(`/api/messages?to=${phone}`)).body as { body: string; channel: string }[];
  /** A landlord with a PIN (chosen when they set up their paybill by chat) and one tenant owing November. */
  async function landlordWithPin(paybill: string) {
    const created = await createTenantWithBill(app, { paybill });
    await setLandlordPin(app.database.db, created.landlord.id, await hashPin('4321'));
    return created;
  }

  it('bills water to a tenant on WhatsApp, with the PIN; the tenant is told', async () => {
    const { landlord, tenant } = await landlordWithPin('600181');
    const say = whatsapp(app, landlord.phone);
    expect((await say('hi')).text).toContain('5. Bill a charge (water, deposit …)');
    expect((await say('5')).text).toContain('Which tenant?');
    expect((await say('a 1')).text).toContain('What is the charge for?');
    expect((await say('1')).text).toContain('How much, in shillings?');
    expect((await say('640')).text).toContain('Bill Otieno (A1) KES 640 for water, due today? They will be told.');
    expect((await say('1')).text).toContain('Enter your RentEase PIN to confirm:');
    const done = await say('4321');
    expect(done.text).toContain('Done: KES 640 billed to A1. The tenant was told.');
    const bills = (await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills as { kind: string; amount: number }[];
    expect(bills.map((b) => [b.kind, b.amount])).toContainEqual(['water', 640]);
    expect((await messagesTo(tenant.phone))[0]!.body).toMatch(/^New bill from your landlord:\nWater, /);
  });

  it('records cash by SMS: settled like any payment, a receipt that says the landlord recorded it', async () => {
    const { landlord, tenant } = await landlordWithPin('600182');
    const text = sms(app, landlord.phone);
    for (const input of ['hi', '6', 'Otieno', '15,000', 'BK-7781', '1', '4321']) await text(input);
    const reply = await waitFor(async () => (await messagesTo(landlord.phone)).find((m) => m.body.startsWith('Recorded KES 15,000 from A1')));
    expect(reply.body).toMatch(/^Recorded KES 15,000 from A1 \(our reference [0-9A-Z]+\)\. The tenant got a receipt\.\n/);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ status: 'paid' });
    const receipt = await waitFor(async () => (await messagesTo(tenant.phone)).find((m) => m.body.startsWith('Payment received')));
    expect(receipt.body).toContain('Recorded by your landlord (ref BK-7781)');
    const payments = (await app.api().get(`/api/landlords/${landlord.id}/payments`)).body;
    expect(payments[0]).toMatchObject({ source: 'manual', status: 'success', amount: 15_000 });
  });

  it('records cash on USSD in a few screens, each within 160 characters', async () => {
    const { landlord, tenant } = await landlordWithPin('600183');
    const dial = ussdSession(app, landlord.phone);
    const screens = [await dial(), await dial('6'), await dial('A1'), await dial('5000'), await dial('1'), await dial('1'), await dial('4321')];
    for (const s of screens) expect(s.text.length - 4).toBeLessThanOrEqual(160);
    expect(screens[5]!.text).toContain('Enter your PIN:');
    expect(screens[6]!.text).toMatch(/Recorded KES 5,000 from A1/);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 5_000, status: 'partial' });
  });

  it('gives money that matched no tenant to the right one, from the suspense list in chat', async () => {
    const { landlord, tenant } = await landlordWithPin('600186');
    // Paid from the M-Pesa menu with a made-up account, from a phone that is nobody's: suspense.
    const body = { TransactionType: 'Pay Bill', TransID: 'RKS0000186', TransTime: '20261128101500', TransAmount: '15000', BusinessShortCode: '600186', BillRefNumber: 'house 4', MSISDN: '254799000186', FirstName: 'John' };
    await app.post('/api/daraja/c2b/confirmation', body).expect(200);
    const say = whatsapp(app, landlord.phone);
    await say('hi');
    const list = await say('7');
    expect(list.text).toContain('Money that matched no tenant (1). Which one?');
    expect(list.text).toContain('1. KES 15,000 on 28 Nov 2026, account "house 4"');
    await say('1');
    expect((await say('A1')).text).toContain('Give KES 15,000 (28 Nov 2026, account "house 4") to Otieno (A1)?');
    await say('1');
    expect((await say('4321')).text).toContain('Done: KES 15,000 given to A1. The tenant got a receipt.');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ status: 'paid' });
    expect((await messagesTo(tenant.phone))[0]!.body).toContain('Payment received: KES 15,000 for unit A1');
    expect((await app.api().get(`/api/landlords/${landlord.id}/payments?status=suspense`)).body).toEqual([]);
  });

  it("reads a tenant's statement, changes the rent, and moves them out, on WhatsApp", async () => {
    const { landlord, tenant } = await landlordWithPin('600187');
    const say = whatsapp(app, landlord.phone);
    await say('hi');
    await say('4');
    const summary = await say('A1');
    expect(summary.text).toContain(`Otieno, unit A1, 0${tenant.phone.slice(3)}: rent KES 15,000 due day 1; owes KES 15,000.`);
    const statement = await say('1');
    expect(statement.text).toContain('Statement: Otieno, unit A1');
    expect(statement.text).toContain('Rent, November 2026: KES 15,000, paid KES 0');
    expect(statement.text).toContain('Owes KES 15,000.');
    for (const input of ['4', 'a1', '2', '16,500']) await say(input);
    expect((await say('1')).text).toContain('Saved.');
    expect((await app.api().get(`/api/tenants/${tenant.id}`)).body).toMatchObject({ monthlyRent: 16_500 });
    for (const input of ['4', 'Otieno', '4']) await say(input);
    expect((await say('yes')).text).toContain('Otieno moved out: no more bills.');
    expect((await app.api().get(`/api/tenants/${tenant.id}`)).body.endsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.due).toBe(15_000);
  });

  it('refuses a wrong PIN, and locks after three in a row; without a PIN it says how to get one', async () => {
    const { landlord, tenant } = await landlordWithPin('600184');
    const say = whatsapp(app, landlord.phone);
    for (const input of ['hi', '6', 'A1', '100', '1', '1']) await say(input);
    expect((await say('1111')).text).toContain('Wrong PIN. 2 attempt(s) left.');
    await say('2222');
    expect((await say('3333')).text).toContain('Wrong PIN too many times.');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 0 });
    const noPin = await createTenantWithBill(app, { paybill: '600185' });
    const other = whatsapp(app, noPin.landlord.phone);
    await other('hi');
    expect((await other('6')).text).toContain('Set up your paybill or till first');
  });
});
