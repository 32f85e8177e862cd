import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { domainCodeForError, domainCodeForResult, parseEatTimestamp, queryOutcomeForError, readStkCallback } from '../../src/daraja/transform.js';
import { eatTimestamp, stkPassword } from '../../src/daraja/timestamp.js';
import { errorResponseSchema, stkQueryResponseSchema, tokenResponseSchema } from '../../src/daraja/types.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/daraja/${name}.json`, import.meta.url), 'utf8'));

describe('Daraja wire format', () => {
  it('reads a documented success callback, Balance without a value and numeric date and phone included', () => {
    const result = readStkCallback(fixture('stk-callback-success'), 250_000)!;
    expect(result).toMatchObject({
      checkoutRequestId: 'ws_CO_191220191020363925',
      resultCode: '0',
      outcome: 'success',
      amount: 1,
      mpesaReceiptNumber: 'NLJ7RT61SV',
      phone: '254708374149',
    });
    // 2019-12-19 10:21:15 in Nairobi is 07:21:15 UTC.
    expect(result.transactionDate?.toISOString()).toBe('2019-12-19T07:21:15.000Z');
  });

  it('reads a failure callback, which has no metadata at all', () => {
    const result = readStkCallback(fixture('stk-callback-cancelled'), 250_000)!;
    expect(result).toMatchObject({ resultCode: '1032', outcome: 'cancelled_by_user', amount: undefined, mpesaReceiptNumber: undefined });
  });

  it('takes expires_in as a string or a number', () => {
    expect(tokenResponseSchema.parse(fixture('oauth-string-expiry')).expires_in).toBe(3599);
    expect(tokenResponseSchema.parse({ access_token: 'x', expires_in: 3599 }).expires_in).toBe(3599);
  });

  it('tells a pending query from an unknown one although both are HTTP 500 500.001.1001', () => {
    expect(queryOutcomeForError(errorResponseSchema.parse(fixture('stk-query-pending')))).toEqual({ kind: 'pending' });
    expect(queryOutcomeForError(errorResponseSchema.parse(fixture('stk-query-unknown')))).toEqual({ kind: 'unknown' });
    expect(stkQueryResponseSchema.parse(fixture('stk-query-done')).ResultCode).toBe('0');
  });

  it.each([
    ['0', 'success'], ['1', 'insufficient_funds'], ['2', 'amount_too_small'], ['3', 'amount_too_large'], ['4', 'limit_exceeded'],
    ['8', 'limit_exceeded'], ['17', 'repeat_too_soon'], ['26', 'subscriber_busy'], ['1001', 'subscriber_busy'], ['1019', 'expired'],
    ['1025', 'push_failed'], ['1032', 'cancelled_by_user'], ['1037', 'unreachable'], ['2001', 'wrong_pin'],
    ['2028', 'merchant_misconfigured'], ['8006', 'wrong_pin'], ['9999', 'failed'], ['SFC_IC0003', 'merchant_misconfigured'], ['4242', 'failed'],
  ])('maps ResultCode %s to %s', (code, expected) => {
    expect(domainCodeForResult(code)).toBe(expected);
    if (/^\d+$/.test(code)) expect(domainCodeForResult(Number(code))).toBe(expected);
  });

  it.each([
    ['400.002.02', 'Bad Request - Invalid PhoneNumber', 400, 'invalid_request'],
    ['400.002.05', 'Invalid Request Payload', 400, 'invalid_request'],
    ['404.001.01', 'Resource not found', 404, 'invalid_request'],
    ['405.001', 'Method not allowed', 405, 'invalid_request'],
    ['400.003.01', 'Invalid Access Token', 400, 'auth_failed'],
    ['400.008.01', 'Invalid Authentication passed', 400, 'auth_failed'],
    ['400.008.02', 'Invalid grant type passed', 400, 'auth_failed'],
    ['404.001.03', 'Invalid Access Token', 404, 'auth_failed'],
    ['404.001.04', 'Invalid Authentication Header', 404, 'auth_failed'],
    ['500.001.1001', 'Unable to lock subscriber, a transaction is already in process for the current subscriber', 500, 'subscriber_busy'],
    ['500.001.1001', 'Merchant does not exist', 500, 'merchant_misconfigured'],
    ['500.001.1001', 'Wrong credentials', 500, 'wrong_credentials'],
    ['500.003.02', 'Spike Arrest Violation', 500, 'rate_limited'],
    ['500.003.02', 'System is busy. Please try again in few minutes.', 500, 'rate_limited'],
    ['500.003.03', 'Quota Violation', 500, 'rate_limited'],
    ['500.003.1001', 'Internal Server Error', 500, 'daraja_unavailable'],
  ] as const)('maps errorCode %s (%s) to %s', (errorCode, errorMessage, status, expected) => {
    expect(domainCodeForError({ errorCode, errorMessage }, status)).toBe(expected);
  });
});

describe('Daraja timestamp and password', () => {
  it('gives East Africa Time whatever TZ says', () => {
    const instant = new Date('2024-01-01T21:30:05Z');
    const before = process.env.TZ;
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo', 'Africa/Nairobi']) {
        process.env.TZ = tz;
        expect(eatTimestamp(instant)).toBe('20240102003005');
      }
    } finally {
      process.env.TZ = before;
    }
  });

  it('reads TransactionDate back as the same instant', () => {
    const instant = new Date('2026-11-27T19:41:00Z');
    expect(parseEatTimestamp(eatTimestamp(instant))?.toISOString()).toBe(instant.toISOString());
    expect(parseEatTimestamp('2026-11-27')).toBeUndefined();
  });

  it('builds the password as base64(shortcode + passkey + timestamp)', () => {
    expect(Buffer.from(stkPassword('174379', 'pk', '20240102003005'), 'base64').toString()).toBe('174379pk20240102003005');
  });
});
