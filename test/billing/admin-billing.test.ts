// The billing admin API (README "Admin API"): settings, recurring charges, a period's run (idempotent),
// bills of several kinds, the landlord's bills with totals, corrections and voids that never lose money.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledStatus, startTestApp, type TestApp } from '../helpers/app.js';
import { landlordWithPaybill, realToday, sittingTenant } from '../helpers/billing.js';
import { testClock } from '../helpers/clock.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('billing admin API on %s', (kind) => {
  const clock = testClock();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { clock });
  });
  afterAll(() => app.close());

  it('keeps billing settings, with defaults, and refuses bad ones with a clear 400', async () => {
    const landlord = await landlordWithPaybill(app);
    const api = app.api();
    expect((await api.get(`/api/landlords/${landlord.id}/billing`).expect(200)).body).toEqual({ issueDaysBefore: 5, reminderDays: [-3, 0, 3, 10], lateFee: null, prorate: false });
    const patched = await api.patch(`/api/landlords/${landlord.id}/billing`).send({ issueDaysBefore: 7, reminderDays: [5, -1, 0], lateFee: { kind: 'fixed', value: 500, afterDays: 5 } }).expect(200);
    expect(patched.body).toEqual({ issueDaysBefore: 7, reminderDays: [-1, 0, 5], lateFee: { kind: 'fixed', value: 500, afterDays: 5 }, prorate: false });
    expect((await api.patch(`/api/landlords/${landlord.id}/billing`).send({ prorate: true, lateFee: null }).expect(200)).body).toMatchObject({ issueDaysBefore: 7, lateFee: null, prorate: true });
    const bad = await api.patch(`/api/landlords/${landlord.id}/billing`).send({ lateFee: { kind: 'percent', value: 150, afterDays: 1 } }).expect(400);
    expect(bad.body.error).toEqual({ code: 'invalid_request', message: 'lateFee.value: a percentage is at most 100' });
    await api.patch(`/api/landlords/${landlord.id}/billing`).send({ issueDaysBefore: 40 }).expect(400);
    await api.patch(`/api/landlords/${landlord.id}/billing`).send({ reminderDays: [1, 1] }).expect(400);
    await api.patch(`/api/landlords/${landlord.id}/billing`).send({ surprise: 1 }).expect(400);
    await api.patch('/api/landlords/00000000-0000-4000-8000-000000000000/billing').send({}).expect(404);
  });

  it('issues a period at once, idempotently, with recurring charges; lists the bills with totals', async () => {
    const landlord = await landlordWithPaybill(app, '600710');
    const api = app.api();
    const a = await sittingTenant(app, landlord.id, { unit: 'L1', dueDay: 31, rent: 20_000, name: 'Akinyi' });
    const b = await sittingTenant(app, landlord.id, { unit: 'L2', dueDay: 5, rent: 15_000, name: 'Baraka' });
    const charge = (await api.post(`/api/tenants/${a.id}/charges`).send({ kind: 'service', amount: 500 }).expect(201)).body;
    expect(charge).toMatchObject({ tenancyId: a.id, kind: 'service', label: null, amount: 500, active: true });
    await api.post(`/api/tenants/${a.id}/charges`).send({ kind: 'other', amount: 100 }).expect(400);
    await api.post(`/api/tenants/${a.id}/charges`).send({ kind: 'rent', amount: 100 }).expect(400);

    const run = (await api.post(`/api/landlords/${landlord.id}/bills/run`).send({ period: '2027-02' }).expect(200)).body;
    expect(run.period).toBe('2027-02');
    expect(run.existing).toBe(0);
    expect(run.created.map((c: { tenantId: string; kind: string; amount: number; dueDate: string }) => [c.tenantId, c.kind, c.amount, c.dueDate]).sort()).toEqual(
      [
        [a.id, 'rent', 20_000, '2027-02-28'], // due day 31 in February: its last day
        [a.id, 'service', 500, '2027-02-28'],
        [b.id, 'rent', 15_000, '2027-02-05'],
      ].sort(),
    );
    const again = (await api.post(`/api/landlords/${landlord.id}/bills/run`).send({ period: '2027-02' }).expect(200)).body;
    expect(again).toEqual({ period: '2027-02', created: [], existing: 3 });
    await api.post(`/api/landlords/${landlord.id}/bills/run`).send({ period: 'Feb' }).expect(400);

    // Water for one tenant, twice in the month (two readings): other kinds may repeat; rent may not.
    await api.post(`/api/tenants/${b.id}/bills`).send({ amount: 640, period: '2027-02', kind: 'water', label: '16 units' }).expect(201);
    await api.post(`/api/tenants/${b.id}/bills`).send({ amount: 120, period: '2027-02', kind: 'water' }).expect(201);
    expect((await api.post(`/api/tenants/${b.id}/bills`).send({ amount: 15_000, period: '2027-02' }).expect(409)).body.error.code).toBe('already_exists');
    await api.post(`/api/tenants/${b.id}/bills`).send({ amount: 100, period: '2027-02', kind: 'gas' }).expect(400);

    const list = (await api.get(`/api/landlords/${landlord.id}/bills?period=2027-02`).expect(200)).body;
    expect(list.totals).toEqual({ billed: 36_260, paid: 0, outstanding: 36_260 });
    expect(list.bills.find((x: { kind: string; label: string | null }) => x.kind === 'water' && x.label === '16 units')).toEqual({
      id: expect.any(String), tenantId: b.id, tenantName: 'Baraka', unit: 'L2', kind: 'water', label: '16 units', period: '2027-02',
      amount: 640, paid: 0, balance: 640, status: 'unpaid', dueDate: '2027-02-05',
    });
    await api.get(`/api/landlords/${landlord.id}/bills?status=late`).expect(400);
    const tenantBills = (await api.get(`/api/tenants/${b.id}/bills`).expect(200)).body.bills;
    // Same due date: rent first, then water in the order they were made.
    expect(tenantBills.map((x: { kind: string; amount: number }) => `${x.kind} ${x.amount}`)).toEqual(['rent 15000', 'water 640', 'water 120']);
  });

  it('edits a bill while nothing is paid on it, refuses once paid, and voids it with the paid money as credit', async () => {
    const landlord = await landlordWithPaybill(app, '600720');
    const api = app.api();
    const t = await sittingTenant(app, landlord.id, { unit: 'M1', dueDay: 10, rent: 10_000 });
    clock.set(`${realToday()}T12:00:00+03:00`);
    const water = (await api.post(`/api/tenants/${t.id}/bills`).send({ amount: 800, period: '2027-03', kind: 'water', dueDate: '2027-03-01' }).expect(201)).body;
    const rent = (await api.post(`/api/tenants/${t.id}/bills`).send({ amount: 10_000, period: '2027-03' }).expect(201)).body;
    expect(rent).toMatchObject({ kind: 'rent', label: null, dueDate: '2027-03-10', status: 'unpaid' });

    const edited = (await api.patch(`/api/bills/${water.id}`).send({ amount: 900 }).expect(200)).body;
    expect(edited).toMatchObject({ id: water.id, amount: 900, paid: 0, status: 'unpaid', dueDate: '2027-03-01' });
    await api.patch(`/api/bills/${water.id}`).send({}).expect(400);
    await api.patch('/api/bills/00000000-0000-4000-8000-000000000000').send({ amount: 5 }).expect(404);

    // 5,000 paid: water (due first) takes 900, rent 4,100.
    const pay = await api.post('/api/payments/initiate', { tenantId: t.id, amount: 5_000 }).expect(202);
    expect((await settledStatus(app, pay.body.paymentId, 10_000)).status).toBe('success');
    const refused = await api.patch(`/api/bills/${rent.id}`).send({ amount: 9_000 }).expect(409);
    expect(refused.body.error.code).toBe('already_paid');

    // The water bill was wrong: voided, its 900 goes to the rent.
    const voided = (await api.post(`/api/bills/${water.id}/void`).send({ reason: 'meter misread' }).expect(200)).body;
    expect(voided).toMatchObject({ id: water.id, status: 'void', credited: 900, reason: 'meter misread' });
    const after = (await api.get(`/api/tenants/${t.id}/bills`).expect(200)).body;
    expect(after).toMatchObject({ due: 5_000, credit: 0, bills: [{ id: rent.id, paid: 5_000, balance: 5_000, status: 'partial' }] });
    await api.post(`/api/bills/${water.id}/void`).send({ reason: 'again' }).expect(409);
    await api.post(`/api/bills/${rent.id}/void`).send({}).expect(400);
    const voidList = (await api.get(`/api/landlords/${landlord.id}/bills?status=void`).expect(200)).body;
    expect(voidList.bills).toEqual([expect.objectContaining({ id: water.id, status: 'void', balance: 0 })]);

    // Voiding the rent too: all 5,000 becomes credit, and pays the next bill made.
    await api.post(`/api/bills/${rent.id}/void`).send({ reason: 'moved out early' }).expect(200);
    expect((await api.get(`/api/tenants/${t.id}/bills`).expect(200)).body).toMatchObject({ due: 0, credit: 5_000, bills: [] });
    const next = (await api.post(`/api/tenants/${t.id}/bills`).send({ amount: 3_000, period: '2027-03' }).expect(201)).body;
    expect(next).toMatchObject({ amount: 3_000, paid: 3_000, status: 'paid' });
  });

  it('changes a tenancy: rent, due day, phone, pause and move-out', async () => {
    const landlord = await landlordWithPaybill(app, '600730');
    const t = await sittingTenant(app, landlord.id, { unit: 'N1', dueDay: 1 });
    const changed = (await app.api().patch(`/api/tenants/${t.id}`).send({ monthlyRent: 17_500, dueDay: 31, phone: '0712 345 670', endsOn: '2027-06-30' }).expect(200)).body;
    expect(changed).toMatchObject({ monthlyRent: 17_500, dueDay: 31, phone: '254712345670', endsOn: '2027-06-30', paused: false });
    await app.api().patch(`/api/tenants/${t.id}`).send({}).expect(400);
    await app.api().patch(`/api/tenants/${t.id}`).send({ dueDay: 0 }).expect(400);
    await app.api().patch('/api/tenants/00000000-0000-4000-8000-000000000000').send({ paused: true }).expect(404);
  });
});
