// Pure mapping of Daraja's wire answers to our types. Every errorCode and ResultCode of
// reference/daraja.md is mapped here, once.
import type { DomainCode } from './domain-codes.js';
import type { DarajaErrorBody, StkCallbackBody } from './types.js';

/** ResultCode (callback: number, query: string) → domain code. reference/daraja.md §3. */
const RESULT_CODES: Record<string, DomainCode> = {
  '0': 'success',
  '1': 'insufficient_funds',
  '2': 'amount_too_small',
  '3': 'amount_too_large',
  '4': 'limit_exceeded', // over the customer's daily limit
  '8': 'limit_exceeded', // over the paybill/till balance limit
  '17': 'repeat_too_soon', // same amount to the same customer within 2 minutes
  '26': 'subscriber_busy', // traffic blocking condition
  '1001': 'subscriber_busy', // unable to lock subscriber
  '1019': 'expired',
  '1025': 'push_failed', // prompt longer than 182 characters
  '1032': 'cancelled_by_user',
  '1037': 'unreachable', // phone off, out of reach, or busy in another USSD session
  '2001': 'wrong_pin',
  '2028': 'merchant_misconfigured', // wrong TransactionType or PartyB for the shortcode
  '8006': 'wrong_pin', // security credential locked after too many wrong PINs
  '9999': 'failed',
  SFC_IC0003: 'merchant_misconfigured', // till/store mix-up: "The operator does not exist"
};

export function domainCodeForResult(resultCode: string | number): DomainCode {
  return RESULT_CODES[String(resultCode)] ?? 'failed';
}

/**
 * errorCode (+ message, since 500.001.1001 is shared by unrelated errors) → domain code.
 * reference/daraja.md §2 and §4.
 */
export function domainCodeForError(body: DarajaErrorBody, httpStatus: number): DomainCode {
  const message = body.errorMessage.toLowerCase();
  switch (body.errorCode) {
    case '400.002.02':
    case '400.002.05':
    case '404.001.01':
    case '405.001':
      return 'invalid_request';
    case '400.003.01':
    case '400.008.01':
    case '400.008.02':
    case '404.001.03':
    case '404.001.04':
      return 'auth_failed';
    case '500.001.1001':
      if (message.includes('lock subscriber')) return 'subscriber_busy';
      if (message.includes('merchant does not exist')) return 'merchant_misconfigured';
      if (message.includes('wrong credentials')) return 'wrong_credentials';
      return 'daraja_unavailable';
    case '500.003.02':
      // "System is busy" or "Spike Arrest Violation": both mean "slow down and try later".
      return 'rate_limited';
    case '500.003.03':
      return 'rate_limited';
    case '500.003.1001':
      return 'daraja_unavailable';
    default:
      return httpStatus >= 500 ? 'daraja_unavailable' : 'invalid_request';
  }
}

/** "Invalid Access Token": the request was rejected before processing, so it is safe to retry with a new token. */
export function isInvalidTokenError(body: DarajaErrorBody): boolean {
  return body.errorCode === '404.001.03';
}

export type QueryOutcome =
  | { kind: 'pending' }
  | { kind: 'unknown' }
  | { kind: 'done'; resultCode: string; resultDesc: string; outcome: DomainCode };

/** STK Query answers HTTP 500 500.001.1001 both while pending and for an unknown id; the message tells them apart. */
export function queryOutcomeForError(body: DarajaErrorBody): QueryOutcome | undefined {
  if (body.errorCode !== '500.001.1001') return undefined;
  const message = body.errorMessage.toLowerCase();
  if (message.includes('being processed')) return { kind: 'pending' };
  if (message.includes('does not exist')) return { kind: 'unknown' };
  return undefined;
}

/** What an STK callback says, in our terms. */
export interface StkResult {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: string;
  resultDesc: string;
  outcome: DomainCode;
  amount: number | undefined;
  mpesaReceiptNumber: string | undefined;
  /** TransactionDate (YYYYMMDDHHmmss, East Africa Time) as an instant. */
  transactionDate: Date | undefined;
  phone: string | undefined;
}

export function toStkResult(body: StkCallbackBody): StkResult {
  const cb = body.Body.stkCallback;
  // Items vary in number and order between accounts: look them up by name.
  const items = new Map((cb.CallbackMetadata?.Item ?? []).map((i) => [i.Name, i.Value]));
  const amount = items.get('Amount');
  const receipt = items.get('MpesaReceiptNumber');
  const date = items.get('TransactionDate');
  const phone = items.get('PhoneNumber');
  return {
    merchantRequestId: cb.MerchantRequestID,
    checkoutRequestId: cb.CheckoutRequestID,
    resultCode: cb.ResultCode,
    resultDesc: cb.ResultDesc,
    outcome: domainCodeForResult(cb.ResultCode),
    amount: amount === undefined || Number.isNaN(Number(amount)) ? undefined : Number(amount),
    mpesaReceiptNumber: receipt === undefined ? undefined : String(receipt),
    transactionDate: date === undefined ? undefined : parseEatTimestamp(String(date)),
    phone: phone === undefined ? undefined : String(phone),
  };
}

/** "20191219102115" in East Africa Time (UTC+3, no daylight saving) → Date. */
export function parseEatTimestamp(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h - 3, mi, s));
}
