// The hot paths stay cheap (issue "Performance"): counted at the driver, not timed. A conversation turn
// is two round trips (BEGIN with the reads; the writes with COMMIT), whatever the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithBill, startTestApp, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

const onPostgres = databaseKinds().includes('postgres');

describe.runIf(onPostgres)('round trips on PostgreSQL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('postgres', { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
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

  it('a signed WhatsApp turn: two round trips', async () => {
    const { tenant } = await createTenantWithBill(app);
    const say = whatsapp(app, tenant.phone);
    let next = 'pay';
    const spent = await cost(async () => {
      await say(next);
      next = next === 'pay' ? 'menu' : 'pay';
    });
    expect(spent.roundTrips).toBe(2);
    expect(spent.statements).toBeLessThanOrEqual(8);
  });
});
