// STK callbacks under stress: concurrent copies, early arrival, forged tokens, mismatches, bad bodies.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackLogs, outbox, payments } from '../../db/schema.js';
import { callbackToken } from '../../src/crypto/tokens.js';
import { databaseKinds } from '../helpers/databases.js';
import { successCallback } from '../helpers/daraja.js';
import { createTenantWithBill, readMetrics, settledStatus, startTestApp, waitFor, type TestApp } from '../helpers/app.js';


describe.each(databaseKinds())('STK callbacks on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    // The simulated phones never answer here: each test delivers the callbacks itself.
    app = await startTestApp(kind, { simulator: { autoAnswerMs: 600_000 } });
  });
  afterAll(() => app.close());

  async function pendingPayment(rent = 15_000) {
    const { tenant, bill, landlord } = await createTenantWithBill(app, { rent });
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    const [payment] = await app.db.db.select().from(payments).where(eq(payments.id, res.body.paymentId));
    return { tenant, bill, landlord, payment: payment! };
  }
  /** rentease_payments_total{outcome="success"} on /metrics. */
  const settledCount = async () => (await readMetrics(app))('rentease_payments_total{outcome="success"}') ?? 0;
  const outboxTo = (phone: string) => app.db.db.select().from(outbox).where(eq(outbox.recipient, phone));

  it('settles once, with one receipt per party, when 50 copies of a success callback arrive at once', async () => {
    const { tenant, landlord, payment } = await pendingPayment();
    const body = successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SCONC00001');
    const answers = await Promise.all(Array.from({ length: 50 }, () => app.post(`/api/daraja/callback/${payment.callbackToken}`, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.every((a) => a.body.ResultCode === 0)).toBe(true);
    const status = (await app.api().get(`/api/payments/${payment.id}/status`)).body;
    expect(status).toMatchObject({ status: 'success', mpesaReceiptNumber: 'SCONC00001' });
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body).toMatchObject({ credit: 0, bills: [{ paid: 15_000, status: 'paid' }] });
    expect(await outboxTo(tenant.phone)).toHaveLength(1);
    expect(await outboxTo(landlord.phone)).toHaveLength(1);
    const logs = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.paymentId, payment.id));
    expect(logs).toHaveLength(50);
    expect(logs.filter((l) => l.outcome === 'settled')).toHaveLength(1);
    expect(logs.filter((l) => l.outcome === 'duplicate')).toHaveLength(49);
  });

  it('keeps the raw body and records the money once when a receipt turns up on a second intent', async () => {
    const first = await pendingPayment();
    const second = await pendingPayment();
    await app.post(`/api/daraja/callback/${first.payment.callbackToken}`, successCallback(first.payment.checkoutRequestId!, first.payment.amount, first.payment.phone, 'SSAME00001')).expect(200);
    const copy = successCallback(second.payment.checkoutRequestId!, second.payment.amount, second.payment.phone, 'SSAME00001');
    const paidBefore = await settledCount();
    await app.post(`/api/daraja/callback/${second.payment.callbackToken}`, copy).expect(200);
    expect((await app.api().get(`/api/payments/${second.payment.id}/status`)).body.status).toBe('pending');
    // The settlement was rolled back, so /metrics does not count it as a payment made.
    expect(await settledCount()).toBe(paidBefore);
    const [log] = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from(JSON.stringify(copy))));
    expect(log).toMatchObject({ outcome: 'duplicate', error: 'receipt recorded on another payment' });
    expect(await outboxTo(second.tenant.phone)).toHaveLength(0);
  });

  it('keeps the raw body when settling fails, and leaves the intent for the reconciler', async () => {
    const { payment, tenant } = await pendingPayment();
    // The database refuses the allocation, as a real fault would.
    await app.db.db.execute(sql`create function refuse_allocation() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`);
    await app.db.db.execute(sql`create trigger refuse_allocation before insert on allocations for each row execute function refuse_allocation()`);
    try {
      const body = successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SFAULT0001');
      const answer = await app.post(`/api/daraja/callback/${payment.callbackToken}`, body).expect(200);
      expect(answer.body).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
      const [log] = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from(JSON.stringify(body))));
      expect(log).toMatchObject({ outcome: 'failed', error: expect.stringContaining('disk full') });
      expect((await app.api().get(`/api/payments/${payment.id}/status`)).body).toMatchObject({ status: 'pending', mpesaReceiptNumber: null });
      expect(await outboxTo(tenant.phone)).toHaveLength(0);
    } finally {
      await app.db.db.execute(sql`drop trigger refuse_allocation on allocations`);
      await app.db.db.execute(sql`drop function refuse_allocation`);
    }
  });

  it('settles a callback that arrives before the initiating request stored the CheckoutRequestID', async () => {
    const { payment, tenant } = await pendingPayment();
    // As if Daraja's callback overtook our own bookkeeping: the intent has no id yet.
    await app.db.db.update(payments).set({ checkoutRequestId: null, merchantRequestId: null, status: 'initiating' }).where(eq(payments.id, payment.id));
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SEARLY0001')).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body).toMatchObject({ status: 'success', checkoutRequestId: payment.checkoutRequestId });
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status).toBe('paid');
  });

  it('changes nothing for a forged token, and answers 200 as Daraja expects', async () => {
    const { payment } = await pendingPayment();
    const forged = callbackToken('another-secret-0123456789abcdef0123456789', payment.id);
    await app.post(`/api/daraja/callback/${forged}`, successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SFORGE0001')).expect(200);
    await app.post(`/api/daraja/callback/not-hex`, successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SFORGE0002')).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
    const logs = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.checkoutRequestId, payment.checkoutRequestId!));
    expect(logs.map((l) => l.outcome).sort()).toEqual(['bad_token', 'bad_token']);
  });

  it('treats a mismatched amount as a hint: nothing settles, and STK Push Query decides', async () => {
    const { payment, tenant } = await pendingPayment();
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, successCallback(payment.checkoutRequestId!, 1, payment.phone, 'SCHEAP0001')).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].paid).toBe(0);
    // The query was brought forward; the phone has not answered, so the reconciler leaves it pending.
    const [row] = await app.db.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.nextQueryAt!.getTime()).toBeLessThanOrEqual(Date.now());
    await app.reconciler.runOnce();
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
    // Once the phone pays (and no callback comes to race the query), the query says so and the intent
    // settles for its own amount.
    app.simulator!.answerPrompt(payment.checkoutRequestId!, 'no_callback');
    await app.db.db.update(payments).set({ nextQueryAt: new Date() }).where(eq(payments.id, payment.id));
    await app.reconciler.runOnce();
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body).toMatchObject({ status: 'success', amount: 15_000 });
  });

  it('treats a mismatched phone as a hint too', async () => {
    const { payment } = await pendingPayment();
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, successCallback(payment.checkoutRequestId!, payment.amount, '254799999999', 'SPHONE0001')).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
  });

  it('answers malformed JSON with 400 and a body without stkCallback with 400, storing both raw', async () => {
    const { payment } = await pendingPayment();
    const bad = await app.post(`/api/daraja/callback/${payment.callbackToken}`, '{"Body": {"stkCallback": ').expect(400);
    expect(bad.body).toEqual({ ResultCode: 1, ResultDesc: 'Malformed JSON' });
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, { hello: 'world' }).expect(400);
    const logs = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from('{"Body": {"stkCallback": ')));
    expect(logs).toHaveLength(1);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
  });

  it('ends a payment on a failure callback once, and a late success after it still settles once', async () => {
    const { payment, tenant } = await pendingPayment();
    const cancel = { Body: { stkCallback: { MerchantRequestID: 'm', CheckoutRequestID: payment.checkoutRequestId, ResultCode: 1032, ResultDesc: 'Request cancelled by user' } } };
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, cancel).expect(200);
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, cancel).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('cancelled');
    expect(await outboxTo(tenant.phone)).toHaveLength(1);
    // Contradicting evidence of payment: the money moved, so it is recorded (once).
    const success = successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SLATE00001');
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, success).expect(200);
    await app.post(`/api/daraja/callback/${payment.callbackToken}`, success).expect(200);
    expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('success');
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 15_000 });
  });

  it('drops callbacks from addresses outside DARAJA_ALLOWED_IPS', async () => {
    const strict = await startTestApp(kind, { env: { DARAJA_ALLOWED_IPS: '196.201.214.200' }, database: app.db, simulator: { autoAnswerMs: 600_000 } });
    try {
      const { payment } = await pendingPayment();
      await strict.post(`/api/daraja/callback/${payment.callbackToken}`, successCallback(payment.checkoutRequestId!, payment.amount, payment.phone, 'SIPBLK0001')).expect(403);
      expect((await app.api().get(`/api/payments/${payment.id}/status`)).body.status).toBe('pending');
      await strict.post('/api/daraja/c2b/confirmation', { TransID: 'X' }).expect(403);
    } finally {
      await strict.close();
    }
  });

  it('answers the timeout URL 200 and treats it as a hint', async () => {
    const { payment } = await pendingPayment();
    await app.post(`/api/daraja/timeout/${payment.callbackToken}`, { Result: { ResultCode: 1, ResultDesc: 'timeout' } }).expect(200);
    const [row] = await app.db.db.select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.status).toBe('pending');
    expect(row!.nextQueryAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('lets the simulator deliver a real callback end to end', async () => {
    const { payment } = await pendingPayment();
    app.simulator!.enterPin(payment.checkoutRequestId!, app.simulator!.pin);
    await waitFor(() => app.simulator!.transaction(payment.checkoutRequestId!)?.callbacks[0]);
    expect((await settledStatus(app, payment.id)).status).toBe('success');
  });
});
