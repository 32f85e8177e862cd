// The seed guide's testing strategy, all eight scenarios, over the real HTTP routes and database,
// against the Daraja simulator. The simulated phone answers by the last two digits of its number.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackLogs, payments } from '../../db/schema.js';
import { databaseKinds } from '../helpers/databases.js';
import { createTenantWithBill, phoneEnding, settledStatus, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

describe.each(databaseKinds())('seed scenarios on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app.close());

  const messagesTo = async (phone: string) => (await app.api().get(`/api/messages?to=${phone}`).expect(200)).body as { body: string }[];

  it('1. success: the bill is paid, and tenant and landlord each get one receipt', async () => {
    const { tenant, bill, landlord } = await createTenantWithBill(app);
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    expect(started.body).toMatchObject({ paymentId: expect.any(String), checkoutRequestId: expect.stringMatching(/^ws_CO_/), status: 'pending' });
    const status = await settledStatus(app, started.body.paymentId);
    expect(status).toMatchObject({ status: 'success', amount: 15_000, resultCode: '0', mpesaReceiptNumber: expect.stringMatching(/^[A-Z0-9]{10}$/), tenantId: tenant.id, landlordId: landlord.id });
    const bills = (await app.api().get(`/api/tenants/${tenant.id}/bills`).expect(200)).body;
    expect(bills).toMatchObject({ credit: 0, bills: [{ id: bill.id, amount: 15_000, paid: 15_000, balance: 0, status: 'paid' }] });
    const tenantMessages = await messagesTo(tenant.phone);
    expect(tenantMessages).toHaveLength(1);
    expect(tenantMessages[0]!.body).toContain(status.mpesaReceiptNumber);
    expect(tenantMessages[0]!.body).toContain('KES 15,000');
    const landlordMessages = await messagesTo(landlord.phone);
    expect(landlordMessages).toHaveLength(1);
    expect(landlordMessages[0]!.body).toContain('Otieno');
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/rentease_payments_total\{outcome="success"\} [1-9]/);
    expect(metrics).toMatch(/rentease_outbox_backlog [1-9]/); // the receipts wait: workers are off in tests
    expect(metrics).toMatch(/rentease_daraja_callback_seconds_count\{kind="stk_callback"\} [1-9]/);
  });

  it('2. cancelled: the payment ends cancelled, the bill stays unpaid, the tenant is told how else to pay', async () => {
    const { tenant, bill } = await createTenantWithBill(app, { tenantPhone: phoneEnding('01') });
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    expect(await settledStatus(app, started.body.paymentId)).toMatchObject({ status: 'cancelled', resultCode: '1032', outcome: 'cancelled_by_user', mpesaReceiptNumber: null });
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 0, status: 'unpaid' });
    const [message] = await messagesTo(tenant.phone);
    expect(message!.body).toContain('You cancelled the M-Pesa prompt.');
    expect(message!.body).toContain(`Paybill 600100, account ${tenant.accountNumber}`);
  });

  it('3. insufficient balance: the payment fails with insufficient_funds', async () => {
    const { tenant, bill } = await createTenantWithBill(app, { tenantPhone: phoneEnding('02') });
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    expect(await settledStatus(app, started.body.paymentId)).toMatchObject({ status: 'failed', resultCode: '1', outcome: 'insufficient_funds' });
    expect((await messagesTo(tenant.phone))[0]!.body).toContain('Your M-Pesa balance was not enough.');
    expect((await messagesTo(tenant.phone))[0]!.body).toMatch(/Reply 1 to try again\.$/);
  });

  it('4. invalid phone number: refused with a reason before Daraja is asked', async () => {
    const { tenant, bill } = await createTenantWithBill(app);
    const pushes = app.simulator!.stats.stkPushes;
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id, phone: '0202345678' }).expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_request', message: 'phone: a Kenyan mobile number starts with 07 or 01' });
    await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id, phone: '07123' }).expect(400);
    expect(app.simulator!.stats.stkPushes).toBe(pushes);
  });

  it('5. timeout: no answer from the phone (1037) ends the payment as timeout', async () => {
    const { tenant, bill } = await createTenantWithBill(app, { tenantPhone: phoneEnding('04') });
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    expect(await settledStatus(app, started.body.paymentId)).toMatchObject({ status: 'timeout', resultCode: '1037', outcome: 'unreachable' });
    expect((await messagesTo(tenant.phone))[0]!.body).toContain('M-Pesa could not reach your phone');
  });

  it('6. network failure: Daraja down or silent gives a clear error, the intent ends failed, and nothing is pushed twice', async () => {
    const { tenant, bill } = await createTenantWithBill(app);
    app.simulator!.outage = 'error500';
    try {
      const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(502);
      expect(res.body.error).toMatchObject({ code: 'daraja_unavailable', message: expect.stringContaining('M-Pesa could not be reached'), paymentId: expect.any(String) });
      const status = (await app.api().get(`/api/payments/${res.body.error.paymentId}/status`).expect(200)).body;
      expect(status).toMatchObject({ status: 'failed', outcome: 'daraja_unavailable', resultCode: '500.003.1001' });
    } finally {
      app.simulator!.outage = 'none';
    }
    // The failed intent does not block a new attempt, and exactly one push reaches the phone.
    const pushes = app.simulator!.stats.stkPushes;
    const retry = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    expect(app.simulator!.stats.stkPushes).toBe(pushes + 1);
    expect((await settledStatus(app, retry.body.paymentId)).status).toBe('success');
  });

  it('7. duplicate payment attempt: a second push for the same bill or phone while one is pending is 409', async () => {
    const { tenant, bill } = await createTenantWithBill(app);
    app.simulator!.presetOutcome(tenant.phone, 'success', 1500); // the phone takes its time over the PIN
    const [first, second] = await Promise.all([
      app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }),
      app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }),
    ]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const accepted = first.status === 202 ? first : second;
    expect((first.status === 409 ? first : second).body.error).toMatchObject({ code: 'payment_pending' });
    // Another bill-less attempt from the same phone while the prompt is open: refused too.
    const samePhone = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, amount: 100 }).expect(409);
    expect(samePhone.body.error.code).toBe('payment_pending');
    expect((await settledStatus(app, accepted.body.paymentId)).status).toBe('success');
    // Paid: a further attempt without an amount has nothing to collect.
    const third = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(409);
    expect(third.body.error.code).toBe('nothing_due');
  });

  it('8. callback retry: the same callback delivered again changes nothing and sends no second receipt', async () => {
    const { tenant, bill, landlord } = await createTenantWithBill(app);
    const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    await settledStatus(app, started.body.paymentId);
    await waitFor(() => app.simulator!.transaction(started.body.checkoutRequestId)?.callbacks.length);
    const [payment] = await app.db.db.select().from(payments).where(eq(payments.id, started.body.paymentId));
    const [row] = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.checkoutRequestId, started.body.checkoutRequestId));
    for (let i = 0; i < 3; i++) {
      const res = await app.post(`/api/daraja/callback/${payment!.callbackToken}`, row!.rawBody.toString()).expect(200);
      expect(res.body).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    }
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 15_000, status: 'paid' });
    expect(await messagesTo(tenant.phone)).toHaveLength(1);
    expect(await messagesTo(landlord.phone)).toHaveLength(1);
  });
});
