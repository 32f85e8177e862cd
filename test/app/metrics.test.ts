// /metrics after a tenant pays by chat: the figures an operator alerts on are there and moved (docs/production.md
// "What to watch"): webhook latency per channel, turns by flow, STK Pushes by answer, time to settle,
// provider calls, the outbox backlog and its oldest row, and waits for a database connection.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantWithBill, drain, readMetrics, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN, whatsapp } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds())('metrics on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN } });
  });
  afterAll(() => app.close());

  it('counts what a payment by chat did', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600231' });
    const say = whatsapp(app, tenant.phone);
    await say('hi');
    await say('1');
    await say('1');
    await drain(app.outbox);
    await waitFor(async () => ((await app.api().get(`/api/tenants/${tenant.id}/bills`)).body.bills[0].status === 'paid' ? true : undefined));
    await drain(app.outbox);

    const value = await readMetrics(app);
    // Each series at least this much after one payment by chat (three messages, one push, one callback, receipts sent).
    const atLeast: Record<string, number> = {
      'rentease_webhook_seconds_count{route="whatsapp"}': 3,
      'rentease_turns_total{flow="payRent",outcome="ended"}': 1,
      'rentease_turns_total{flow="menu",outcome="continued"}': 1,
      'rentease_stk_pushes_total{outcome="accepted"}': 1,
      'rentease_payments_total{outcome="success"}': 1,
      'rentease_payment_settle_seconds_count{source="stk"}': 1,
      'rentease_daraja_callback_seconds_count{kind="stk_callback"}': 1,
      'rentease_provider_seconds_count{provider="daraja",result="ok"}': 1,
      'rentease_provider_seconds_count{provider="log:whatsapp",result="ok"}': 1,
      rentease_db_connection_waits: 0,
    };
    for (const [series, least] of Object.entries(atLeast)) expect(value(series), series).toBeGreaterThanOrEqual(least);
    expect(value('rentease_outbox_backlog')).toBe(0);
    expect(value('rentease_outbox_oldest_seconds')).toBe(0);
    expect(value('rentease_db_statements')).toBeGreaterThan(0);
  });

  it('counts a turn that could not be saved once, as failed, not also as continued', async () => {
    const { tenant } = await createTenantWithBill(app, { paybill: '600232' });
    const count = (read: (series: string) => number | undefined, series: string) => read(series) ?? 0;
    const continued = 'rentease_turns_total{flow="menu",outcome="continued"}';
    const failed = 'rentease_turns_total{flow="unknown",outcome="failed"}';
    const before = await readMetrics(app);
    // The database refuses to save the conversation, as a real fault would: the turn rolls back.
    await app.db.db.execute(sql`create function refuse_turn() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`);
    await app.db.db.execute(sql`create trigger refuse_turn before update on conversations for each row execute function refuse_turn()`);
    try {
      const answer = await whatsapp(app, tenant.phone)('hi');
      expect(answer.status).toBe(200);
    } finally {
      await app.db.db.execute(sql`drop trigger refuse_turn on conversations`);
      await app.db.db.execute(sql`drop function refuse_turn()`);
    }
    const after = await readMetrics(app);
    expect(count(after, failed) - count(before, failed)).toBe(1);
    expect(count(after, continued) - count(before, continued)).toBe(0);
  });
});
