// The admin API as CONTRACT.md lists it: bearer token, zod-validated bodies, {"error": {code, message}}
// on every 4xx, and no way to reach one landlord's things through another's ids.
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, payoutConfigs } from '../../db/schema.js';
import { databaseKinds } from '../helpers/databases.js';
import { clearBillNotice, createTenantWithBill, phoneEnding, settledStatus, startTestApp, type TestApp } from '../helpers/app.js';

describe.each(databaseKinds())('admin API on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    app.simulator!.registerShortCode('600777', 'landlord-own-passkey');
    app.simulator!.registerApp('landlord-own-key', 'landlord-own-secret');
  });
  afterAll(() => app.close());

  it('refuses requests without the bearer token with 401', async () => {
    const res = await request(app.url).get('/api/messages?to=0712345678').expect(401);
    expect(res.body.error.code).toBe('unauthorized');
    await request(app.url).post('/api/landlords').set('Authorization', 'Bearer wrong').send({}).expect(401);
  });

  it('creates a landlord, normalizing the phone, and refuses a second with the same phone', async () => {
    const phone = phoneEnding('21');
    const local = `0${phone.slice(3, 6)} ${phone.slice(6)}`;
    const res = await app.api().post('/api/landlords', { name: 'Achieng', phone: local, language: 'sw' }).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: 'Achieng', phone, language: 'sw' });
    const again = await app.api().post('/api/landlords', { name: 'Achieng', phone }).expect(409);
    expect(again.body.error.code).toBe('already_exists');
  });

  it.each<[string, string, object, RegExp]>([
    ['landlord without a name', '/api/landlords', { phone: '0712000001' }, /^name: /],
    ['landlord with a landline', '/api/landlords', { name: 'A', phone: '020 234 5678' }, /phone: a Kenyan mobile number starts with 07 or 01/],
    ['landlord with a bad language', '/api/landlords', { name: 'A', phone: '0712000002', language: 'fr' }, /language: must be "en" or "sw"/],
    ['landlord with a bad email', '/api/landlords', { name: 'A', phone: '0712000003', email: 'nope' }, /^email: /],
    ['payment with a bad tenant id', '/api/payments/initiate', { tenantId: 'x' }, /tenantId: not a valid id/],
    ['payment with a fractional amount', '/api/payments/initiate', { tenantId: '00000000-0000-4000-8000-000000000000', amount: 10.5 }, /amount: must be whole shillings/],
  ])('answers a %s with 400 and a clear message', async (_name, path, body, message) => {
    const res = await app.api().post(path, body).expect(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });

  it('answers malformed JSON with 400 and a too large body with 413', async () => {
    const bad = await request(app.url).post('/api/landlords').set('Authorization', 'Bearer test-admin-token-0123456789').set('Content-Type', 'application/json').send('{"name":').expect(400);
    expect(bad.body.error).toEqual({ code: 'invalid_request', message: 'the body is not valid JSON' });
    await app.api().post('/api/landlords', { name: 'x'.repeat(40_000), phone: '0712000004' }).expect(413);
  });

  it('validates tenants and bills', async () => {
    const { landlord, tenant } = await createTenantWithBill(app);
    const t = await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: 'B', phone: '0712000005', unit: 'B2', monthlyRent: 0 }).expect(400);
    expect(t.body.error.message).toMatch(/monthlyRent: must be at least 1/);
    await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: 'B', phone: '0712000005', unit: 'B2', monthlyRent: 100, dueDay: 32 }).expect(400);
    const b = await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 100, period: '2026-13' }).expect(400);
    expect(b.body.error.message).toBe('period: must be YYYY-MM');
    const dup = await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 100, period: '2026-11' }).expect(409);
    expect(dup.body.error).toEqual({ code: 'already_exists', message: 'there is already a rent bill for 2026-11' });
    await app.api().get('/api/tenants/not-a-uuid/bills').expect(404);
    await app.api().get('/api/tenants/00000000-0000-4000-8000-000000000000/bills').expect(404);
    await app.api().get('/api/messages?to=12').expect(400);
  });

  it('configures a paybill, reports its status without secrets, and proves it with a KES 1 test push', async () => {
    const landlord = (await app.api().post('/api/landlords', { name: 'Kamau', phone: phoneEnding('31') }).expect(201)).body;
    expect((await app.api().get(`/api/landlords/${landlord.id}/daraja/status`).expect(200)).body).toMatchObject({ isConfigured: false, isActive: false });
    const configured = await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, {
      businessType: 'paybill',
      businessShortCode: '600777',
      accountNumber: 'RENT',
      businessName: 'Kamau Estates',
      consumerKey: 'landlord-own-key',
      consumerSecret: 'landlord-own-secret',
      passkey: 'landlord-own-passkey',
    }).expect(200);
    expect(configured.body).toEqual({
      isConfigured: true,
      isActive: true,
      businessType: 'paybill',
      businessShortCode: '600777',
      accountNumber: 'RENT',
      tillNumber: null,
      businessName: 'Kamau Estates',
      hasOwnCredentials: true,
      configuredAt: expect.any(String),
      lastTestedAt: null,
    });
    expect(JSON.stringify(configured.body)).not.toContain('landlord-own');
    const [stored] = await app.db.db.select().from(payoutConfigs).where(eq(payoutConfigs.landlordId, landlord.id));
    expect(stored!.passkeyEnc).not.toContain('landlord-own-passkey');

    const test = await app.api().post(`/api/landlords/${landlord.id}/daraja/test`, {}).expect(202);
    const status = await settledStatus(app, test.body.paymentId);
    expect(status).toMatchObject({ status: 'success', amount: 1, phone: landlord.phone, purpose: 'payout_test', accountReference: 'RENT' });
    expect(app.simulator!.transaction(status.checkoutRequestId)).toMatchObject({ businessShortCode: '600777', partyB: '600777', phone: landlord.phone });
    expect((await app.api().get(`/api/landlords/${landlord.id}/daraja/status`)).body.lastTestedAt).not.toBeNull();
    const [message] = (await app.api().get(`/api/messages?to=${landlord.phone}`)).body;
    expect(message.body).toContain('Test payment of KES 1 to 600777 succeeded');
    const audit = await app.db.db.select().from(auditLog).where(eq(auditLog.entityId, landlord.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['payout.configured', 'payout.test_succeeded']));
  });

  it('configures a till with the store number as BusinessShortCode and the till as PartyB', async () => {
    const landlord = (await app.api().post('/api/landlords', { name: 'Njeri', phone: phoneEnding('41') }).expect(201)).body;
    const missing = await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'till', businessShortCode: '600888' }).expect(400);
    expect(missing.body.error.message).toMatch(/tillNumber: a till needs tillNumber/);
    const partial = await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'paybill', businessShortCode: '600888', passkey: 'only-one' }).expect(400);
    expect(partial.body.error.message).toMatch(/passkey, consumerKey and consumerSecret go together/);
    await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, { businessType: 'till', businessShortCode: '600888', tillNumber: '5123456' }).expect(200);
    const test = await app.api().post(`/api/landlords/${landlord.id}/daraja/test`, {}).expect(202);
    const status = await settledStatus(app, test.body.paymentId);
    expect(app.simulator!.transaction(status.checkoutRequestId)).toMatchObject({ transactionType: 'CustomerBuyGoodsOnline', businessShortCode: '600888', partyB: '5123456' });
  });

  it('answers 422 when the landlord has no payout, and when Daraja refuses the landlord’s passkey', async () => {
    const landlord = (await app.api().post('/api/landlords', { name: 'Otieno', phone: phoneEnding('51') }).expect(201)).body;
    const tenant = (await app.api().post(`/api/landlords/${landlord.id}/tenants`, { name: 'T', phone: phoneEnding('78'), unit: 'C3', monthlyRent: 5000 }).expect(201)).body;
    await app.api().post(`/api/tenants/${tenant.id}/bills`, { amount: 5000, period: '2026-11' }).expect(201);
    await clearBillNotice(app, tenant.phone);
    const none = await app.api().post('/api/payments/initiate', { tenantId: tenant.id }).expect(422);
    expect(none.body.error.code).toBe('payout_not_configured');
    await app.api().post(`/api/landlords/${landlord.id}/daraja/test`, {}).expect(422);
    // Own credentials whose passkey does not belong to the shortcode: Daraja says "Wrong credentials".
    await app.api().post(`/api/landlords/${landlord.id}/daraja/configure`, {
      businessType: 'paybill', businessShortCode: '600777', consumerKey: 'landlord-own-key', consumerSecret: 'landlord-own-secret', passkey: 'not-the-passkey',
    }).expect(200);
    const refused = await app.api().post('/api/payments/initiate', { tenantId: tenant.id }).expect(422);
    expect(refused.body.error).toMatchObject({ code: 'payout_misconfigured', paymentId: expect.any(String) });
    expect((await app.api().get(`/api/payments/${refused.body.error.paymentId}/status`)).body).toMatchObject({ status: 'failed', outcome: 'wrong_credentials' });
    // The landlord hears their details are at fault; the tenant is answered by the API, not messaged.
    const [attention] = (await app.api().get(`/api/messages?to=${landlord.phone}`)).body;
    expect(attention.body).toContain('your payout details look wrong (wrong_credentials)');
    expect((await app.api().get(`/api/messages?to=${tenant.phone}`)).body).toEqual([]);
  });

  it('keeps landlords apart: no bill, tenant or payment of A is reachable through B', async () => {
    const a = await createTenantWithBill(app);
    const b = await createTenantWithBill(app);
    // B's tenant cannot pay A's bill.
    const cross = await app.api().post('/api/payments/initiate', { tenantId: b.tenant.id, billId: a.bill.id }).expect(404);
    expect(cross.body.error).toEqual({ code: 'not_found', message: 'bill not found for this tenant' });
    // Listings under a landlord show only their own.
    const bTenants = (await app.api().get(`/api/landlords/${b.landlord.id}/tenants`).expect(200)).body;
    expect(bTenants.map((t: { id: string }) => t.id)).toEqual([b.tenant.id]);
    const paid = await app.api().post('/api/payments/initiate', { tenantId: a.tenant.id, billId: a.bill.id }).expect(202);
    await settledStatus(app, paid.body.paymentId);
    expect((await app.api().get(`/api/landlords/${b.landlord.id}/payments`).expect(200)).body).toEqual([]);
    expect((await app.api().get(`/api/landlords/${a.landlord.id}/payments`).expect(200)).body).toHaveLength(1);
    // The money went to A's paybill only.
    expect((await app.api().get(`/api/payments/${paid.body.paymentId}/status`)).body).toMatchObject({ landlordId: a.landlord.id, tenantId: a.tenant.id });
  });

  it('limits prompts to one phone: the sixth push within 10 minutes is refused', async () => {
    const { tenant } = await createTenantWithBill(app, { rent: 100_000 });
    for (let i = 0; i < 5; i++) {
      const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, amount: 10 + i }).expect(202);
      await settledStatus(app, res.body.paymentId);
    }
    const sixth = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, amount: 99 }).expect(429);
    expect(sixth.body.error.code).toBe('too_many_attempts');
  });
});
