// A landlord with 30 tenants does nothing for a month: the scheduler, driven day by day by a clock the
// test moves, bills every tenant, reminds those who have not paid (before, on and after the due date,
// never after paying, at most once a day), and every payment brings receipts to tenant and landlord.
// Messages go out through the real africastalking SDK, its HTTP intercepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledStatus, startTestApp, type TestApp } from '../helpers/app.js';
import { addDays, landlordWithPaybill, providerEnv, realToday, runDay, sittingTenant, smsTo } from '../helpers/billing.js';
import { testClock } from '../helpers/clock.js';
import { databaseKinds } from '../helpers/databases.js';
import { providerMocks } from '../helpers/providers.js';

const mocks = providerMocks();
beforeAll(() => mocks.listen());
afterAll(() => mocks.close());

describe.each(databaseKinds())('a month that runs by itself, on %s', (kind) => {
  const clock = testClock();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: providerEnv, clock });
  });
  afterAll(() => app.close());

  it('bills 30 tenants, reminds the ones who have not paid, and sends every receipt', { timeout: 120_000 }, async () => {
    const today = realToday();
    // Rent due a week from today: the bill is issued 5 days before (the default), two days from now.
    const due = addDays(today, 7);
    const landlord = await landlordWithPaybill(app);
    const tenants = [];
    for (let i = 1; i <= 30; i++) tenants.push(await sittingTenant(app, landlord.id, { unit: `A${i}`, rent: 10_000 + i, dueDay: Number(due.slice(8)) }));
    const early = tenants.slice(0, 20); // pay the day before it is due
    const late = tenants.slice(20, 28); // pay four days late
    const never = tenants.slice(28); // do not pay

    const pay = async (tenant: { id: string }) => {
      const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id }).expect(202);
      expect((await settledStatus(app, res.body.paymentId, 10_000)).status).toBe('success');
    };

    for (let day = today; day <= addDays(due, 11); day = addDays(day, 1)) {
      const run = await runDay(app, clock, day);
      if (day === addDays(due, -5)) expect(run.bills).toBe(30);
      else expect(run.bills).toBe(0);
      if (day === addDays(due, -1)) for (const t of early) await pay(t);
      if (day === addDays(due, 4)) for (const t of late) await pay(t);
      await runDay(app, clock, day, 16); // a second run the same day sends nothing new
    }

    const kinds = (phone: string) =>
      smsTo(mocks, phone).map((m) => (m.startsWith('New bill') ? 'notice' : m.startsWith('Reminder') ? 'reminder' : m.startsWith('Payment received') ? 'receipt' : m));
    for (const t of early) expect(kinds(t.phone)).toEqual(['notice', 'reminder', 'receipt']);
    for (const t of late) expect(kinds(t.phone)).toEqual(['notice', 'reminder', 'reminder', 'reminder', 'receipt']);
    for (const t of never) expect(kinds(t.phone)).toEqual(['notice', 'reminder', 'reminder', 'reminder', 'reminder']);

    // The notice says what, how much, when, and every way to pay.
    const [notice] = smsTo(mocks, tenants[0]!.phone);
    expect(notice).toContain(`KES 10,001`);
    expect(notice).toContain('dial *384*123#');
    expect(notice).toContain(`Paybill 600100, account ${tenants[0]!.accountNumber}`);
    expect(notice).toContain('Reply STOP to stop reminders.');
    // An overdue reminder says so.
    expect(smsTo(mocks, never[0]!.phone).at(-1)).toMatch(/^Reminder: KES 10,029 of rent is overdue\./);

    const landlordReceipts = smsTo(mocks, landlord.phone).filter((m) => m.startsWith('Rent received'));
    expect(landlordReceipts).toHaveLength(28);

    const list = (await app.api().get(`/api/landlords/${landlord.id}/bills?period=${due.slice(0, 7)}`).expect(200)).body;
    expect(list.bills).toHaveLength(30);
    const billed = tenants.reduce((s, _t, i) => s + 10_001 + i, 0);
    const unpaid = 10_029 + 10_030;
    expect(list.totals).toEqual({ billed, paid: billed - unpaid, outstanding: unpaid });
    const overdue = (await app.api().get(`/api/landlords/${landlord.id}/bills?status=overdue`).expect(200)).body;
    expect(overdue.bills.map((b: { unit: string }) => b.unit).sort()).toEqual(['A29', 'A30']);
  });
});
