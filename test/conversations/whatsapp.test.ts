// WhatsApp end to end: Twilio-signed webhooks, real PostgreSQL/PGlite, the Daraja simulator.
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, conversations, landlords, payoutConfigs, tenancies } from '../../db/schema.js';
import { databaseKinds } from '../helpers/databases.js';
import { createTenantWithBill, phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, whatsapp } from '../helpers/chat.js';

describe.each(databaseKinds())('WhatsApp on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
  });
  afterAll(() => app.close());

  const messagesTo = async (phone: string) => (await app.api().get(`/api/messages?to=${phone}`)).body as { body: string; channel: string }[];
  const payAndAccept = async (phone: string) => {
    const prompt = await waitFor(() => app.simulator!.openPrompts(phone)[0]);
    app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
    return prompt;
  };

  it('pays rent in three replies; the M-Pesa prompt is accepted; receipts reach tenant and landlord', async () => {
    const { tenant, landlord } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    const replies = [await say('hi'), await say('1'), await say('1')];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[0]!.twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    expect(replies[0]!.text).toContain('Rent for Nov 2026, unit A1: KES 15,000 due.');
    expect(replies[1]!.text).toContain('Pay KES 15,000 to Wanjiku Homes');
    expect(replies[2]!.text).toContain('Check your phone');
    const prompt = await payAndAccept(tenant.phone);
    expect(prompt).toMatchObject({ amount: 15_000, businessShortCode: '600100', accountReference: 'A1' });
    const [receipt] = await waitFor(async () => ((await messagesTo(tenant.phone)).length ? messagesTo(tenant.phone) : undefined));
    expect(receipt).toMatchObject({ channel: 'whatsapp' });
    expect(receipt!.body).toContain('Payment received: KES 15,000 for unit A1');
    expect((await messagesTo(landlord.phone))[0]!.body).toContain('Rent received: Otieno');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status).toBe('paid');
    // Paid: the menu now says nothing is owed.
    expect((await say('hi')).text).toContain('You owe nothing right now');
  });

  it('lets a landlord who also rents choose, pay their own rent, and go back to their property', async () => {
    // Wanjiku rents a flat from Kamau and is a landlord herself.
    const { tenant } = await createTenantWithBill(app);
    await app.api().post('/api/landlords', { name: 'Wanjiku Njeri', phone: tenant.phone }).expect(201);
    const say = whatsapp(app, tenant.phone);
    const first = await say('hi');
    expect(first.text).toContain('Are you writing about your own rent, or about your property?');
    const rentMenu = await say('1');
    expect(rentMenu.text).toContain('Rent for Nov 2026, unit A1: KES 15,000 due.');
    expect(rentMenu.text).toContain('5. My property (as a landlord)');
    expect((await say('1')).text).toContain('Pay KES 15,000 to Wanjiku Homes');
    expect((await say('1')).text).toContain('Check your phone');
    await payAndAccept(tenant.phone);
    await waitFor(async () => ((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status === 'paid' ? true : undefined));
    // "menu" comes back to the role chosen in this conversation; then she switches to her property.
    const again = await say('menu');
    expect(again.text).toContain('You owe nothing right now');
    expect(again.text).toContain('4. My property (as a landlord)');
    const property = await say('4');
    expect(property.text).toContain('1. Set up or change my paybill/till');
    expect(property.text).toContain('10. My rent (as a tenant)');
    expect((await say('menu')).text).toContain('1. Set up or change my paybill/till');
  });

  it('gives a landlord with 30 unpaid tenants the whole list, page by page', async () => {
    const landlord = (await app.api().post('/api/landlords', { name: 'Achieng', phone: phoneEnding('61') }).expect(201)).body;
    await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: '600161' }).expect(200);
    const yesterday = new Date(Date.now() - 86_400_000 + 3 * 3600_000).toISOString().slice(0, 10);
    for (let i = 1; i <= 30; i++) {
      const t = (await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: `Tenant ${i}`, phone: phoneEnding('62'), unit: `B${String(i).padStart(2, '0')}`, monthlyRent: 10_000 + i }).expect(201)).body;
      await app.api().post(`/api/tenants/${t.id}/bills`, { amount: 10_000 + i, period: yesterday.slice(0, 7), dueDate: yesterday }).expect(201);
    }
    const say = whatsapp(app, landlord.phone);
    await say('hi');
    const pages = [(await say('2')).text];
    while (pages.at(-1)!.includes('1. More') && pages.length < 10) pages.push((await say('more')).text);
    const all = pages.join('\n');
    expect(all).toContain('Unpaid (30):');
    for (let i = 1; i <= 30; i++) expect(all).toContain(`B${String(i).padStart(2, '0')} Tenant ${i}: KES ${(10_000 + i).toLocaleString('en-US')}`);
    expect(all).toContain(`Owed now: KES ${(300_000 + 465).toLocaleString('en-US')}.`);
    expect(pages.length).toBeGreaterThan(1);
  });

  it('lets a landlord add three tenants by pasting them in one message; each gets a welcome', async () => {
    const { landlord } = await createTenantWithBill(app, { paybill: '600171' });
    const say = whatsapp(app, landlord.phone);
    expect((await say('hi')).text).toContain('3. Add tenants');
    expect((await say('3')).text).toContain("Tenant's full name?");
    const phones = [phoneEnding('71'), phoneEnding('72'), phoneEnding('73')];
    const local = (p: string) => `0${p.slice(3)}`;
    const summary = await say(`Akinyi Otieno, ${local(phones[0]!)}, B1, 12000\nBaraka, ${local(phones[1]!)}, B2, 12,500, 5\nChebet, ${local(phones[2]!)}, A1, 9000\nDuncan, 12345, B4, 9000`);
    expect(summary.text).toContain('Added 2 tenants:');
    expect(summary.text).toContain('Not added (2):');
    expect(summary.text).toContain('Unit A1 already has a tenant in that property.');
    expect(summary.text).toContain('Line 4 "Duncan, 12345, B4, 9000": only Kenyan numbers (+254) are supported');
    const tenants = (await app.api().get(`/api/landlords/${landlord.id}/tenants`)).body as { unit: string; property: string | null; dueDay: number; monthlyRent: number; accountNumber: string }[];
    expect(tenants.map((t) => [t.unit, t.property, t.monthlyRent, t.dueDay]).sort()).toEqual([['A1', 'Sunrise', 15_000, 1], ['B1', 'Sunrise', 12_000, 1], ['B2', 'Sunrise', 12_500, 5]]);
    const [welcome] = await waitFor(async () => ((await messagesTo(phones[1]!)).length ? messagesTo(phones[1]!) : undefined));
    const account = tenants.find((t) => t.unit === 'B2')!.accountNumber;
    expect(welcome!.body).toContain('Welcome to RentEase! Wanjiku Homes added you as the tenant of unit B2.');
    expect(welcome!.body).toContain(`Your account number: ${account}.`);
    expect(welcome!.body).toContain(`Paybill 600171, account ${account}`);
    expect(welcome!.body).toContain('Reply STOP to stop reminders.');
  });

  it('speaks Kiswahili once chosen, on every channel', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    const chosen = await say('lugha');
    expect(chosen.text).toContain('Choose your language');
    const menu = await say('2');
    expect(menu.text).toContain('Lugha imewekwa: Kiswahili.');
    expect(menu.text).toContain('Kodi ya Nov 2026, nyumba A1: KES 15,000 inadaiwa.');
    expect((await say('1')).text).toContain('Lipa KES 15,000 kwa Wanjiku Homes');
    expect((await say('1')).text).toContain('Angalia simu yako');
    await payAndAccept(tenant.phone);
    const [receipt] = await waitFor(async () => ((await messagesTo(tenant.phone)).length ? messagesTo(tenant.phone) : undefined));
    expect(receipt!.body).toContain('Malipo yamepokelewa: KES 15,000 kwa nyumba A1');
  });

  it('pays another amount from another number', async () => {
    const { tenant, landlord } = await createTenantWithBill(app);
    const other = phoneEnding('66');
    const say = whatsapp(app, tenant.phone);
    await say('pay');
    await say('3');
    expect((await say(`0${other.slice(3)}`)).text).toContain(`from M-Pesa 0${other.slice(3)}`);
    await say('0');
    await say('2');
    expect((await say('4000')).text).toContain('Pay KES 4,000');
    expect((await say('1')).text).toContain(`The M-Pesa prompt is on phone 0${other.slice(3)}: whoever has it enters their M-Pesa PIN there.`);
    const prompt = await waitFor(() => app.simulator!.openPrompts(other)[0]);
    expect(prompt.amount).toBe(4_000);
    app.simulator!.enterPin(prompt.checkoutRequestId, app.simulator!.pin);
    // The landlord hears who paid, apart from whose rent it was.
    const notice = await waitFor(async () => (await messagesTo(landlord.phone)).find((m) => m.body.startsWith('Rent received')));
    expect(notice.body).toContain(`Rent received for Otieno, unit A1 (November 2026): KES 4,000, paid from ${other}, not the tenant's number.`);
  });

  it('says a payment is pending instead of pushing again', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    await say('1');
    await say('1');
    await waitFor(() => app.simulator!.openPrompts(tenant.phone)[0]);
    const pushes = app.simulator!.stats.stkPushes;
    await say('pay');
    const again = await say('1');
    expect(again.text).toContain('already waiting for your PIN');
    expect(app.simulator!.stats.stkPushes).toBe(pushes);
  });

  it('shows a tenant only their own bills and receipts', async () => {
    const a = await createTenantWithBill(app, { rent: 11_111 });
    const b = await createTenantWithBill(app, { rent: 22_222 });
    const status = await whatsapp(app, b.tenant.phone)('status');
    expect(status.text).toContain('KES 22,222');
    expect(status.text).not.toContain('11,111');
    void a;
  });

  it('replays the stored reply for a repeated MessageSid, with no second effect', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    const first = await say('1', { messageSid: `SM${'ab'.repeat(16)}` });
    const repeat = await say('1', { messageSid: `SM${'ab'.repeat(16)}` });
    expect(repeat.twiml).toBe(first.twiml);
    expect(app.simulator!.openPrompts(tenant.phone)).toEqual([]);
    const [row] = await app.db.db.select().from(conversations).where(eq(conversations.key, tenant.phone));
    expect((row!.snapshot as { area: string }).area).toBe('payRent');
  });

  it('refuses a forged signature with 403 and a malformed form with 400', async () => {
    const { tenant } = await createTenantWithBill(app);
    const forged = await whatsapp(app, tenant.phone)('1', { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(forged.status).toBe(403);
    const unsigned = await request(app.url).post('/webhooks/whatsapp').type('form').send({ From: `whatsapp:+${tenant.phone}`, Body: 'hi', MessageSid: `SM${'0'.repeat(32)}` });
    expect(unsigned.status).toBe(403);
    const missing = await whatsapp(app, tenant.phone)('hi', { messageSid: 'nope' });
    expect(missing.status).toBe(400);
    const huge = await request(app.url).post('/webhooks/whatsapp').type('form').send({ Body: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
  });

  it('accepts a signature Twilio made for the webhook URL without its port, as the SDK does', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    const configured = `${app.config.publicBaseUrl}/webhooks/whatsapp`;
    const withoutPort = configured.replace(/:\d+\//, '/');
    expect(withoutPort).not.toBe(configured);
    const res = await say('hi', { signedUrl: withoutPort });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Hi');
    const refused = await say('hi', { signedUrl: withoutPort.replace('whatsapp', 'sms') });
    expect(refused.status).toBe(403);
  });

  it('lets an unknown number register as a landlord, then set up the payout; a tenant is told whom to ask', async () => {
    const phone = phoneEnding('97');
    const say = whatsapp(app, phone);
    expect((await say('habari')).text).toContain('1. I am a landlord: register');
    expect((await say('1')).text).toContain('Your full name?');
    expect((await say('Jane Mwangi')).text).toContain('The name your tenants know your business by');
    await say('Mwangi Flats');
    const registered = await say('2');
    expect(registered.text).toContain('Karibu, Jane Mwangi: umesajiliwa.');
    expect(registered.text).toContain('Kodi iende wapi?'); // the payout setup begins, in Kiswahili
    const landlord = await app.db.db.select().from(landlords).where(eq(landlords.phone, phone));
    expect(landlord).toEqual([expect.objectContaining({ name: 'Jane Mwangi', businessName: 'Mwangi Flats' })]);
    // A number whose tenancy ended is told which landlord to ask.
    const { tenant, landlord: owner } = await createTenantWithBill(app);
    await app.api().patch(`/api/tenants/${tenant.id}`).send({ name: 'Otieno' }).expect(200);
    await app.db.db.update(tenancies).set({ active: false }).where(eq(tenancies.id, tenant.id));
    const former = whatsapp(app, tenant.phone);
    await former('hi');
    expect((await former('2')).text).toContain(`Ask your landlord to add it: Wanjiku, 0${owner.phone.slice(3)}.`);
  });

  it('lets a landlord set up a paybill with a PIN; the KES 1 test activates it; every later change needs the PIN', async () => {
    const phone = phoneEnding('12');
    const landlord = (await app.api().post('/api/landlords', { name: 'Achieng Otieno', phone }).expect(201)).body;
    const say = whatsapp(app, phone);
    expect((await say('hi')).text).toContain('1. Set up or change my paybill/till');
    await say('1');
    await say('1');
    await say('600900');
    await say('1');
    await say('Achieng Homes');
    expect((await say('2468')).text).toContain('Enter the same PIN again');
    const summary = await say('2468');
    expect(summary.text).toContain('Paybill 600900, name "Achieng Homes".');
    expect((await say('1')).text).toContain('Saved. We are sending a KES 1 test prompt');
    const [stored] = await app.db.db.select().from(payoutConfigs).where(eq(payoutConfigs.landlordId, landlord.id));
    expect(stored).toMatchObject({ businessShortCode: '600900', isActive: false });
    const [row] = await app.db.db.select().from(landlords).where(eq(landlords.id, landlord.id));
    expect(row!.pinHash).toMatch(/^scrypt\$/);
    const test = await waitFor(() => app.simulator!.openPrompts(phone)[0]);
    expect(test).toMatchObject({ amount: 1, businessShortCode: '600900' });
    app.simulator!.enterPin(test.checkoutRequestId, app.simulator!.pin);
    await waitFor(async () => ((await app.api().get(`/api/landlords/${landlord.id}/daraja/status`)).body.isActive ? true : undefined));
    const notices = (await messagesTo(phone)).map((m) => m.body).join('\n');
    expect(notices).toContain('Your RentEase payout details were changed');
    expect(notices).toContain('Test payment of KES 1 to 600900 succeeded');

    // A later change: the PIN first, and a wrong one changes nothing.
    await say('menu');
    expect((await say('1')).text).toContain('Enter your RentEase PIN');
    expect((await say('1111')).text).toContain('Wrong PIN. 2 attempt(s) left.');
    await say('2468');
    await say('2');
    await say('600901');
    await say('5111222');
    await say('1');
    expect((await say('1')).text).toContain('Saved');
    const actions = (await app.db.db.select().from(auditLog).where(eq(auditLog.entityId, landlord.id))).map((a) => a.action);
    expect(actions.filter((a) => a === 'payout.changed')).toHaveLength(2);
    expect(actions).toContain('pin.failed');
  });

  it('tells a tenant with five prompts in ten minutes when they can try again', async () => {
    const { tenant, landlord } = await createTenantWithBill(app, { paybill: '600195' });
    // Five failed prompts to this phone, the oldest 4 minutes ago: the window frees in 6 minutes.
    for (let i = 0; i < 5; i++) {
      await app.database.sql.query(
        `insert into payments (source, landlord_id, tenancy_id, amount, phone, status, business_short_code, party_b, account_reference, reference, initiated_at)
         values ('stk', $1, $2, 100, $3, 'failed', '600195', '600195', 'A1', $4, now() - make_interval(secs => $5))`,
        [landlord.id, tenant.id, tenant.phone, `RATE${i}${tenant.phone.slice(-6)}`, 240 - i * 30],
      );
    }
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    await say('1');
    expect((await say('1')).text).toContain('Too many M-Pesa prompts to that number in the last 10 minutes. Please try again in 6 minutes.');
  });

  it('goes back to the main menu on "menu", from anywhere', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('pay');
    await say('2');
    expect((await say('menu')).text).toContain('1. Pay KES 15,000 now');
  });

  it('starts again with an apology when the stored snapshot is from an older machine version', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    await say('pay');
    await app.db.db.update(conversations).set({ machineVersion: 0 }).where(eq(conversations.key, tenant.phone));
    const reply = await say('1');
    expect(reply.text).toContain('Sorry, we had to start again.');
    expect(reply.text).toContain('1. Pay KES 15,000 now');
  });
});
