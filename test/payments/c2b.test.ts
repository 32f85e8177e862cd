// C2B: payments made from the M-Pesa menu with the tenancy's account number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import { callbackLogs } from '../../db/schema.js';
import { databaseKinds } from '../helpers/databases.js';
import { createTenantWithBill, phoneEnding, startTestApp, type TestApp } from '../helpers/app.js';

const maskedFixture = JSON.parse(readFileSync(new URL('../fixtures/daraja/c2b-confirmation-masked.json', import.meta.url), 'utf8'));
let receiptSeq = 0;
const notification = (overrides: Record<string, string>) => ({ ...maskedFixture, TransID: `RKL${String(++receiptSeq).padStart(7, '0')}`, ...overrides });

describe.each(databaseKinds())('C2B on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app.close());
  /** What the callback log kept of these notifications, in order: one row each, raw body and outcome. */
  const logged = async (bodies: object[]) => {
    const rows = await app.db.db.select().from(callbackLogs).orderBy(asc(callbackLogs.id));
    return bodies.map((b) => rows.filter((r) => r.rawBody.toString() === JSON.stringify(b)).map((r) => r.outcome));
  };

  it('validates a known account number on the landlord’s paybill, ignoring case and spaces', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600201' });
    const spaced = `${tenant.accountNumber.slice(0, 3).toLowerCase()} ${tenant.accountNumber.slice(3).toLowerCase()}`;
    const res = await app.post('/api/daraja/c2b/validation', notification({ BusinessShortCode: '600201', BillRefNumber: spaced, TransAmount: '15000' })).expect(200);
    expect(res.body).toEqual({ ResultCode: '0', ResultDesc: 'Accepted' });
  });

  it('rejects an unknown account number with C2B00012, an unknown shortcode with C2B00015, a fractional amount with C2B00013', async () => {
    await createTenantWithBill(app, { paybill: '600202' });
    expect((await app.post('/api/daraja/c2b/validation', notification({ BusinessShortCode: '600202', BillRefNumber: 'NOPE99' })).expect(200)).body).toEqual({ ResultCode: 'C2B00012', ResultDesc: 'Rejected' });
    expect((await app.post('/api/daraja/c2b/validation', notification({ BusinessShortCode: '999001', BillRefNumber: 'X' })).expect(200)).body.ResultCode).toBe('C2B00015');
    expect((await app.post('/api/daraja/c2b/validation', notification({ BusinessShortCode: '600202', TransAmount: '10.50' })).expect(200)).body.ResultCode).toBe('C2B00013');
    const unknownAccount = notification({ BusinessShortCode: '600202', BillRefNumber: 'NOPE98' });
    await app.post('/api/daraja/c2b/validation', unknownAccount).expect(200);
    expect(await logged([unknownAccount])).toEqual([['rejected_account']]);
  });

  it('settles a confirmation to the tenancy, with a masked MSISDN, and records a repeated confirmation once', async () => {
    const { tenant, landlord } = await createTenantWithBill(app, { paybill: '600203' });
    const body = notification({ BusinessShortCode: '600203', BillRefNumber: tenant.accountNumber.toLowerCase(), TransAmount: '10000.00', MSISDN: '2547 ***** 126' });
    for (let i = 0; i < 3; i++) expect((await app.post('/api/daraja/c2b/confirmation', body).expect(200)).body).toEqual({ ResultCode: '0', ResultDesc: 'Accepted' });
    const bills = (await app.api().get(`/api/tenants/${tenant.id}/bills`)).body;
    expect(bills.bills[0]).toMatchObject({ paid: 10_000, balance: 5_000, status: 'partial' });
    const [receipt] = (await app.api().get(`/api/messages?to=${tenant.phone}`)).body;
    expect(receipt.body).toContain(body.TransID);
    expect(receipt.body).toContain('Balance left: KES 5,000');
    expect((await app.api().get(`/api/messages?to=${landlord.phone}`)).body).toHaveLength(1);
    const payments = (await app.api().get(`/api/landlords/${landlord.id}/payments`)).body;
    expect(payments).toEqual([expect.objectContaining({ source: 'c2b', status: 'success', amount: 10_000, mpesaReceiptNumber: body.TransID, phone: '2547 ***** 126' })]);
    expect(await logged([body])).toEqual([['settled', 'duplicate', 'duplicate']]);
    const [settledLog] = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from(JSON.stringify(body)))).orderBy(asc(callbackLogs.id));
    expect(settledLog).toMatchObject({ kind: 'c2b_confirmation', paymentId: payments[0].id });
  });

  it('keeps an unmatched confirmation in suspense, tells the landlord, and lets it be assigned to one of their tenants only', async () => {
    const { tenant, landlord } = await createTenantWithBill(app, { paybill: '600204' });
    const other = await createTenantWithBill(app, { paybill: '600205' });
    const body = notification({ BusinessShortCode: '600204', BillRefNumber: 'house 4', TransAmount: '15000', MSISDN: phoneEnding('33') });
    await app.post('/api/daraja/c2b/confirmation', body).expect(200);
    const suspense = (await app.api().get(`/api/landlords/${landlord.id}/payments?status=suspense`).expect(200)).body;
    expect(suspense).toEqual([expect.objectContaining({ status: 'suspense', amount: 15_000, accountReference: 'house 4', tenantId: null })]);
    const [notice] = (await app.api().get(`/api/messages?to=${landlord.phone}`)).body;
    expect(notice.body).toContain('matches no tenant');
    // Another landlord's tenant cannot receive it.
    await app.api().post(`/api/payments/${suspense[0].id}/assign`, { tenantId: other.tenant.id }).expect(404);
    const assigned = (await app.api().post(`/api/payments/${suspense[0].id}/assign`, { tenantId: tenant.id }).expect(200)).body;
    expect(assigned).toMatchObject({ status: 'success', tenantId: tenant.id });
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status).toBe('paid');
    await app.api().post(`/api/payments/${suspense[0].id}/assign`, { tenantId: tenant.id }).expect(409);
  });

  it('matches a payment without the account number by unit name, then by the paying phone, and says how', async () => {
    const { tenant, landlord } = await createTenantWithBill(app, { paybill: '600206' });
    // "a 1" for unit A1: case and spaces ignored; validation accepts it too.
    const byUnit = notification({ BusinessShortCode: '600206', BillRefNumber: 'a 1', TransAmount: '5000', MSISDN: phoneEnding('41') });
    expect((await app.post('/api/daraja/c2b/validation', byUnit).expect(200)).body.ResultCode).toBe('0');
    await app.post('/api/daraja/c2b/confirmation', byUnit).expect(200);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 5_000 });
    const [unitNotice] = (await app.api().get(`/api/messages?to=${landlord.phone}`)).body;
    expect(unitNotice.body).toContain('Matched by the unit name in the account ("a 1").');
    // A Buy Goods till payment carries no account: the tenant's own phone finds them.
    const till = await createTenantWithBill(app, { paybill: '600207' });
    await app.api().post(`/api/landlords/${till.landlord.id}/daraja/configure`, { businessType: 'till', businessShortCode: '600207', tillNumber: '700207' }).expect(200);
    const byPhone = notification({ BusinessShortCode: '700207', BillRefNumber: '', TransAmount: '15000', MSISDN: till.tenant.phone });
    await app.post('/api/daraja/c2b/confirmation', byPhone).expect(200);
    expect((await app.api().get(`/api/tenants/${till.tenant.id}/bills`)).body.bills[0]).toMatchObject({ status: 'paid' });
    const [phoneNotice] = (await app.api().get(`/api/messages?to=${till.landlord.phone}`)).body;
    expect(phoneNotice.body).toContain("Matched by the paying phone: it is this tenant's only number with you.");
    // A unit two tenants share in name, or a phone that is nobody's, stays in suspense.
    await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: 'Second', phone: phoneEnding('42'), unit: 'A 1', property: 'Other block', monthlyRent: 9_000 }).expect(201);
    const ambiguous = notification({ BusinessShortCode: '600206', BillRefNumber: 'A1', TransAmount: '100', MSISDN: phoneEnding('43') });
    await app.post('/api/daraja/c2b/confirmation', ambiguous).expect(200);
    expect((await app.api().get(`/api/landlords/${landlord.id}/payments?status=suspense`)).body).toEqual([expect.objectContaining({ amount: 100, accountReference: 'A1' })]);
  });

  it("registers a landlord's C2B URLs with Daraja once, as production allows", async () => {
    const { landlord } = await createTenantWithBill(app, { paybill: '600221' });
    const registered = await app.api().post(`/api/landlords/${landlord.id}/daraja/register-c2b`, {}).expect(200);
    expect(registered.body).toEqual({
      shortCode: '600221',
      responseType: 'Completed',
      confirmationUrl: `${app.config.publicBaseUrl}/api/daraja/c2b/confirmation`,
      validationUrl: `${app.config.publicBaseUrl}/api/daraja/c2b/validation`,
      description: 'Success',
    });
    expect(app.simulator!.c2b.get('600221')).toMatchObject({ responseType: 'Completed', confirmationUrl: registered.body.confirmationUrl });
    expect((await app.api().post(`/api/landlords/${landlord.id}/daraja/register-c2b`, {}).expect(409)).body.error.code).toBe('already_registered');
    expect((await app.api().post(`/api/landlords/${landlord.id}/daraja/register-c2b`, { responseType: 'completed' }).expect(400)).body.error.message).toContain('Completed');
    const bare = (await app.api().post('/api/landlords', { name: 'No Payout', phone: phoneEnding('22') }).expect(201)).body;
    await app.api().post(`/api/landlords/${bare.id}/daraja/register-c2b`, {}).expect(422);
  });

  it('answers a malformed notification with 400', async () => {
    await app.post('/api/daraja/c2b/confirmation', '{"TransID":').expect(400);
    await app.post('/api/daraja/c2b/validation', { nothing: true }).expect(400);
  });
});

