// The hot paths stay cheap (issue "Performance"): counted at the driver, not timed. A conversation turn
// is two round trips (BEGIN with the reads; the writes with COMMIT), whatever the channel; so is an STK
// callback that settles a payment.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments } from '../../db/schema.js';
import { createTenantWithBill, startTestApp, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';
import { successCallback } from '../helpers/daraja.js';

const onPostgres = databaseKinds().includes('postgres');

describe.runIf(onPostgres)('round trips on PostgreSQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The simulated phones never answer: the callback test delivers its own callbacks.
    app = await startTestApp('postgres', { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
  });
  afterAll(() => app.close());

  /** What one call cost, after enough calls that every connection has prepared every statement. */
  async function cost(call: () => Promise<unknown>) {
    for (let i = 0; i < 25; i++) await call();
    const before = { ...app.database.sql.counts };
    await call();
    return { roundTrips: app.database.sql.counts.roundTrips - before.roundTrips, statements: app.database.sql.counts.statements - before.statements };
  }

  it('a USSD turn: two round trips, at most six statements', async () => {
    const { tenant } = await createTenantWithBill(app);
    const dial = ussdSession(app, tenant.phone);
    await dial();
    let next = '2';
    const turn = async () => {
      await dial(next);
      next = next === '2' ? '0' : '2';
    };
    const spent = await cost(turn);
    expect(spent.roundTrips).toBe(2);
    expect(spent.statements).toBeLessThanOrEqual(6);
  });

  it('a signed WhatsApp turn: two round trips, at most six statements', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    let next = 'pay';
    const spent = await cost(async () => {
      await say(next);
      next = next === 'pay' ? 'menu' : 'pay';
    });
    expect(spent.roundTrips).toBe(2);
    // BEGIN, the lock, the profile with the replay check; the snapshot, the stored reply, COMMIT.
    expect(spent.statements).toBeLessThanOrEqual(6);
  });

  it('an STK success callback: settled, allocated, receipts queued and the raw body kept in two round trips', async () => {
    const intents: (typeof payments.$inferSelect)[] = [];
    for (let i = 0; i < 26; i++) {
      const { tenant, bill } = await createTenantWithBill(app, { rent: 1_000 });
      const started = (await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202)).body;
      const [payment] = await app.db.db.select().from(payments).where(eq(payments.id, started.paymentId));
      intents.push(payment!);
    }
    let next = 0;
    const spent = await cost(async () => {
      const p = intents[next++]!;
      const body = successCallback(p.checkoutRequestId!, p.amount, p.phone, `SRT${String(next).padStart(7, '0')}`);
      expect((await app.post(`/api/daraja/callback/${p.callbackToken}`, body)).body.ResultCode).toBe(0);
    });
    expect(spent.roundTrips).toBeLessThanOrEqual(3);
    expect(spent.roundTrips).toBe(2);
    // BEGIN, the payment lock, the tenancy lock, the reads; the payment, allocations, receipts, raw body, COMMIT.
    expect(spent.statements).toBeLessThanOrEqual(9);
    expect((await app.api().get(`/api/payments/${intents[25]!.id}/status`)).body.status).toBe('success');
  });
});
