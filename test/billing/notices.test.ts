// Bill notices and reminders reach the tenant where they read: STOP/ACHA and START/ANZA by chat, and
// WhatsApp outside its 24-hour window as an approved template through Twilio's Content API, or by SMS
// when there is no template or Twilio says the window is closed (63016). Real SDKs, HTTP intercepted.
import { HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drain, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { addDays, at, landlordWithPaybill, providerEnv, realToday, runDay, sittingTenant, smsTo } from '../helpers/billing.js';
import { sms, whatsapp } from '../helpers/chat.js';
import { testClock } from '../helpers/clock.js';
import { databaseKinds } from '../helpers/databases.js';
import { providerMocks } from '../helpers/providers.js';

const mocks = providerMocks();
beforeAll(() => mocks.listen());
afterAll(() => mocks.close());

const NOTICE_EN = `HX${'1'.repeat(32)}`;
const NOTICE_SW = `HX${'2'.repeat(32)}`;
const twilioTo = (phone: string) => mocks.twilio.filter((m) => m.form.To === `whatsapp:+${phone}`);

describe.each(databaseKinds())('notices and reminders on %s', (kind) => {
  const clock = testClock();
  let app: TestApp;
  beforeAll(async () => {
    // A bill-notice template in both languages; no reminder template.
    app = await startTestApp(kind, { env: { ...providerEnv, TWILIO_TEMPLATE_BILL_NOTICE: NOTICE_EN, TWILIO_TEMPLATE_BILL_NOTICE_SW: NOTICE_SW }, clock });
  });
  afterAll(() => app.close());

  /** Waits until every message to the phone is sent (a kicked send may be in flight; the clock must not jump past its lease). */
  const allSent = (phone: string) =>
    waitFor(async () => {
      await drain(app.outbox);
      const messages = (await app.api().get(`/api/messages?to=${phone}`).expect(200)).body as { status: string }[];
      return messages.length > 0 && messages.every((m) => m.status === 'sent') ? true : undefined;
    });

  it('stops reminders on STOP or ACHA and starts them again on START or ANZA; bills and receipts still go', async () => {
    const landlord = await landlordWithPaybill(app, '600610');
    const due = addDays(realToday(), 6);
    const tenant = await sittingTenant(app, landlord.id, { unit: 'H1', dueDay: Number(due.slice(8)) });
    clock.set(at(realToday()));
    await sms(app, tenant.phone)('ACHA');
    await allSent(tenant.phone);
    await runDay(app, clock, addDays(due, -5));
    const stopped = smsTo(mocks, tenant.phone);
    expect(stopped[0]).toMatch(/^Reminders are off/);
    expect(stopped[1]).toMatch(/^New bill from your landlord/);
    expect((await runDay(app, clock, addDays(due, -3))).reminders).toBe(0);
    expect((await runDay(app, clock, due)).reminders).toBe(0);

    await sms(app, tenant.phone)('Start');
    // The SMS reply goes through the outbox, which the webhook kicked.
    await allSent(tenant.phone);
    const started = smsTo(mocks, tenant.phone).find((m) => m.startsWith('Reminders are on'))!;
    expect(started).toMatch(/^Reminders are on again\.\n\n/);
    expect(started).toContain('2. Pay rent'); // and the menu, as after "menu"
    // The next run reminds of what is owed (one message for the days missed), then the reminder days go on.
    expect((await runDay(app, clock, addDays(due, 1))).reminders).toBe(1);
    expect((await runDay(app, clock, addDays(due, 2))).reminders).toBe(0);
    expect((await runDay(app, clock, addDays(due, 3))).reminders).toBe(1);
    expect(smsTo(mocks, tenant.phone).at(-1)).toMatch(/^Reminder: KES 15,000 of rent is overdue\./);
  });

  it('sends a bill notice outside the WhatsApp window as the approved template, in the reader’s language', async () => {
    const landlord = await landlordWithPaybill(app, '600620');
    // Due in eight days: the bill comes three days from now (five before it is due). The turn stamps the
    // tenant's last message with the database's clock (the real time of day), not the test's 10:00, so a
    // bill one day later could still fall inside the 24-hour window.
    const due = addDays(realToday(), 8);
    const tenant = await sittingTenant(app, landlord.id, { unit: 'J1', dueDay: Number(due.slice(8)), rent: 23_456, language: 'sw' });
    // The tenant last wrote on WhatsApp now; the bill comes three days later, outside the 24-hour window.
    clock.set(at(realToday()));
    await whatsapp(app, tenant.phone)('habari');
    const before = twilioTo(tenant.phone).length;
    await runDay(app, clock, addDays(due, -5));
    const sent = twilioTo(tenant.phone).slice(before);
    expect(sent).toHaveLength(1);
    const form = sent[0]!.form;
    expect(form.Body).toBeUndefined();
    expect(form).toMatchObject({ From: 'whatsapp:+14155238886', To: `whatsapp:+${tenant.phone}` });
    expect(form.ContentSid).toBe(NOTICE_SW);
    const [y, m, d] = due.split('-').map(Number) as [number, number, number];
    const months = ['Januari', 'Februari', 'Machi', 'Aprili', 'Mei', 'Juni', 'Julai', 'Agosti', 'Septemba', 'Oktoba', 'Novemba', 'Desemba'];
    const short = ['Jan', 'Feb', 'Machi', 'Apr', 'Mei', 'Juni', 'Julai', 'Ago', 'Sep', 'Okt', 'Nov', 'Des'];
    expect(JSON.parse(form.ContentVariables!)).toEqual({ 1: `Kodi, ${months[m - 1]} ${y}`, 2: 'KES 23,456', 3: `${d} ${short[m - 1]} ${y}` });
    // The reminder has no template configured: it goes by SMS.
    await runDay(app, clock, addDays(due, -3));
    expect(twilioTo(tenant.phone).slice(before)).toHaveLength(1);
    expect(smsTo(mocks, tenant.phone).at(-1)).toMatch(/^Kikumbusho: KES 23,456 inadaiwa hivi karibuni\./);
  });

  it('sends by SMS when Twilio answers that the window is closed (63016)', async () => {
    const landlord = await landlordWithPaybill(app, '600630');
    // As above: the bill comes three days after the tenant's last message.
    const due = addDays(realToday(), 8);
    const tenant = await sittingTenant(app, landlord.id, { unit: 'K1', dueDay: Number(due.slice(8)) });
    clock.set(at(realToday()));
    await whatsapp(app, tenant.phone)('hi');
    mocks.answerTwilio(() =>
      HttpResponse.json({ code: 63016, message: 'Failed to send freeform message because you are outside the allowed window.', more_info: 'https://www.twilio.com/docs/errors/63016', status: 400 }, { status: 400 }),
    );
    try {
      await runDay(app, clock, addDays(due, -5));
    } finally {
      mocks.answerTwilio(() => HttpResponse.json({ sid: `SM${'0'.repeat(32)}`, status: 'queued' }, { status: 201 }));
    }
    expect(twilioTo(tenant.phone).filter((m) => m.form.ContentSid)).toHaveLength(1);
    expect(smsTo(mocks, tenant.phone).at(-1)).toMatch(/^New bill from your landlord:/);
    const messages = (await app.api().get(`/api/messages?to=${tenant.phone}`).expect(200)).body;
    expect(messages.find((m: { body: string }) => m.body.startsWith('New bill'))).toMatchObject({ channel: 'sms', status: 'sent' });
  });
});
