// Allocation: oldest open bill first; partial payments leave a balance; overpayment is credit that
// pays the next bill as soon as it exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { createTenantWithBill, settledStatus, startTestApp, type TestApp } from '../helpers/app.js';

describe.each(databaseKinds())('ledger on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app.close());

  const pay = async (tenantId: string, amount: number, billId?: string) => {
    const res = await app.api().post('/api/payments/initiate', { tenantId, amount, ...(billId ? { billId } : {}) }).expect(202);
    expect((await settledStatus(app, res.body.paymentId)).status).toBe('success');
  };
  const bills = async (tenantId: string) => (await app.api().get(`/api/tenants/${tenantId}/bills`).expect(200)).body;

  it('pays the oldest bill first, whichever bill the payment named, and carries the rest as credit', async () => {
    const { tenant, bill: october } = await createTenantWithBill(app, { rent: 10_000, period: '2026-10' });
    const november = (await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 10_000, period: '2026-11' }).expect(201)).body;
    await pay(tenant.id, 6_000, november.id);
    expect(await bills(tenant.id)).toMatchObject({
      credit: 0,
      due: 14_000,
      bills: [
        { id: october.id, paid: 6_000, balance: 4_000, status: 'partial' },
        { id: november.id, paid: 0, balance: 10_000, status: 'unpaid' },
      ],
    });
    await pay(tenant.id, 20_000);
    expect(await bills(tenant.id)).toMatchObject({ credit: 6_000, due: 0, bills: [{ status: 'paid' }, { status: 'paid' }] });
    const december = (await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 10_000, period: '2026-12' }).expect(201)).body;
    expect(december).toMatchObject({ paid: 6_000, balance: 4_000, status: 'partial' });
    expect((await bills(tenant.id)).credit).toBe(0);
  });

  it('refuses an amount above MPESA_MAX_AMOUNT with the reason', async () => {
    const { tenant } = await createTenantWithBill(app, { rent: 300_000 });
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id }).expect(422);
    expect(res.body.error).toEqual({ code: 'amount_above_limit', message: 'one M-Pesa prompt can ask for at most KES 250000; pay KES 300000 in several payments' });
  });
});
