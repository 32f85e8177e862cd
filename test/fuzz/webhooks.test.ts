// Fuzzing every webhook: whatever a body holds, Daraja's routes answer 200 or 400 and the chat routes
// 200 (or their documented 4xx), never a 5xx; and no body creates or loses money: every payment that a
// C2B confirmation or an STK callback made carries the amount its body said, read strictly.
// `npm test` replays a fixed seed; `npm run test:fuzz` draws FUZZ_RUNS fresh bodies per route.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import request from 'supertest';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocations, bills, callbackLogs, payments } from '../../db/schema.js';
import { parseShillings } from '../../src/domain/money.js';
import { createTenantWithBill, errorLines, startTestApp, type TestApp } from '../helpers/app.js';
import { TWILIO_TEST_TOKEN } from '../helpers/chat.js';
import { databaseKinds } from '../helpers/databases.js';
import { asPayload, c2bBodies, stkCallbackBodies } from './bodies.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const settings = { numRuns: RUNS, ...(process.env.FUZZ_RUNS ? {} : { seed: 20261129 }) };
const TIMEOUT_MS = Math.max(120_000, RUNS * 6 * 60);

describe.each(databaseKinds())('fuzzed webhooks on %s', (kind) => {
  let app: TestApp;
  const shortCodes = ['600301', '600302'];
  const accounts: string[] = [];
  const tokens: string[] = [];
  const checkoutIds: string[] = [];

  beforeAll(async () => {
    app = await startTestApp(kind, { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
    for (const paybill of shortCodes) {
      const { tenant, bill } = await createTenantWithBill(app, { paybill, rent: 150 });
      accounts.push(tenant.accountNumber);
      const started = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
      const [payment] = await app.db.db.select().from(payments).where(eq(payments.id, started.body.paymentId));
      tokens.push(payment!.callbackToken!);
      checkoutIds.push(payment!.checkoutRequestId!);
    }
  });
  afterAll(() => app.close());

  const post = (path: string, payload: string | Buffer) => request(app.url).post(path).set('Content-Type', 'application/json').send(payload);
  /** The intents' own callback tokens (made in beforeAll), forged ones, and garbage. */
  const anyToken = () => fc.oneof(fc.constantFrom(...tokens), fc.stringMatching(/^[0-9a-f]{64}$/), fc.constantFrom('x', 'A'.repeat(64), '%00'));

  it('answers every Daraja route with 200 or 400, never a 5xx', async () => {
    const c2b = asPayload(c2bBodies({ shortCodes, accounts }));
    for (const path of ['/api/daraja/c2b/validation', '/api/daraja/c2b/confirmation']) {
      await fc.assert(
        fc.asyncProperty(c2b, async (payload) => {
          expect([200, 400]).toContain((await post(path, payload)).status);
        }),
        settings,
      );
    }
    const stk = asPayload(stkCallbackBodies(checkoutIds));
    for (const route of ['callback', 'timeout']) {
      await fc.assert(
        fc.asyncProperty(anyToken(), stk, async (t, payload) => {
          expect([200, 400]).toContain((await post(`/api/daraja/${route}/${encodeURIComponent(t)}`, payload)).status);
        }),
        settings,
      );
    }
    expect(errorLines(app).filter((l) => l.msg !== 'callback could not be settled')).toEqual([]);
  }, TIMEOUT_MS);

  it('answers every chat route without a 5xx, whatever the form holds', async () => {
    const field = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('+254712345678', '0712345678', 'whatsapp:+254712345678', '\u0000', 'x'.repeat(3000), ''));
    const form = fc.dictionary(fc.constantFrom('From', 'Body', 'MessageSid', 'from', 'text', 'id', 'sessionId', 'phoneNumber', 'serviceCode', 'to'), field);
    await fc.assert(
      fc.asyncProperty(form, fc.constantFrom('/webhooks/whatsapp', '/webhooks/sms', '/webhooks/ussd'), async (fields, path) => {
        const params = path === '/webhooks/whatsapp' ? { MessageSid: `SM${randomBytes(16).toString('hex')}`, ...fields } : fields;
        const signature = twilio.getExpectedTwilioSignature(TWILIO_TEST_TOKEN, `${app.config.publicBaseUrl}${path}`, params);
        const res = await request(app.url).post(path).set('X-Twilio-Signature', signature).type('form').send(params);
        expect(res.status).toBeLessThan(500);
      }),
      settings,
    );
  }, TIMEOUT_MS);

  it('creates no money: every payment a body made carries exactly the amount the body said', async () => {
    const rows = await app.db.db.select().from(payments);
    const logs = await app.db.db.select().from(callbackLogs);
    for (const payment of rows.filter((p) => p.source === 'c2b')) {
      const log = logs.find((l) => l.paymentId === payment.id && l.kind === 'c2b_confirmation' && ['settled', 'suspense'].includes(l.outcome ?? ''));
      const said = JSON.parse(log!.rawBody.toString('utf8')) as { TransAmount: unknown };
      expect(parseShillings(said.TransAmount, Number.MAX_SAFE_INTEGER)).toEqual({ ok: true, amount: payment.amount });
    }
    for (const payment of rows.filter((p) => p.source === 'stk' && p.status === 'success')) {
      expect(payment.amount).toBe(150); // the intent's amount: a callback never changes it
    }
    // And no allocation exceeds its payment or its bill.
    const allocs = await app.db.db.select().from(allocations);
    const billRows = await app.db.db.select().from(bills);
    for (const payment of rows) expect(allocs.filter((a) => a.paymentId === payment.id).reduce((s, a) => s + a.amount, 0)).toBeLessThanOrEqual(payment.amount);
    for (const bill of billRows) expect(allocs.filter((a) => a.billId === bill.id).reduce((s, a) => s + a.amount, 0)).toBeLessThanOrEqual(bill.amount);
  });
});
