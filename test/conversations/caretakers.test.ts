// Caretakers, end to end over the real webhooks: a landlord adds one for a property by chat; the caretaker
// chooses their own PIN, records cash and reads the report for that property only, is refused the payout
// and tenants of other properties, and everything they do is audited with who they are; then the landlord
// removes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLandlordPin } from '../../db/queries/landlords.js';
import { hashPin } from '../../src/crypto/pin.js';
import { createTenantWithBill, phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('caretakers by chat on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
  });
  afterAll(() => app.close());

  const messagesTo = async (phone: string) => (await app.api().get(`/api/messages?to=${phone}`)).body as { body: string; channel: string }[];

  it('a landlord adds a caretaker for one property, who does what they may, is refused what they may not, and is removed', async () => {
    const { landlord, tenant } = await createTenantWithBill(app, { paybill: '600191' });
    await setLandlordPin(app.database.db, landlord.id, await hashPin('4321'));
    // A second property, which the caretaker will not look after.
    await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: 'Achieng', phone: phoneEnding('79'), unit: 'B1', property: 'Hilltop', monthlyRent: 9_000 }).expect(201);
    const caretakerPhone = phoneEnding('55');

    const owner = whatsapp(app, landlord.phone);
    expect((await owner('hi')).text).toContain('9. Caretakers');
    expect((await owner('9')).text).toContain('You have no caretakers.');
    expect((await owner('1')).text).toContain('The caretaker’s name?');
    expect((await owner('Jane Wambui')).text).toContain('Their phone number?');
    const properties = await owner(`0${caretakerPhone.slice(3)}`);
    expect(properties.text).toContain('1. Hilltop\n2. Sunrise\n3. All properties');
    expect((await owner('2')).text).toContain(`Add Jane Wambui (0${caretakerPhone.slice(3)}) as caretaker of Sunrise?`);
    await owner('1');
    expect((await owner('4321')).text).toContain('Jane Wambui is now a caretaker; we sent them a message.');
    expect((await messagesTo(caretakerPhone))[0]!.body).toContain('Wanjiku added you as caretaker of Sunrise on RentEase.');

    const jane = whatsapp(app, caretakerPhone);
    const menu = (await jane('hi')).text;
    expect(menu).toContain('Hi Jane Wambui, caretaker for Wanjiku (Sunrise).');
    expect(menu).toContain('1. My PIN');
    expect(menu).not.toMatch(/Payout|Unmatched|Caretakers/);
    // Money needs her own PIN, which she chooses first.
    expect((await jane('6')).text).toContain('Choose your own PIN first: it is option 1 of your menu.');
    await jane('hi');
    expect((await jane('1')).text).toContain('Choose a 4 to 6 digit PIN.');
    expect((await jane('2468')).text).toContain('Enter the same PIN again:');
    expect((await jane('2468')).text).toContain('Your PIN is saved.');

    // Cash for a tenant of Sunrise: her PIN, not the landlord's.
    await jane('hi');
    await jane('6');
    await jane('A1');
    await jane('5000');
    await jane('1');
    await jane('1');
    expect((await jane('4321')).text).toContain('Wrong PIN.');
    expect((await jane('2468')).text).toContain('Recorded KES 5,000 from A1');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 5_000, status: 'partial' });

    // Hilltop is not hers: its tenant is not found, and the report shows Sunrise only.
    await jane('hi');
    await jane('6');
    expect((await jane('B1')).text).toContain('No tenant of yours matches "B1"');
    await jane('menu');
    const report = (await jane('2')).text;
    expect(report).toContain('A1');
    expect(report).not.toContain('B1');

    // The payout, unmatched money and caretakers stay with the landlord.
    await jane('hi');
    expect((await jane('paybill')).text).toContain('Only Wanjiku can do that');
    expect((await jane('unmatched')).text).toContain('Only Wanjiku can do that');

    // Her USSD menu fits one screen.
    const screen = await ussdSession(app, caretakerPhone)();
    expect(screen.text.length - 4).toBeLessThanOrEqual(160);
    expect(screen.text).toContain('1. My PIN');

    // Who did what is in the audit log.
    const audit = await app.database.sql.query<{ actor: string; action: string }>(`select actor, action from audit_log where actor like $1 order by id`, [`%caretaker:${caretakerPhone}`]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['pin.set', 'pin.failed', 'payment.recorded']));
    expect(audit[0]!.actor).toBe(`chat:whatsapp:caretaker:${caretakerPhone}`);

    // The landlord removes her; she is told, and her number is nobody's again.
    await owner('hi');
    expect((await owner('9')).text).toContain(`Jane Wambui 0${caretakerPhone.slice(3)}: Sunrise`);
    expect((await owner('2')).text).toContain('Remove which caretaker?');
    await owner('1');
    await owner('1');
    expect((await owner('4321')).text).toContain('Jane Wambui is no longer a caretaker.');
    await waitFor(async () => (await messagesTo(caretakerPhone)).find((m) => m.body.includes('removed you as caretaker')));
    expect((await jane('hi')).text).toContain('I am a landlord: register');
  });

  it('refuses a caretaker whose number is a landlord', async () => {
    const { landlord } = await createTenantWithBill(app, { paybill: '600192' });
    const other = await createTenantWithBill(app, { paybill: '600193' });
    await setLandlordPin(app.database.db, landlord.id, await hashPin('4321'));
    const owner = whatsapp(app, landlord.phone);
    for (const input of ['hi', '9', '1', 'Kamau']) await owner(input);
    await owner(`0${other.landlord.phone.slice(3)}`);
    await owner('1');
    expect((await owner('4321')).text).toContain('That number is a landlord on RentEase, so it cannot be a caretaker.');
  });
});
