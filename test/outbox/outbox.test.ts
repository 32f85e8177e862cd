// The outbox: receipts reach people through the real SDKs (HTTP intercepted), on the right channel,
// in their language, with retries and backoff, and survive a crash of the process that queued them.
import { eq } from 'drizzle-orm';
import { HttpResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setContactLanguage, touchContact } from '../../db/queries/contacts.js';
import { contacts, outbox } from '../../db/schema.js';
import { createLogger } from '../../src/log.js';
import { chooseChannel, queueMessage } from '../../src/outbox/queue-message.js';
import { claimOutbox, insertOutboxMessagesLater } from '../../db/queries/outbox.js';
import { createOutboxWorker } from '../../src/outbox/worker.js';
import { createTestDatabase, databaseKinds } from '../helpers/databases.js';
import { AT_KEY, providerEnv, providerMocks, TWILIO_SID, TWILIO_TOKEN } from '../helpers/providers.js';
import { createTenantWithBill, drain, phoneEnding, settledStatus, startTestApp, waitFor, type TestApp } from '../helpers/app.js';

const mocks = providerMocks();
beforeAll(() => mocks.listen());
afterAll(() => mocks.close());

describe.each(databaseKinds())('outbox on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { env: providerEnv });
  });
  afterAll(() => app.close());

  const drainOutbox = () => drain(app.outbox);

  it('sends the landlord notice by SMS with the africastalking SDK, and the tenant receipt by WhatsApp with the twilio SDK', async () => {
    const tenantPhone = phoneEnding('78');
    await touchContact(app.db.db, tenantPhone, 'whatsapp'); // the tenant just wrote on WhatsApp
    const { landlord, tenant, bill } = await createTenantWithBill(app, { tenantPhone });
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    await settledStatus(app, res.body.paymentId);
    const smsBefore = mocks.sms.length;
    const waBefore = mocks.twilio.length;
    await drainOutbox();

    const wa = mocks.twilio.slice(waBefore);
    expect(wa).toHaveLength(1);
    expect(wa[0]!.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(wa[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`);
    expect(wa[0]!.form).toMatchObject({ To: `whatsapp:+${tenantPhone}`, From: 'whatsapp:+14155238886' });
    expect(wa[0]!.form.Body).toContain('Payment received: KES 15,000 for unit A1');

    const sms = mocks.sms.slice(smsBefore);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.headers.apikey).toBe(AT_KEY);
    expect(sms[0]!.form).toMatchObject({ username: 'rentease', to: `+${landlord.phone}`, from: 'RENTEASE', bulkSMSMode: '1' });
    expect(sms[0]!.form.message).toContain('Rent received: Otieno');

    const messages = (await app.api().get(`/api/messages?to=${tenantPhone}`)).body;
    expect(messages).toEqual([expect.objectContaining({ channel: 'whatsapp', status: 'sent', attempts: 1, sentAt: expect.any(String) })]);
    const [row] = await app.db.db.select().from(outbox).where(eq(outbox.recipient, tenantPhone));
    expect(row!.providerMessageId).toMatch(/^SM/);
  });

  it('writes the receipt in Kiswahili for a tenant who chose it', async () => {
    const tenantPhone = phoneEnding('78');
    await setContactLanguage(app.db.db, tenantPhone, 'sw');
    const { tenant, bill } = await createTenantWithBill(app, { tenantPhone });
    const res = await app.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
    await settledStatus(app, res.body.paymentId);
    const [message] = (await app.api().get(`/api/messages?to=${tenantPhone}`)).body;
    expect(message.body).toContain('Malipo yamepokelewa: KES 15,000 kwa nyumba A1, kodi ya Novemba 2026.');
    expect(message.channel).toBe('sms');
  });

  it('retries a failed send with backoff and then sends it', async () => {
    const phone = phoneEnding('78');
    await app.db.db.transaction((tx) => queueMessage(tx, { to: phone, text: { en: 'hello', sw: 'habari' }, idempotencyKey: `retry:${phone}` }));
    mocks.answerSms(() => HttpResponse.json({ error: 'down' }, { status: 500 }));
    try {
      await drainOutbox();
    } finally {
      mocks.answerSms((form) => HttpResponse.json({ SMSMessageData: { Message: 'Sent', Recipients: [{ statusCode: 101, number: form.to, status: 'Success', cost: 'KES 0.8', messageId: 'ATXid_retry' }] } }, { status: 201 }));
    }
    const [queued] = await app.db.db.select().from(outbox).where(eq(outbox.recipient, phone));
    expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
    expect(queued!.lastError).toBeTruthy();
    expect(queued!.runAt.getTime() - Date.now()).toBeGreaterThan(3_000); // 5 s backoff
    await app.db.db.update(outbox).set({ runAt: new Date() }).where(eq(outbox.id, queued!.id));
    await drainOutbox();
    const [sent] = await app.db.db.select().from(outbox).where(eq(outbox.id, queued!.id));
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'ATXid_retry' });
  });

  it('gives up at once on a permanent refusal (invalid number)', async () => {
    const phone = phoneEnding('78');
    await app.db.db.transaction((tx) => queueMessage(tx, { to: phone, text: { en: 'x', sw: 'x' }, idempotencyKey: `perm:${phone}` }));
    mocks.answerSms((form) => HttpResponse.json({ SMSMessageData: { Message: 'Sent to 0/1', Recipients: [{ statusCode: 403, number: form.to, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }] } }, { status: 201 }));
    try {
      await drainOutbox();
    } finally {
      mocks.answerSms((form) => HttpResponse.json({ SMSMessageData: { Message: 'Sent', Recipients: [{ statusCode: 101, number: form.to, status: 'Success', cost: 'KES 0.8', messageId: 'ATXid_ok' }] } }, { status: 201 }));
    }
    const [row] = await app.db.db.select().from(outbox).where(eq(outbox.recipient, phone));
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toContain('InvalidPhoneNumber');
  });

  it('queues a message once per idempotency key', async () => {
    const phone = phoneEnding('78');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => app.db.db.transaction((tx) => queueMessage(tx, { to: phone, text: { en: 'once', sw: 'mara moja' }, idempotencyKey: `once:${phone}` }))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await app.db.db.select().from(outbox).where(eq(outbox.recipient, phone))).toHaveLength(1);
  });
});

describe.each(databaseKinds())('outbox bookkeeping on %s', (kind) => {
  it('leases a claimed message from the later clock: a worker whose clock runs behind the database cannot let a second worker send it again', async () => {
    const database = await createTestDatabase(kind);
    try {
      const phone = phoneEnding('78');
      await database.db.transaction((tx) => queueMessage(tx, { to: phone, text: { en: 'once', sw: 'mara moja' }, idempotencyKey: `lease:${phone}` }));
      // This worker's clock is ten minutes behind the database's; the lease is a minute.
      const behind = new Date(Date.now() - 10 * 60_000);
      const claim = () => claimOutbox(database.sql, { limit: 10, leaseSeconds: 60, now: behind, bulk: 10 });
      expect((await claim()).map((r) => r.recipient)).toEqual([phone]);
      // Leased from the slow clock, the row was due again at once by the database's, and sent twice.
      expect(await claim()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('records the sends finished together in one statement, each with its provider id', async () => {
    const database = await createTestDatabase(kind);
    try {
      let n = 0;
      const sender = { name: 'capture', send: async () => ({ providerMessageId: `SM${String(++n).padStart(32, '0')}` }) };
      const worker = createOutboxWorker({ sql: database.sql, senders: { whatsapp: sender, sms: sender }, logger: createLogger('silent') });
      for (let i = 0; i < 6; i++) await database.db.transaction((tx) => queueMessage(tx, { to: `25470000001${i}`, text: { en: `m${i}`, sw: `m${i}` }, idempotencyKey: `together:${i}` }));
      const before = database.sql.counts.statements;
      expect(await worker.runOnce()).toBe(6);
      // One claim and one statement marking all six sent (six before this was gathered).
      expect(database.sql.counts.statements - before).toBe(2);
      const rows = await database.db.select().from(outbox);
      expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
      expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(6);
    } finally {
      await database.close();
    }
  });
});

describe.each(databaseKinds())('outbox across a crash on %s', (kind) => {
  it('loses no receipt when the process dies between settlement and sending', async () => {
    const database = await createTestDatabase(kind);
    try {
      const first = await startTestApp(kind, { database });
      const { tenant, bill, landlord } = await createTenantWithBill(first);
      const res = await first.api().post('/api/payments/initiate', { tenantId: tenant.id, billId: bill.id }).expect(202);
      await settledStatus(first, res.body.paymentId);
      // A worker claims the receipts, then its process dies mid-send (the send never returns).
      const stuck = createOutboxWorker({
        sql: database.sql,
        senders: { whatsapp: { name: 'hang', send: () => new Promise(() => {}) }, sms: { name: 'hang', send: () => new Promise(() => {}) } },
        logger: createLogger('silent'),
        leaseSeconds: 1,
      });
      void stuck.runOnce();
      await waitFor(async () => ((await database.db.select().from(outbox)).every((r) => r.attempts === 1) ? true : undefined));
      await first.close();

      // A new process starts on the same database; its background worker sends once the lease is over.
      const second = await startTestApp(kind, { database, workers: true, env: providerEnv });
      try {
        const sent = await waitFor(async () => {
          const rows = await database.db.select().from(outbox);
          return rows.length === 2 && rows.every((r) => r.status === 'sent') ? rows : undefined;
        }, 10_000);
        expect(sent.map((r) => r.recipient).sort()).toEqual([landlord.phone, tenant.phone].sort());
        expect(sent.every((r) => r.attempts === 2)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await database.close();
    }
  });

  it('marks a message failed when it reaches its attempt limit', async () => {
    const database = await createTestDatabase(kind);
    try {
      let calls = 0;
      const failing = { name: 'down', send: async () => { calls++; throw new Error('provider down'); } };
      const worker = createOutboxWorker({ sql: database.sql, senders: { whatsapp: failing, sms: failing }, logger: createLogger('silent'), maxAttempts: 3 });
      await database.db.transaction((tx) => queueMessage(tx, { to: '254700000001', text: { en: 'x', sw: 'x' }, idempotencyKey: 'limit' }));
      for (let i = 0; i < 3; i++) {
        await database.db.update(outbox).set({ runAt: new Date(Date.now() - 1000) });
        await worker.runOnce();
      }
      const [row] = await database.db.select().from(outbox);
      expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'provider down' });
      expect(calls).toBe(3);
      expect(await worker.runOnce()).toBe(0);
    } finally {
      await database.close();
    }
  });

  it('sends receipts before bulk notices, and bulk notices at no more than their rate', async () => {
    const database = await createTestDatabase(kind);
    try {
      const sent: string[] = [];
      const sender = { name: 'capture', send: async (m: { body: string }) => (sent.push(m.body), { providerMessageId: undefined }) };
      const worker = createOutboxWorker({ sql: database.sql, senders: { whatsapp: sender, sms: sender }, logger: createLogger('silent'), bulkPerSecond: 3, concurrency: 50, batchSize: 50 });
      const message = (key: string, bulk: boolean) => ({ idempotencyKey: key, channel: 'sms' as const, recipient: '254700000001', body: key, bulk });
      await database.sql.transaction(async (tx) => {
        insertOutboxMessagesLater(tx, Array.from({ length: 10 }, (_, i) => message(`notice-${i}`, true)));
      });
      await database.sql.transaction(async (tx) => {
        insertOutboxMessagesLater(tx, [message('receipt-1', false), message('reply-1', false)]);
      });
      // The receipts first, though queued later; then as many notices as the rate allows (a burst of 3).
      expect(await worker.runOnce()).toBe(5);
      expect(sent.slice(0, 2).sort()).toEqual(['receipt-1', 'reply-1']);
      expect(sent.slice(2).every((b) => b.startsWith('notice-'))).toBe(true);
      expect(await worker.runOnce()).toBe(0);
      await new Promise((r) => setTimeout(r, 700)); // two more tokens
      expect(await worker.runOnce()).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('lets a provider that never answers delay nothing else, and retries that send after its deadline', async () => {
    const database = await createTestDatabase(kind);
    const sms: string[] = [];
    let pushes = 0;
    const worker = createOutboxWorker({
      sql: database.sql,
      senders: {
        whatsapp: { name: 'hung', send: () => new Promise(() => {}) },
        sms: { name: 'quick', send: async (m) => (sms.push(m.to), { providerMessageId: undefined }) },
      },
      handlers: { stk_push: async () => void pushes++ },
      logger: createLogger('silent'),
      sendTimeoutMs: 1_500,
      intervalMs: 50,
    });
    const poller = worker.start();
    try {
      await database.db.transaction(async (tx) => {
        await tx.insert(outbox).values({ kind: 'message', idempotencyKey: 'hung-1', channel: 'whatsapp', recipient: '254700000011', body: 'w' });
        await queueMessage(tx, { to: '254700000012', text: { en: 'x', sw: 'x' }, idempotencyKey: 'quick-1', channel: 'sms' });
        await tx.insert(outbox).values({ kind: 'stk_push', idempotencyKey: 'push-1', recipient: '254700000013', payload: {} });
      });
      const started = Date.now();
      await waitFor(() => sms.length === 1 && pushes === 1, 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);
      const hung = await waitFor(async () => {
        const [row] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, 'hung-1'));
        return row?.lastError ? row : undefined;
      }, 5_000);
      expect(hung).toMatchObject({ status: 'queued', lastError: 'no answer within 1500 ms' });
    } finally {
      await poller.stop();
      await database.close();
    }
  });
});

describe('channel choice', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const contact = (values: Partial<typeof contacts.$inferSelect>) => ({ phone: '254700000000', language: null, lastChannel: null, preferredChannel: null, lastInboundAt: null, remindersStoppedAt: null, createdAt: now, ...values });
  it('follows the channel last used, within WhatsApp’s 24-hour window', () => {
    expect(chooseChannel(contact({ lastChannel: 'whatsapp', lastInboundAt: new Date(now.getTime() - 3600_000) }), now)).toBe('whatsapp');
    expect(chooseChannel(contact({ lastChannel: 'whatsapp', lastInboundAt: new Date(now.getTime() - 25 * 3600_000) }), now)).toBe('sms');
    expect(chooseChannel(contact({ lastChannel: 'ussd', lastInboundAt: now }), now)).toBe('sms');
    expect(chooseChannel(contact({ preferredChannel: 'sms' }), now)).toBe('sms');
    expect(chooseChannel(undefined, now)).toBe('sms');
  });
});
