// Missed callbacks: the reconciler asks STK Push Query, and ends what stays unknown as timeout.
// Several processes on one database share the work without doing any of it twice.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackLogs, outbox, payments } from '../../db/schema.js';
import { SANDBOX_PASSKEY, SIMULATOR_CONSUMER_KEY, SIMULATOR_CONSUMER_SECRET } from '../../src/config.js';
import { startSimulator } from '../helpers/daraja.js';
import { queryBackoffSeconds } from '../../src/payments/reconciler.js';
import { createTestDatabase, databaseKinds, secondProcessDatabase, type TestDatabase } from '../helpers/databases.js';
import { createTenantWithBill, drain, phoneEnding, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

const due = (app: TestApp, id: string) => app.db.db.update(payments).set({ nextQueryAt: new Date(Date.now() - 1000) }).where(eq(payments.id, id));

describe.each(databaseKinds())('reconciler on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { STK_QUERY_AFTER_SECONDS: '5', STK_EXPIRE_AFTER_SECONDS: '10' } });
  });
  afterAll(() => app.close());

  it('settles a payment whose callback never arrives, by STK Push Query', async () => {
    const { tenant, bill, landlord } = await createTenantWithBill(app, { tenantPhone: phoneEnding('05') });
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    await waitFor(() => app.simulator!.transaction(res.body.checkoutRequestId)?.result);
    expect((await app.api().get(`/api/payments/${res.body.paymentId}/status`)).body.status).toBe('pending');
    expect(await app.reconciler.runOnce()).toBe(0); // not due before STK_QUERY_AFTER_SECONDS
    await due(app, res.body.paymentId);
    expect(await app.reconciler.runOnce()).toBe(1);
    const status = (await app.api().get(`/api/payments/${res.body.paymentId}/status`)).body;
    expect(status).toMatchObject({ status: 'success', resultCode: '0', mpesaReceiptNumber: null });
    expect(await app.metrics.registry.getSingleMetricAsString('rentease_reconciler_settlements_total')).toMatch(/\{path="query_success"\} [1-9]/);
    expect((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status).toBe('paid');
    const [receipt] = (await app.api().get(`/api/messages?to=${tenant.phone}`)).body;
    expect(receipt.body).toContain('Confirmed by M-Pesa');
    expect((await app.api().get(`/api/messages?to=${landlord.phone}`)).body).toHaveLength(1);
    // A callback that turns up after all changes nothing.
    expect(await app.db.db.select().from(callbackLogs).where(eq(callbackLogs.paymentId, res.body.paymentId))).toEqual([]);
  });

  it('keeps asking while the phone has not answered, with backoff, then ends as timeout and tells the tenant', async () => {
    const slow = await startTestApp(kind, { env: { STK_QUERY_AFTER_SECONDS: '1', STK_EXPIRE_AFTER_SECONDS: '3' }, database: app.db, simulator: { autoAnswerMs: 600_000 } });
    try {
      const { tenant, bill } = await createTenantWithBill(slow);
      const res = await slow.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
      await due(slow, res.body.paymentId);
      await slow.reconciler.runOnce();
      const [afterFirst] = await slow.db.db.select().from(payments).where(eq(payments.id, res.body.paymentId));
      expect(afterFirst).toMatchObject({ status: 'pending', queryAttempts: 1 });
      expect(slow.simulator!.stats.queries).toBeGreaterThanOrEqual(1);
      // STK_EXPIRE_AFTER_SECONDS (3) later, as if the tenant had left the prompt on the screen.
      await slow.db.db.update(payments).set({ initiatedAt: new Date(Date.now() - 3100), nextQueryAt: new Date(Date.now() - 1000) }).where(eq(payments.id, res.body.paymentId));
      await slow.reconciler.runOnce();
      expect((await slow.api().get(`/api/payments/${res.body.paymentId}/status`)).body).toMatchObject({ status: 'timeout', outcome: 'timeout' });
      const [message] = (await slow.api().get(`/api/messages?to=${tenant.phone}`)).body;
      expect(message.body).toContain('was not answered in time');
    } finally {
      await slow.close();
    }
  });

  it('backs off 10, 20, 40, then 60 seconds', () => {
    expect([1, 2, 3, 4, 8].map(queryBackoffSeconds)).toEqual([20, 40, 60, 60, 60]);
    expect(queryBackoffSeconds(0)).toBe(10);
  });
});

describe.each(databaseKinds())('two app processes on one %s database', (kind) => {
  let database: TestDatabase;
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // One Daraja (an external simulator) and one database; each app has its own pool on PostgreSQL.
    simulator = await startSimulator({ apps: { [SIMULATOR_CONSUMER_KEY]: SIMULATOR_CONSUMER_SECRET }, defaultPasskey: SANDBOX_PASSKEY, autoAnswerMs: 0 });
    const env = { DARAJA_BASE_URL: simulator.url };
    first = await startTestApp(kind, { database, env });
    second = await startTestApp(kind, { database: await secondProcessDatabase(database), env });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    await second.db.close();
    await simulator.close();
    await database.close();
  });

  it('reconciles each intent and sends each message exactly once', async () => {
    // 20 intents whose callbacks never arrive (phones ending 05), started through the first app.
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { tenant, bill } = await createTenantWithBill(first, { tenantPhone: phoneEnding('05') });
      ids.push((await first.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202)).body.paymentId);
    }
    await waitFor(() => simulator.sim.openPrompts().length === 0 || undefined);
    await database.db.update(payments).set({ nextQueryAt: new Date(Date.now() - 1000) });
    const queriesBefore = simulator.sim.stats.queries;
    const claimed = await Promise.all([drain(first.reconciler), drain(second.reconciler), drain(first.reconciler), drain(second.reconciler)]);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(20);
    expect(simulator.sim.stats.queries - queriesBefore).toBe(20); // no intent was asked about twice
    const final = await Promise.all(ids.map(async (id) => (await first.api().get(`/api/payments/${id}/status`)).body.status));
    expect(final).toEqual(Array(20).fill('success'));

    // A receipt and a landlord notice per payment, queued once; both apps' workers send them together.
    const sent = await Promise.all([drain(first.outbox), drain(second.outbox), drain(first.outbox)]);
    const rows = await database.db.select().from(outbox);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(40);
  });
});