describe.each(databaseKinds())('C2B amounts on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app.close());

  it.each(['1e9', '1e10', '99999999999', 'Infinity', '-1', 'NaN', '0', '', 'abc', '100,000', '100.50', '0x10', '1e2'].map((amount, i) => [amount, String(601_300 + i)]))(
    'credits nothing for TransAmount %j: validation refuses it with C2B00013, confirmation sets it aside and tells the landlord',
    async (amount, paybill) => {
      const { tenant, landlord } = await createTenantWithBill(app, { paybill });
      const body = notification({ BusinessShortCode: paybill, BillRefNumber: tenant.accountNumber, TransAmount: amount });
      expect((await app.post('/api/daraja/c2b/validation', body).expect(200)).body).toEqual({ ResultCode: 'C2B00013', ResultDesc: 'Rejected' });
      expect((await app.post('/api/daraja/c2b/confirmation', body).expect(200)).body.ResultCode).toBe('0');
      expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body).toMatchObject({ credit: 0, bills: [{ paid: 0 }] });
      expect((await app.api().get(`/api/landlords/${landlord.id}/payments`)).body).toEqual([]);
      const [notice] = (await app.api().get(`/api/messages?to=${landlord.phone}`)).body;
      expect(notice.body).toContain(`receipt ${body.TransID}`);
      const logs = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from(JSON.stringify(body)))).orderBy(asc(callbackLogs.id));
      expect(logs.map((l) => [l.kind, l.outcome])).toEqual([
        ['c2b_validation', 'rejected_amount'],
        ['c2b_confirmation', 'set_aside'],
      ]);
      expect(logs[1]!.error).toContain('TransAmount');
    },
  );

  it('accepts whole shillings written as Daraja writes them: "5.00", "10"', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600291', rent: 15 });
    await app.post('/api/daraja/c2b/confirmation', notification({ BusinessShortCode: '600291', BillRefNumber: tenant.accountNumber, TransAmount: '5.00' })).expect(200);
    await app.post('/api/daraja/c2b/confirmation', notification({ BusinessShortCode: '600291', BillRefNumber: tenant.accountNumber, TransAmount: '10' })).expect(200);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0]).toMatchObject({ paid: 15, status: 'paid' });
  });

  it('sets aside a time that is no time ("99999999999999") and keeps a body with a zero byte, answering 400', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600292' });
    const late = notification({ BusinessShortCode: '600292', BillRefNumber: tenant.accountNumber, TransAmount: '100', TransTime: '99999999999999' });
    await app.post('/api/daraja/c2b/confirmation', late).expect(200);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].paid).toBe(0);
    const zero = JSON.stringify(notification({ BusinessShortCode: '600292', BillRefNumber: 'A\u0000B', TransAmount: '100' }));
    await app.post('/api/daraja/c2b/confirmation', zero).expect(400);
    const [kept] = await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.rawBody, Buffer.from(zero)));
    expect(kept).toMatchObject({ outcome: 'malformed' });
  });
});
