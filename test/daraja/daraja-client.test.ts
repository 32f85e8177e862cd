import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DarajaClient, StkPushRequest } from '../../src/daraja/daraja-client.js';
import { DarajaError, DarajaValidationError } from '../../src/daraja/errors.js';
import { clientFor, platformCredentials, SANDBOX_SHORT_CODE, startSimulator } from '../helpers/daraja.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let client: DarajaClient;
let phoneCounter = 0;
/** A fresh phone per test: the simulator locks a phone while its prompt is open, as Daraja does. */
const nextPhone = () => `2547${String(++phoneCounter).padStart(6, "0")}78`;

beforeAll(async () => {
  simulator = await startSimulator({ autoAnswerMs: 60_000 });
  simulator.sim.registerShortCode('600111', 'till-store-passkey');
});
afterAll(() => simulator.close());
afterEach(() => {
  simulator.sim.outage = 'none';
});

function pushRequest(overrides: Partial<StkPushRequest> = {}): StkPushRequest {
  return {
    credentials: platformCredentials,
    destination: { businessType: 'paybill', businessShortCode: SANDBOX_SHORT_CODE },
    amount: 1500,
    phone: nextPhone(),
    accountReference: 'A12',
    description: 'Rent 2026-11',
    callbackUrl: 'http://127.0.0.1:9/cb/abc',
    ...overrides,
  };
}

