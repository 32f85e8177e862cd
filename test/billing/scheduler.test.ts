// The scheduler under the conditions of a real deployment: stopped in the middle of a run and started
// again, two processes running at once, months missed while it was down, tenancies that end or pause,
// late fees, recurring charges, credit, and quiet hours. Each on both databases, with a clock the test sets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDueBills } from '../../src/billing/issue.js';
import { createBillingScheduler } from '../../src/billing/scheduler.js';
import { drain, settledStatus, startTestApp } from '../helpers/app.js';
import { addDays, at, landlordWithPaybill, providerEnv, realToday, runDay, sittingTenant, smsTo } from '../helpers/billing.js';
import { testClock } from '../helpers/clock.js';
import { createTestDatabase, databaseKinds, secondProcessDatabase } from '../helpers/databases.js';
import { providerMocks } from '../helpers/providers.js';

const mocks = providerMocks();
beforeAll(() => mocks.listen());
afterAll(() => mocks.close());

const countNotices = (phones: string[]) => phones.map((p) => smsTo(mocks, p).filter((m) => m.startsWith('New bill')).length);

describe.each(databaseKinds())('the billing scheduler on %s', (kind) => {
  it('finishes a run stopped halfway after a restart, billing each tenancy once', async () => {
    const database = await createTestDatabase(kind);
    const clock = testClock();
    try {
      const first = await startTestApp(kind, { database, env: providerEnv, clock });
      const landlord = await landlordWithPaybill(first);
      const due = addDays(realToday(), 3);
      const tenants = [];
      for (let i = 1; i <= 12; i++) tenants.push(await sittingTenant(first, landlord.id, { unit: `B${i}`, dueDay: Number(due.slice(8)) }));
      clock.set(at(realToday()));
      // Stopped (SIGTERM) after its first batch of 5.
      let checks = 0;
      expect(await issueDueBills({ ...first.billing, batchSize: 5 }, () => checks++ >= 1)).toBe(5);
      await first.close();

      const second = await startTestApp(kind, { database, env: providerEnv, clock });
      try {
        expect((await second.scheduler.runOnce()).bills).toBe(7);
        expect((await second.scheduler.runOnce()).bills).toBe(0);
        await drain(second.outbox);
        expect(countNotices(tenants.map((t) => t.phone))).toEqual(tenants.map(() => 1));
      } finally {
        await second.close();
      }
    } finally {
      await database.close();
    }
  });

  it('bills each tenancy once and reminds each tenant once when two processes run at the same moment', async () => {
    const database = await createTestDatabase(kind);
    const other = await secondProcessDatabase(database);
    const clock = testClock();
    const a = await startTestApp(kind, { database, env: providerEnv, clock });
    const b = await startTestApp(kind, { database: other, env: providerEnv, clock });
    try {
      const landlord = await landlordWithPaybill(a);
      const due = addDays(realToday(), 4);
      const tenants = [];
      for (let i = 1; i <= 15; i++) tenants.push(await sittingTenant(a, landlord.id, { unit: `C${i}`, dueDay: Number(due.slice(8)) }));
      const both = async (day: string) => {
        clock.set(at(day));
        const runs = await Promise.all([a, b].map((app) => createBillingScheduler({ ...app.billing, batchSize: 4 }).runOnce()));
        await Promise.all([drain(a.outbox), drain(b.outbox)]);
        return runs;
      };
      const [ra, rb] = await both(realToday());
      expect(ra!.bills + rb!.bills).toBe(15);
      const reminders = await both(addDays(due, -3));
      expect(reminders[0]!.reminders + reminders[1]!.reminders).toBe(15);
      expect(countNotices(tenants.map((t) => t.phone))).toEqual(tenants.map(() => 1));
      for (const t of tenants) expect(smsTo(mocks, t.phone).filter((m) => m.startsWith('Reminder'))).toHaveLength(1);
      const list = (await a.api().get(`/api/landlords/${landlord.id}/bills`).expect(200)).body;
      expect(list.bills).toHaveLength(15);
    } finally {
      await b.close();
      await a.close();
      await other.close();
      await database.close();
    }
  });

  describe('one landlord over several months', () => {
    const clock = testClock();
    let app: Awaited<ReturnType<typeof startTestApp>>;
    beforeAll(async () => {
      app = await startTestApp(kind, { env: providerEnv, clock });
    });
    afterAll(() => app.close());

    it('catches up the months it missed, bills recurring charges with the rent, and stops for a tenancy that ended or is paused', async () => {
      const landlord = await landlordWithPaybill(app, '600200');
      const today = realToday();
      const due = addDays(today, 10);
      const dueDay = Number(due.slice(8));
      const [stays, leaves, pauses] = [
        await sittingTenant(app, landlord.id, { unit: 'D1', dueDay, rent: 20_000 }),
        await sittingTenant(app, landlord.id, { unit: 'D2', dueDay, rent: 18_000 }),
        await sittingTenant(app, landlord.id, { unit: 'D3', dueDay, rent: 16_000 }),
      ];
      await app.api().post(`/api/tenants/${stays.id}/charges`, { kind: 'service', amount: 500 }).expect(201);
      await app.api().post(`/api/tenants/${stays.id}/charges`, { kind: 'other', label: 'Garbage', amount: 200 }).expect(201);
      // The first month is billed; then nothing runs for three months.
      await runDay(app, clock, addDays(due, -5));
      const months = [0, 1, 2, 3].map((m) => addMonthsTo(due, m));
      await app.api().patch(`/api/tenants/${leaves.id}`).send({ endsOn: `${months[1]!.slice(0, 7)}-20` }).expect(200);
      await app.api().patch(`/api/tenants/${pauses.id}`).send({ paused: true }).expect(200);
      const run = await runDay(app, clock, addDays(months[3]!, -2));
      // stays: three months more, each rent + service + garbage; leaves: the month it ends in; pauses: none.
      expect(run.bills).toBe(3 * 3 + 1);
      const bills = async (id: string) => (await app.api().get(`/api/tenants/${id}/bills`).expect(200)).body.bills as { kind: string; label: string | null; period: string; amount: number; dueDate: string }[];
      const staysBills = await bills(stays.id);
      expect(staysBills.map((b) => `${b.period} ${b.kind} ${b.amount}`)).toEqual(
        months.flatMap((m) => [`${m.slice(0, 7)} rent 20000`, `${m.slice(0, 7)} service 500`, `${m.slice(0, 7)} other 200`]),
      );
      expect(staysBills.at(-1)).toMatchObject({ label: 'Garbage', dueDate: months[3] });
      expect((await bills(leaves.id)).map((b) => b.period)).toEqual([months[0], months[1]].map((m) => m!.slice(0, 7)));
      expect((await bills(pauses.id)).map((b) => b.period)).toEqual([months[0]!.slice(0, 7)]);

      // Resumed two days before a due date: that month is billed, the months paused are not.
      await app.api().patch(`/api/tenants/${pauses.id}`).send({ paused: false }).expect(200);
      await runDay(app, clock, addDays(months[3]!, -2));
      expect((await bills(pauses.id)).map((b) => b.period)).toEqual([months[0]!.slice(0, 7), months[3]!.slice(0, 7)]);
    });

    it('applies a late fee once, after the landlord’s delay, as its own bill the tenant is told about', async () => {
      const landlord = await landlordWithPaybill(app, '600300');
      await app.api().patch(`/api/landlords/${landlord.id}/billing`).send({ lateFee: { kind: 'percent', value: 10, afterDays: 2 } }).expect(200);
      const due = addDays(realToday(), 6);
      const tenant = await sittingTenant(app, landlord.id, { unit: 'E1', dueDay: Number(due.slice(8)), rent: 12_345 });
      for (let day = addDays(due, -1); day <= addDays(due, 5); day = addDays(day, 1)) {
        const run = await runDay(app, clock, day);
        expect(run.lateFees).toBe(day === addDays(due, 3) ? 1 : 0);
      }
      const { bills, due: owed } = (await app.api().get(`/api/tenants/${tenant.id}/bills`).expect(200)).body;
      expect(bills.map((b: { kind: string; amount: number }) => [b.kind, b.amount])).toEqual([['rent', 12_345], ['penalty', 1_235]]);
      expect(owed).toBe(13_580);
      const feeNotice = smsTo(mocks, tenant.phone).find((m) => m.startsWith('A late fee'));
      expect(feeNotice).toContain('A late fee of KES 1,235 was added because the rent for');
      // Paying everything: one payment covers rent and fee, oldest due first; the fee is never charged again.
      const pay = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, amount: owed }).expect(202);
      expect((await settledStatus(app, pay.body.paymentId, 10_000)).status).toBe('success');
      expect((await runDay(app, clock, addDays(due, 9))).lateFees).toBe(0);
      expect((await app.api().get(`/api/tenants/${tenant.id}/bills`).expect(200)).body.due).toBe(0);
    });

    it('pays a new bill from credit at once', async () => {
      const landlord = await landlordWithPaybill(app, '600400');
      const due = addDays(realToday(), 6);
      const tenant = await sittingTenant(app, landlord.id, { unit: 'F1', dueDay: Number(due.slice(8)), rent: 9_000 });
      // Paid ahead: no bill yet, so all of it is credit.
      clock.set(at(realToday()));
      const pay = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, amount: 10_000 }).expect(202);
      expect((await settledStatus(app, pay.body.paymentId, 10_000)).status).toBe('success');
      await runDay(app, clock, addDays(due, -5));
      const balance = (await app.api().get(`/api/tenants/${tenant.id}/bills`).expect(200)).body;
      expect(balance).toMatchObject({ due: 0, credit: 1_000, bills: [{ kind: 'rent', amount: 9_000, paid: 9_000, status: 'paid' }] });
      // A paid bill is not reminded.
      await runDay(app, clock, addDays(due, -3));
      expect(smsTo(mocks, tenant.phone).filter((m) => m.startsWith('Reminder'))).toEqual([]);
    });

    it('holds notices during quiet hours and sends them at 07:00; works out no reminders at night', async () => {
      const landlord = await landlordWithPaybill(app, '600500');
      const due = addDays(realToday(), 8);
      const tenant = await sittingTenant(app, landlord.id, { unit: 'G1', dueDay: Number(due.slice(8)) });
      const night = await runDay(app, clock, addDays(due, -5), 22);
      expect(night.bills).toBe(1);
      expect(smsTo(mocks, tenant.phone)).toEqual([]);
      clock.set(at(addDays(due, -4), 6, 59));
      await drain(app.outbox);
      expect(smsTo(mocks, tenant.phone)).toEqual([]);
      clock.set(at(addDays(due, -4), 7, 1));
      await drain(app.outbox);
      expect(smsTo(mocks, tenant.phone)).toHaveLength(1);
      // The reminder day (3 before) at 05:00: nothing; at 08:00: the reminder.
      expect((await runDay(app, clock, addDays(due, -3), 5)).reminders).toBe(0);
      expect((await runDay(app, clock, addDays(due, -3), 8)).reminders).toBe(1);
    });
  });
});

/** The same day of the month, `months` later (the due day is under 29 in these tests' months or clamps). */
function addMonthsTo(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.toISOString().slice(0, 8)}${String(Math.min(d, last)).padStart(2, '0')}`;
}
