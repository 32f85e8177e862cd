// The month as a CSV file: asked for by "csv" after the report in chat, sent by the real twilio SDK as
// media (its HTTP intercepted), served behind a signed link that ends; a tampered link is a 404, an ended
// one a 410. The file is RFC 4180 and safe to open in a spreadsheet.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthCsv } from '../../src/rendering/month-csv.js';
import { eatDay, periodOf } from '../../src/domain/calendar.js';
import { monthFileUrl } from '../../src/reports/month-file.js';
import { createTenantWithBill, drain, phoneEnding, startTestApp, type TestApp } from '../helpers/app.js';
import { sms, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';
import { providerEnv, providerMocks } from '../helpers/providers.js';

const mocks = providerMocks();

describe.each(databaseKinds())('the month as a CSV file on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    mocks.listen();
    app = await startTestApp(kind, { env: providerEnv });
  });
  afterAll(async () => {
    await app.close();
    mocks.close();
  });
  const period = () => periodOf(eatDay(new Date()));
  const pathOf = (url: string) => new URL(url).pathname;

  it('sends the file on WhatsApp as media, and serves it behind the signed link', async () => {
    const { landlord } = await createTenantWithBill(app, { paybill: '600171', period: period() });
    await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: '=HYPERLINK("x")', phone: phoneEnding('72'), unit: 'A2', property: 'Sunrise', monthlyRent: 8_000 }).expect(201);
    const say = whatsapp(app, landlord.phone);
    await say('hi');
    expect((await say('2')).text).toContain('Reply CSV for the whole month as a spreadsheet file.');
    expect((await say('csv')).text).toMatch(/^Sending \w+ \d{4} as a CSV file now\.$/);
    await drain(app.outbox);
    const sent = mocks.twilio.find((m) => m.form.To === `whatsapp:+${landlord.phone}` && m.form.MediaUrl);
    expect(sent).toBeDefined();
    const url = sent!.form.MediaUrl!;
    expect(url).toMatch(new RegExp(`^${app.config.publicBaseUrl}/files/month/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+/rentease-${period()}\\.csv$`));
    expect(sent!.form.Body).toContain(`The link works for 24 hours: ${url}`);

    const file = await request(app.url).get(pathOf(url)).expect(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="rentease-${period()}.csv"`);
    const lines = file.text.split('\r\n');
    expect(lines[0]).toBe('property,unit,tenant,phone,account,monthly_rent,billed_this_month,paid_this_month,owed_now,not_yet_due,receipts');
    expect(lines[1]).toMatch(/^Sunrise,A1,Otieno,2547\d{8},[A-Z0-9]+,15000,15000,0,(15000,0|0,15000),$/);
    // A name a spreadsheet would run as a formula is written as text.
    expect(lines[2]).toContain(`Sunrise,A2,"'=HYPERLINK(""x"")"`);
    expect(lines[3]).toMatch(/^TOTAL,,,,,23000,15000,0,/);

    // Tampered or ended links open nothing.
    const [, , , token, name] = pathOf(url).split('/');
    await request(app.url).get(`/files/month/${token!.slice(0, -2)}xx/${name}`).expect(404);
    await request(app.url).get(`/files/month/${token}/other.csv`).expect(404);
    const old = monthFileUrl({ publicBaseUrl: app.config.publicBaseUrl, appSecret: app.config.appSecret }, { landlordId: landlord.id, propertyId: null, period: period() }, new Date(Date.now() - 25 * 3600_000));
    expect((await request(app.url).get(pathOf(old)).expect(410)).body.error.code).toBe('link_expired');
  });

  it('sends the link by SMS, which cannot carry a file', async () => {
    const { landlord } = await createTenantWithBill(app, { paybill: '600172', period: period() });
    const text = sms(app, landlord.phone);
    await text('csv');
    await drain(app.outbox);
    const sent = mocks.sms.find((m) => m.form.to === `+${landlord.phone}` && m.form.message?.includes('/files/month/'));
    expect(sent!.form.message).toMatch(/^Wanjiku Homes: \w+ \d{4}, every tenant's billed, paid and owed, as a CSV file\./);
  });
});

describe('month CSV', () => {
  it('quotes what needs quoting, keeps formulas as text, and totals in whole shillings', () => {
    const csv = monthCsv([
      { property: 'Block, A', unit: 'A1', name: 'Otieno "Ote"', phone: '254712000001', accountNumber: 'RNT1', monthlyRent: 15_000, billed: 15_000, paid: 10_000, due: 5_000, upcoming: 0, receipts: ['TKA1', 'TKA2'] },
      { property: '', unit: 'B1', name: '+254 trick', phone: '254712000002', accountNumber: 'RNT2', monthlyRent: 9_000, billed: 9_000, paid: 0, due: 0, upcoming: 9_000, receipts: [] },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'property,unit,tenant,phone,account,monthly_rent,billed_this_month,paid_this_month,owed_now,not_yet_due,receipts',
      '"Block, A",A1,"Otieno ""Ote""",254712000001,RNT1,15000,15000,10000,5000,0,TKA1 TKA2',
      ",B1,'+254 trick,254712000002,RNT2,9000,9000,0,0,9000,",
      'TOTAL,,,,,24000,24000,10000,5000,9000,',
      '',
    ]);
  });
});
