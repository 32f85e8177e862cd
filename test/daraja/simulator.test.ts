// The simulator must speak Daraja's documented JSON exactly; these tests talk to it over raw HTTP.
import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eatTimestamp, stkPassword } from '../../src/daraja/timestamp.js';
import { platformCredentials, SANDBOX_SHORT_CODE, startSimulator } from '../helpers/daraja.js';
import { waitFor } from '../helpers/wait.js';

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let receiver: Server;
let receiverUrl: string;
const received: unknown[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ autoAnswerMs: 20, callbackDelayMs: 5, repeatWindowMs: 120_000 });
  const app = express().post('/cb', express.json(), (req, res) => {
    received.push(req.body);
    res.json({ ResultCode: 0, ResultDesc: 'Accepted' });
  });
  receiver = app.listen(0, '127.0.0.1');
  await new Promise((r) => receiver.once('listening', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/cb`;
});
afterAll(async () => {
  await simulator.close();
  receiver.close();
});

async function token(): Promise<string> {
  const basic = Buffer.from(`${platformCredentials.consumerKey}:${platformCredentials.consumerSecret}`).toString('base64');
  const res = await fetch(`${simulator.url}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}` } });
  const body = (await res.json()) as { access_token: string; expires_in: unknown };
  return body.access_token;
}

async function push(phone: string, overrides: Record<string, unknown> = {}) {
  const timestamp = eatTimestamp();
  const res = await fetch(`${simulator.url}/mpesa/stkpush/v1/processrequest`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      BusinessShortCode: Number(SANDBOX_SHORT_CODE),
      Password: stkPassword(SANDBOX_SHORT_CODE, platformCredentials.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: 'CustomerPayBillOnline',
      Amount: '1',
      PartyA: phone,
      PartyB: SANDBOX_SHORT_CODE,
      PhoneNumber: phone,
      CallBackURL: receiverUrl,
      AccountReference: 'accountref',
      TransactionDesc: 'txndesc',
      ...overrides,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

const callbackFor = (checkoutRequestId: string) =>
  waitFor(() => received.find((b) => (b as { Body: { stkCallback: { CheckoutRequestID: string } } }).Body.stkCallback.CheckoutRequestID === checkoutRequestId) as
    | { Body: { stkCallback: Record<string, unknown> } }
    | undefined);

describe('Daraja simulator', () => {
  it('answers OAuth with expires_in as a string and refuses a wrong Basic secret', async () => {
    const ok = await fetch(`${simulator.url}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { Authorization: `Basic ${Buffer.from('platform-key:platform-secret').toString('base64')}` },
    });
    expect(await ok.json()).toEqual({ access_token: expect.any(String), expires_in: '3599' });
    const bad = await fetch(`${simulator.url}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { Authorization: `Basic ${Buffer.from('platform-key:nope').toString('base64')}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errorCode: '400.008.01' });
  });

  it('refuses an unknown bearer token with 404.001.03', async () => {
    const res = await fetch(`${simulator.url}/mpesa/stkpush/v1/processrequest`, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errorCode: '404.001.03', errorMessage: 'Invalid Access Token' });
  });

  it('accepts a push as documented and delivers a success callback with numeric ResultCode, TransactionDate and PhoneNumber', async () => {
    const { status, body } = await push('254708374149');
    expect(status).toBe(200);
    expect(body).toEqual({
      MerchantRequestID: expect.any(String),
      CheckoutRequestID: expect.stringMatching(/^ws_CO_\d{20,}$/),
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });
    const callback = await callbackFor(body.CheckoutRequestID!);
    const cb = callback.Body.stkCallback;
    expect(cb.ResultCode).toBe(0);
    const items = (cb.CallbackMetadata as { Item: { Name: string; Value?: unknown }[] }).Item;
    expect(items.find((i) => i.Name === 'Balance')).toEqual({ Name: 'Balance' });
    expect(typeof items.find((i) => i.Name === 'TransactionDate')!.Value).toBe('number');
    expect(items.find((i) => i.Name === 'PhoneNumber')!.Value).toBe(254708374149);
    expect(items.find((i) => i.Name === 'MpesaReceiptNumber')!.Value).toMatch(/^[A-Z0-9]{10}$/);
  });

  it.each([
    ['254700000101', 1032],
    ['254700000102', 1],
    ['254700000103', 2001],
    ['254700000104', 1037],
  ])('answers by the rule for %s with ResultCode %i and no metadata', async (phone, code) => {
    const { body } = await push(phone);
    const cb = (await callbackFor(body.CheckoutRequestID!)).Body.stkCallback;
    expect(cb.ResultCode).toBe(code);
    expect(cb.CallbackMetadata).toBeUndefined();
  });

  it('never sends the callback for a phone ending in 05, but the query says it was paid', async () => {
    const { body } = await push('254700000105');
    await waitFor(() => simulator.sim.transaction(body.CheckoutRequestID!)?.result);
    await new Promise((r) => setTimeout(r, 50));
    expect(simulator.sim.transaction(body.CheckoutRequestID!)!.callbacks).toEqual([]);
  });

  it('answers result 17 for the same amount to the same phone within the repeat window', async () => {
    const first = await push('254700000199', { Amount: 7 });
    await callbackFor(first.body.CheckoutRequestID!);
    const second = await push('254700000199', { Amount: 7 });
    expect((await callbackFor(second.body.CheckoutRequestID!)).Body.stkCallback.ResultCode).toBe(17);
  });

  it('lets the simulated phone type a PIN or cancel through the control routes', async () => {
    const slow = await startSimulator({ autoAnswerMs: 60_000, callbackDelayMs: 1 });
    try {
      const ask = async () => {
        const basic = Buffer.from('platform-key:platform-secret').toString('base64');
        const t = ((await (await fetch(`${slow.url}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${basic}` } })).json()) as { access_token: string }).access_token;
        const ts = eatTimestamp();
        return fetch(`${slow.url}/mpesa/stkpush/v1/processrequest`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ BusinessShortCode: '174379', Password: stkPassword('174379', platformCredentials.passkey, ts), Timestamp: ts, TransactionType: 'CustomerPayBillOnline', Amount: 5, PartyA: '254711000001', PartyB: '174379', PhoneNumber: '254711000001', CallBackURL: receiverUrl, AccountReference: 'X', TransactionDesc: 'Y' }),
        });
      };
      const first = (await (await ask()).json()) as { CheckoutRequestID: string };
      const prompts = (await (await fetch(`${slow.url}/__sim/prompts?phone=254711000001`)).json()) as { checkoutRequestId: string; amount: number }[];
      expect(prompts).toEqual([expect.objectContaining({ checkoutRequestId: first.CheckoutRequestID, amount: 5 })]);
      const wrong = await fetch(`${slow.url}/__sim/prompts/${first.CheckoutRequestID}/pin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"pin":"9999"}' });
      expect(wrong.status).toBe(200);
      expect((await callbackFor(first.CheckoutRequestID)).Body.stkCallback.ResultCode).toBe(2001);

      const second = (await (await ask()).json()) as { CheckoutRequestID: string };
      await fetch(`${slow.url}/__sim/prompts/${second.CheckoutRequestID}/pin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"pin":"${slow.sim.pin}"}` });
      expect((await callbackFor(second.CheckoutRequestID)).Body.stkCallback.ResultCode).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it.each([
    [{ Amount: '10.50' }, 'Bad Request - Invalid Amount'],
    [{ Amount: 0 }, 'Bad Request - Invalid Amount'],
    [{ PhoneNumber: '0712345678' }, 'Bad Request - Invalid PhoneNumber'],
    [{ Timestamp: '20200101000000' }, 'Bad Request - Invalid Timestamp'],
    [{ AccountReference: 'ABCDEFGHIJKLM' }, 'Bad Request - Invalid AccountReference'],
    [{ TransactionDesc: 'fourteen chars' }, 'Bad Request - Invalid TransactionDesc'],
    [{ CallBackURL: 'not a url' }, 'Bad Request - Invalid CallBackURL'],
    [{ TransactionType: 'Something' }, 'Bad Request - Invalid TransactionType'],
  ])('rejects %o like Daraja: 400.002.02 "%s"', async (overrides, message) => {
    const { status, body } = await push('254700000400', overrides);
    expect(status).toBe(400);
    expect(body).toMatchObject({ errorCode: '400.002.02', errorMessage: message });
  });

  it('rejects a Password made with another passkey as "Wrong credentials"', async () => {
    const timestamp = eatTimestamp();
    const { status, body } = await push('254700000401', { Timestamp: timestamp, Password: stkPassword(SANDBOX_SHORT_CODE, 'other', timestamp) });
    expect(status).toBe(500);
    expect(body).toMatchObject({ errorCode: '500.001.1001', errorMessage: 'Wrong credentials' });
  });

  it('answers a shortcode with no passkey known as "Merchant does not exist"', async () => {
    const timestamp = eatTimestamp();
    const { body } = await push('254700000402', { BusinessShortCode: '999999', PartyB: '999999', Timestamp: timestamp, Password: stkPassword('999999', 'x', timestamp) });
    expect(body).toMatchObject({ errorCode: '500.001.1001', errorMessage: 'Merchant does not exist' });
  });

  it('answers malformed JSON with Daraja error JSON', async () => {
    const res = await fetch(`${simulator.url}/mpesa/stkpush/v1/processrequest`, { method: 'POST', headers: { Authorization: `Bearer ${await token()}`, 'Content-Type': 'application/json' }, body: '{"oops' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: '400.002.05' });
  });
});
