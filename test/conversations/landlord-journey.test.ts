// A landlord's first month, end to end over the signed WhatsApp webhook, as a new landlord would live it:
// sign up, set a till (the KES 1 test activates it), add three tenants in one pasted message, bill water to
// one, record cash for another, a Buy Goods payment with no account from the third finds them by phone,
// and the report shows it all. Kiswahili on the way, where the landlord chose it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eatDay, periodOf } from '../../src/domain/calendar.js';
import { phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())("a landlord's first month by chat on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
  });
  afterAll(() => app.close());

  const local = (phone: string) => `0${phone.slice(3)}`;

  it('signs up, sets a till, adds tenants by paste, bills water, records cash, and a till payment finds its tenant', async () => {
    const phone = phoneEnding('31');
    const say = whatsapp(app, phone);
    expect((await say('hi')).text).toContain('1. I am a landlord: register');
    await say('1');
    await say('Grace Wanjiru');
    await say('Wanjiru Court');
    expect((await say('1')).text).toContain('Where should rent go?');
    await say('2');
    await say('600930');
    await say('5123930');
    await say('1');
    await say('2580');
    expect((await say('2580')).text).toContain('Till 5123930 (store 600930)');
    expect((await say('1')).text).toContain('Saved. We are sending a KES 1 test prompt');
    const [landlord] = await app.database.sql.query<{ id: string }>('select id from landlords where phone = $1', [phone]);
    // The simulator's phone answers the KES 1 prompt with the PIN: the till becomes active.
    await waitFor(async () => ((await app.api().get(`/api/landlords/${landlord!.id}/daraja/status`)).body.isActive ? true : undefined));

    const [peter, mary, john] = [phoneEnding('32'), phoneEnding('33'), phoneEnding('34')];
    await say('hi');
    await say('3');
    const pasted = await say(`Peter Kamau, ${local(peter)}, G1, 12000\nMary Atieno, ${local(mary)}, G2, 14,000, 5\nJohn Otieno, ${local(john)}, G3, 9000\nG4 without a phone`);
    expect(pasted.text).toMatch(/^Added 3 tenants/);
    expect(pasted.text).toContain('Line 4');
    // This month's bills, as the scheduler would make them.
    const period = periodOf(eatDay(new Date()));
    await app.api().post(`/api/landlords/${landlord!.id}/bills/run`, { period }).expect(200);

    for (const input of ['hi', '5', 'G1', '1', '800', '1']) await say(input);
    expect((await say('2580')).text).toContain('Done: KES 800 billed to G1.');
    for (const input of ['hi', '6', 'Mary', '14000', '1', '1']) await say(input);
    expect((await say('2580')).text).toContain('Recorded KES 14,000 from G2');

    // John pays at the till from the M-Pesa menu: Buy Goods carries no account, his phone finds him.
    const till = { TransactionType: 'Buy Goods', TransID: 'RKT0000930', TransTime: '20261130101500', TransAmount: '9000', BusinessShortCode: '5123930', BillRefNumber: '', MSISDN: john, FirstName: 'John' };
    await app.post('/api/daraja/c2b/confirmation', till).expect(200);

    await say('hi');
    const report = (await say('2')).text;
    expect(report).toContain('Unpaid (1):');
    expect(report).toMatch(/Peter Kamau, G1: KES 12,800|G1 Peter Kamau: KES 12,800/);
    expect(report).not.toMatch(/Mary Atieno, G2: KES|John Otieno, G3: KES/);
    expect(report).toContain('RKT0000930');
    expect(report).toContain('Reply CSV for the whole month');
    const johnsBills = (await app.api().get(`/api/landlords/${landlord!.id}/tenants`)).body.find((t: { unit: string }) => t.unit === 'G3');
    expect((await app.api().get(`/api/tenants/${johnsBills.id}/bills`)).body.bills[0]).toMatchObject({ status: 'paid' });
  });
});