describe('Daraja client against the simulator', () => {
  beforeAll(() => {
    client = clientFor(simulator.url);
  });

  it('sends a paybill push with CustomerPayBillOnline and PartyB equal to the paybill', async () => {
    const request = pushRequest();
    const accepted = await client.stkPush(request);
    expect(accepted.checkoutRequestId).toMatch(/^ws_CO_\d+$/);
    const tx = simulator.sim.transaction(accepted.checkoutRequestId)!;
    expect(tx).toMatchObject({ transactionType: 'CustomerPayBillOnline', businessShortCode: '174379', partyB: '174379', amount: 1500, phone: request.phone });
  });

  it('sends a till push with the store number as BusinessShortCode and the till as PartyB', async () => {
    const accepted = await client.stkPush(
      pushRequest({
        credentials: { ...platformCredentials, passkey: 'till-store-passkey' },
        destination: { businessType: 'till', businessShortCode: '600111', tillNumber: '5123456' },
      }),
    );
    expect(simulator.sim.transaction(accepted.checkoutRequestId)).toMatchObject({
      transactionType: 'CustomerBuyGoodsOnline',
      businessShortCode: '600111',
      partyB: '5123456',
    });
  });

  it('fails with wrong_credentials when the passkey does not belong to the shortcode', async () => {
    const before = simulator.sim.stats.stkPushes;
    const error = await client.stkPush(pushRequest({ credentials: { ...platformCredentials, passkey: 'not-the-passkey' } })).catch((e) => e);
    expect(error).toBeInstanceOf(DarajaError);
    expect(error).toMatchObject({ code: 'wrong_credentials', details: { errorCode: '500.001.1001', httpStatus: 500 } });
    expect(simulator.sim.stats.stkPushes).toBe(before);
  });

  it('fails with auth_failed when the consumer secret is wrong', async () => {
    const fresh = clientFor(simulator.url);
    const error = await fresh.stkPush(pushRequest({ credentials: { ...platformCredentials, consumerKey: 'platform-key', consumerSecret: 'wrong' } })).catch((e) => e);
    expect(error).toMatchObject({ code: 'auth_failed', details: { errorCode: '400.008.01' } });
  });

  it('shares one token among 50 concurrent pushes', async () => {
    const fresh = clientFor(simulator.url);
    const before = simulator.sim.stats.tokenRequests;
    const results = await Promise.all(Array.from({ length: 50 }, () => fresh.stkPush(pushRequest())));
    expect(new Set(results.map((r) => r.checkoutRequestId)).size).toBe(50);
    expect(simulator.sim.stats.tokenRequests - before).toBe(1);
    expect(fresh.tokens.requests).toBe(1);
  });

  it('refreshes an expired token once and retries, and 20 concurrent callers still cause one refresh', async () => {
    const fresh = clientFor(simulator.url);
    await fresh.stkPush(pushRequest());
    simulator.sim.expireTokens();
    const tokensBefore = simulator.sim.stats.tokenRequests;
    const pushesBefore = simulator.sim.stats.stkPushes;
    const results = await Promise.all(Array.from({ length: 20 }, () => fresh.stkPush(pushRequest())));
    expect(results).toHaveLength(20);
    expect(simulator.sim.stats.tokenRequests - tokensBefore).toBe(1);
    // Each push was accepted exactly once: the refused attempts never reached processing.
    expect(simulator.sim.stats.stkPushes - pushesBefore).toBe(20);
  });

  it.each(['UTC', 'America/New_York'])('sends a timestamp the simulator accepts as East Africa Time under TZ=%s', async (tz) => {
    const before = process.env.TZ;
    process.env.TZ = tz;
    try {
      const accepted = await client.stkPush(pushRequest());
      expect(accepted.checkoutRequestId).toBeTruthy();
      const answer = await client.stkQuery({ credentials: platformCredentials, businessShortCode: SANDBOX_SHORT_CODE, checkoutRequestId: accepted.checkoutRequestId });
      expect(answer.kind).toBe('pending');
    } finally {
      process.env.TZ = before;
    }
  });

  it('queries a push: pending while the prompt is open, done with the result code once answered, unknown for a made-up id', async () => {
    const accepted = await client.stkPush(pushRequest());
    const query = () => client.stkQuery({ credentials: platformCredentials, businessShortCode: SANDBOX_SHORT_CODE, checkoutRequestId: accepted.checkoutRequestId });
    expect(await query()).toEqual({ kind: 'pending' });
    simulator.sim.cancelPrompt(accepted.checkoutRequestId);
    expect(await query()).toEqual({ kind: 'done', resultCode: '1032', resultDesc: 'Request cancelled by user', outcome: 'cancelled_by_user' });
    const unknown = await client.stkQuery({ credentials: platformCredentials, businessShortCode: SANDBOX_SHORT_CODE, checkoutRequestId: 'ws_CO_000' });
    expect(unknown).toEqual({ kind: 'unknown' });
  });

  it('reports a second push to a phone with an open prompt as subscriber_busy', async () => {
    const phone = nextPhone();
    await client.stkPush(pushRequest({ phone }));
    await expect(client.stkPush(pushRequest({ phone }))).rejects.toMatchObject({ code: 'subscriber_busy' });
  });

  it('reports a Daraja outage as daraja_unavailable that may have been processed', async () => {
    simulator.sim.outage = 'error500';
    await expect(client.stkPush(pushRequest())).rejects.toMatchObject({ code: 'daraja_unavailable', details: { httpStatus: 503, mayHaveBeenProcessed: true } });
  });

  it('times out when Daraja never answers', async () => {
    const impatient = clientFor(simulator.url, { timeoutMs: 200 });
    await impatient.stkPush(pushRequest()); // token first, while Daraja still answers
    simulator.sim.outage = 'hang';
    const started = Date.now();
    await expect(impatient.stkPush(pushRequest())).rejects.toMatchObject({ code: 'daraja_unavailable', details: { mayHaveBeenProcessed: true } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports an unreachable Daraja as daraja_unavailable that was not processed', async () => {
    const nowhere = clientFor('http://127.0.0.1:9');
    await expect(nowhere.stkPush(pushRequest())).rejects.toMatchObject({ code: 'daraja_unavailable', details: { mayHaveBeenProcessed: false } });
  });
});

describe('Daraja client validation, before any HTTP call', () => {
  const offline = clientFor('http://127.0.0.1:9', { maxAmount: 150_000 });
  it.each<[string, Partial<StkPushRequest>, string]>([
    ['a zero amount', { amount: 0 }, 'Amount'],
    ['a fractional amount', { amount: 10.5 }, 'Amount'],
    ['an amount above MPESA_MAX_AMOUNT', { amount: 150_001 }, 'Amount'],
    ['a local phone format', { phone: '0712345678' }, 'PhoneNumber'],
    ['a landline', { phone: '254202345678' }, 'PhoneNumber'],
    ['an 11-digit phone', { phone: '25471234567' }, 'PhoneNumber'],
    ['a 13-character AccountReference', { accountReference: 'ABCDEFGHIJKLM' }, 'AccountReference'],
    ['an empty AccountReference', { accountReference: '' }, 'AccountReference'],
    ['a 14-character TransactionDesc', { description: 'Rent for Nov26' }, 'TransactionDesc'],
    ['a shortcode with letters', { destination: { businessType: 'paybill', businessShortCode: '17437A' } }, 'BusinessShortCode'],
    ['a 4-digit shortcode', { destination: { businessType: 'paybill', businessShortCode: '1743' } }, 'BusinessShortCode'],
    ['a till number with letters', { destination: { businessType: 'till', businessShortCode: '600111', tillNumber: 'T12345' } }, 'PartyB'],
    ['a relative CallBackURL', { callbackUrl: '/cb' }, 'CallBackURL'],
  ])('refuses %s', async (_name, overrides, field) => {
    const error = await offline.stkPush(pushRequest(overrides)).catch((e) => e);
    expect(error).toBeInstanceOf(DarajaValidationError);
    expect(error.field).toBe(field);
    expect(offline.tokens.requests).toBe(0);
  });

  it('accepts the largest allowed amount and 12/13-character references (fails only at the network)', async () => {
    const error = await offline
      .stkPush(pushRequest({ amount: 150_000, accountReference: 'ABCDEFGHIJKL', description: 'Rent for Nov2' }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(DarajaError);
  });
});
