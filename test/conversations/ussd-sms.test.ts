// USSD and SMS end to end, with the africastalking SDK's HTTP intercepted for the SMS we send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../db/schema.js';
import { databaseKinds } from '../helpers/databases.js';
import { createTenantWithBill, drain, phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { sms, ussdSession, whatsapp, TWILIO_TEST_TOKEN } from '../helpers/chat.js';
import { testClock } from '../helpers/clock.js';
import { AT_KEY, providerMocks } from '../helpers/providers.js';

const mocks = providerMocks();
beforeAll(() => mocks.listen());
afterAll(() => mocks.close());

const gsm7Length = (text: string) => [...text].reduce((n, ch) => n + ('^{}\\[~]|€'.includes(ch) ? 2 : 1), 0);

describe.each(databaseKinds())('USSD and SMS on %s', (kind) => {
  let app: TestApp;
  // USSD_PUSH_DELAY_SECONDS is 2: the tests move this clock past it instead of sleeping.
  const clock = testClock();
  beforeAll(async () => {
    app = await startTestApp(kind, {
      env: { AT_USERNAME: 'rentease', AT_API_KEY: AT_KEY, USSD_PUSH_DELAY_SECONDS: '2', TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN },
      simulator: { autoAnswerMs: 600_000 },
      clock,
    });
  });
  afterAll(() => app.close());

  const smsTo = (phone: string) => mocks.sms.filter((s) => s.form.to === `+${phone}`).map((s) => s.form.message!);
  /** SMS replies are sent by the outbox worker right after the turn commits, so the test waits for them. */
  const smsArrives = (phone: string, text: string) => waitFor(() => smsTo(phone).join('\n').includes(text) || undefined);
  const drainOutbox = () => drain(app.outbox);

  it('pays rent in three screens; the STK Push goes only after END; the receipts come by SMS', async () => {
    const { tenant, landlord } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    const screens = [await dial(), await dial('1'), await dial('1')];
    expect(screens.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(screens[0]!.contentType).toMatch(/^text\/plain/);
    expect(screens[0]!.text).toMatch(/^CON Hi Otieno\nRent A1: KES 15,000 due\n1\. Pay KES 15,000 now/);
    expect(screens[1]!.text).toMatch(/^CON Pay KES 15,000 to Wanjiku Homes from 07/);
    expect(screens[2]!.text).toMatch(/^END You will get an M-Pesa prompt on 07\d{8}\. Enter your PIN to pay\.$/);
    for (const s of screens) expect(gsm7Length(s.text.slice(4))).toBeLessThanOrEqual(160);

    // The session is over but the phone has had no prompt yet: it waits in the outbox.
    await drainOutbox();
    expect(app.simulator!.openPrompts(tenant.phone)).toEqual([]);
    clock.advance(2_100);
    await drainOutbox();
    const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0]);
    app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
    await waitFor(async () => ((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status === 'paid' ? true : undefined));
    await drainOutbox();
    await smsArrives(tenant.phone, 'Payment received: KES 15,000 for unit A1');
    await smsArrives(landlord.phone, 'Rent received: Otieno');
    expect(mocks.sms.at(-1)!.headers.apikey).toBe(AT_KEY);
  });

  it('tells a payer whose phone had too many prompts while the push waited for the session to end when to try again', async () => {
    // The push is queued for two seconds after END by the real clock: the test clock must not be ahead of it
    // (earlier tests moved it on), or the push would go before the other prompts are in place.
    clock.set(new Date());
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    await dial('1');
    expect((await dial('1')).text).toMatch(/^END You will get an M-Pesa prompt/);
    // Meanwhile the phone had five prompts from elsewhere, the oldest four minutes ago.
    const at = new Date(Date.now() - 4 * 60_000);
    await app.db.db.insert(payments).values(
      Array.from({ length: 5 }, (_, i) => ({
        source: 'stk' as const, amount: 100, phone: tenant.phone, status: 'failed' as const, businessShortCode: '600100', partyB: '600100',
        accountReference: 'A1', reference: `elsewhere-${tenant.phone}-${i}`, initiatedAt: at,
      })),
    );
    clock.advance(2_100);
    await drainOutbox();
    await drainOutbox();
    // No prompt, and the person hears in how many minutes the oldest prompt leaves the 10-minute window.
    expect(app.simulator!.openPrompts(tenant.phone)).toEqual([]);
    await smsArrives(tenant.phone, 'Too many M-Pesa prompts to your number in the last 10 minutes. Please try again in 6 minutes.');
  });

  it('pages a tenant\'s six units, four a screen, and pays the one chosen on the second page', async () => {
    const { landlord, tenant } = await createTenantWithBill(app);
    const api = app.api();
    const units = ['A2', 'A3', 'Block C, Riverside Court Flat 12B', 'B1', 'B2'];
    const tenancies = [];
    for (const [i, unit] of units.entries()) {
      const other = (await api.post(`/api/landlords/${landlord.id}/tenants`, { name: 'Otieno', phone: tenant.phone, unit, property: 'Sunrise', monthlyRent: 1_000 * (i + 2) }).expect(201)).body;
      await api.post(`/api/tenants/${other.id}/bills`, { amount: 1_000 * (i + 2), period: '2026-11' }).expect(201);
      tenancies.push(other);
    }
    const dial = ussdSession(app, tenant.phone);
    await dial();
    const first = await dial('1');
    expect(first.text).toBe('CON Pay for which unit?\n1. A1 KES 15,000\n2. A2 KES 2,000\n3. A3 KES 3,000\n4. Block C, Ri. KES 4,000\n5. More\n0. Back');
    const second = await dial('5');
    expect(second.text).toBe('CON Pay for which unit?\n1. B1 KES 5,000\n2. B2 KES 6,000\n0. Back');
    expect((await dial('2')).text).toMatch(/^CON Rent B2: KES 6,000 due\n1\. Pay KES 6,000/);
    await dial('1');
    expect((await dial('1')).text).toMatch(/^END You will get an M-Pesa prompt/);
    clock.advance(2_100);
    await drainOutbox();
    const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0]);
    expect(prompt).toMatchObject({ amount: 6_000, accountReference: 'B2' });
  });

  it('goes back with 0 and to the main menu with 00, reading only the newest input', async () => {
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    expect((await dial("2")).text).toMatch(/^CON Rent A1: KES 15,000 due\n1\. Pay KES 15,000\n2\. Other amount/);
    expect((await dial('2')).text).toContain('Enter amount (1-250000)');
    expect((await dial('0')).text).toContain('1. Pay KES 15,000');
    expect((await dial('00')).text).toMatch(/^CON Hi Otieno/);
  });

  it('shows status in pages of at most 160 characters, in Kiswahili once chosen', async () => {
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    await dial('4');
    const menu = await dial('2');
    expect(menu.text).toMatch(/^CON Lugha imewekwa: Kiswahili\.\nHabari Otieno/);
    const status = await dial('3');
    expect(status.text).toContain('Nov 2026 deni KES 15,000');
    expect(gsm7Length(status.text.slice(4))).toBeLessThanOrEqual(160);
    // The same person on WhatsApp now reads Kiswahili too.
    expect((await whatsapp(app, tenant.phone)('hi')).text).toContain('Habari Otieno, karibu RentEase.');
  });

  it('answers an unknown number with END, a missing field with 400, and reads "¡" as "@"', async () => {
    const unknown = await ussdSession(app, phoneEnding('98'))();
    expect(unknown.text).toMatch(/^CON Welcome to RentEase\.\n1\. Landlord: register\n2\. I am a tenant/);
    const res = await (await import('supertest')).default(app.url).post('/webhooks/ussd').type('form').send({ phoneNumber: '+254712345678', text: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('sessionId');
    const { latestUssdInput } = await import('../../src/channels/ussd/webhook.js');
    expect(latestUssdInput('1*2*me¡home')).toBe('me@home');
  });

  it('holds an SMS conversation, replying by SMS through the outbox', async () => {
    const { tenant } = await createTenantWithBill(app);
    const text = sms(app, tenant.phone);
    expect((await text('salio')).status).toBe(200);
    await smsArrives(tenant.phone, 'Nov 2026: KES 15,000, paid KES 0, due KES 15,000');
    await text('lipa');
    await text('1');
    await text('1');
    const prompt = await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0]);
    expect(prompt.amount).toBe(15_000);
    await smsArrives(tenant.phone, 'Check your phone');
  });

  it('refuses Africa’s Talking webhooks without the secret when AT_WEBHOOK_SECRET is set', async () => {
    const strict = await startTestApp(kind, { env: { AT_WEBHOOK_SECRET: 's3cret-value' }, database: app.db });
    try {
      const supertest = (await import('supertest')).default;
      await supertest(strict.url).post('/webhooks/ussd').type('form').send({ sessionId: 'x', phoneNumber: '+254712345678', text: '' }).expect(403);
      await supertest(strict.url).post('/webhooks/ussd?secret=s3cret-value').type('form').send({ sessionId: 'x', phoneNumber: '+254712345678', text: '' }).expect(200);
      await supertest(strict.url).post('/webhooks/sms?secret=wrong').type('form').send({ from: '+254712345678', text: 'hi' }).expect(403);
    } finally {
      await strict.close();
    }
  });
});
