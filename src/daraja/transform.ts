// Pure mapping of Daraja's wire format to our types and back (STYLE.md "a provider connector"): every
// errorCode and ResultCode of reference/daraja.md mapped once to our domain codes; the STK callback and
// the C2B notifications read into StkResult and C2bPayment; the answers Daraja expects, built here.
// Daraja's field names stop in src/daraja/: src/payments sees only what this file returns.
import { parseShillings, type ShillingsRejection } from '../domain/money.js';
import type { DomainCode } from '../domain/outcomes.js';
import { c2bNotificationSchema, stkCallbackSchema, type DarajaErrorBody } from './types.js';

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
  /** Whole shillings, when the callback carries a valid Amount (success only). */
  amount: number | undefined;
  mpesaReceiptNumber: string | undefined;
  /** TransactionDate (YYYYMMDDHHmmss, East Africa Time) as an instant. */
  transactionDate: Date | undefined;
  phone: string | undefined;
}

/** The largest amount a callback or C2B notification may carry: M-Pesa's own ceiling with a margin. */
export const NOTIFICATION_AMOUNT_MARGIN = 4;

export type ParsedJson = { ok: true; json: unknown } | { ok: false };

export function parseJson(raw: string): ParsedJson {
  try {
    return { ok: true, json: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** An STK callback body, or undefined when the JSON is not one (e.g. a timeout notice). */
export function readStkCallback(json: unknown, maxAmount: number): StkResult | undefined {
  const parsed = stkCallbackSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const cb = parsed.data.Body.stkCallback;
  // Items vary in number and order between accounts: look them up by name.
  const items = new Map((cb.CallbackMetadata?.Item ?? []).map((i) => [i.Name, i.Value]));
  const amount = parseShillings(items.get('Amount'), maxAmount * NOTIFICATION_AMOUNT_MARGIN);
  const receipt = items.get('MpesaReceiptNumber');
  const date = items.get('TransactionDate');
  const phone = items.get('PhoneNumber');
  return {
    merchantRequestId: cb.MerchantRequestID,
    checkoutRequestId: cb.CheckoutRequestID,
    resultCode: cb.ResultCode,
    resultDesc: cb.ResultDesc,
    outcome: domainCodeForResult(cb.ResultCode),
    amount: amount.ok ? amount.amount : undefined,
    // A receipt number is a short code ("NLJ7RT61SV"); anything else is not one, and the intent is asked about instead.
    mpesaReceiptNumber: receipt !== undefined && /^[A-Z0-9]{6,20}$/i.test(String(receipt)) ? String(receipt) : undefined,
    transactionDate: date === undefined ? undefined : parseEatTimestamp(String(date)),
    phone: phone === undefined ? undefined : String(phone),
  };
}

/** A C2B payment as Daraja notified it, in our terms. */
export interface C2bPayment {
  /** TransID: the M-Pesa receipt, unique. */
  receipt: string;
  /** The paybill, store or till that was paid. */
  shortCode: string;
  /** BillRefNumber as typed: the tenancy's account number, or whatever the payer typed (empty for tills). */
  accountReference: string;
  /** MSISDN: a number, or masked ("2547 ***** 126", v2) or hashed (v1). */
  msisdn: string;
  /** TransTime in East Africa Time; undefined when absent. */
  paidAt: Date | undefined;
  /** "Pay Bill", "Buy Goods", … */
  transactionType: string;
  payerName: string;
}

export type C2bProblem = ShillingsRejection | 'bad_time';

export type C2bNotification =
  | { ok: true; problem: null; payment: C2bPayment & { amount: number } }
  /** Readable, but its amount or time cannot be trusted: recorded and set aside, never credited. */
  | { ok: false; problem: C2bProblem; payment: C2bPayment }
  | { ok: false; problem: 'malformed'; payment: null };

export function readC2bNotification(raw: string, maxAmount: number): C2bNotification {
  const json = parseJson(raw);
  const parsed = json.ok ? c2bNotificationSchema.safeParse(json.json) : undefined;
  if (!parsed?.success) return { ok: false, problem: 'malformed', payment: null };
  const body = parsed.data;
  const paidAt = body.TransTime ? parseEatTimestamp(body.TransTime) : undefined;
  const payment: C2bPayment = {
    receipt: body.TransID,
    shortCode: body.BusinessShortCode,
    accountReference: body.BillRefNumber,
    msisdn: body.MSISDN,
    paidAt,
    transactionType: body.TransactionType ?? '',
    payerName: [body.FirstName, body.MiddleName, body.LastName].filter(Boolean).join(' '),
  };
  if (body.TransTime && !paidAt) return { ok: false, problem: 'bad_time', payment };
  const amount = parseShillings(body.TransAmount, maxAmount * NOTIFICATION_AMOUNT_MARGIN);
  if (!amount.ok) return { ok: false, problem: amount.reason, payment };
  return { ok: true, problem: null, payment: { ...payment, amount: amount.amount } };
}

/** Our decision on a C2B validation request; Daraja's reply for each (reference/daraja.md §5). */
export type C2bDecision = 'accept' | 'unknown_account' | 'unknown_shortcode' | 'invalid_amount' | 'other';

const C2B_CODES: Record<C2bDecision, string> = {
  accept: '0',
  unknown_account: 'C2B00012',
  invalid_amount: 'C2B00013',
  unknown_shortcode: 'C2B00015',
  other: 'C2B00016',
};

export function c2bReply(decision: C2bDecision): { ResultCode: string; ResultDesc: string } {
  return { ResultCode: C2B_CODES[decision], ResultDesc: decision === 'accept' ? 'Accepted' : 'Rejected' };
}

/** What an STK callback or timeout notice is answered with (Daraja ignores it, but expects JSON). */
export const STK_CALLBACK_ACCEPTED = { ResultCode: 0, ResultDesc: 'Accepted' };
export const stkCallbackRefused = (reason: string) => ({ ResultCode: 1, ResultDesc: reason });

/**
 * "20191219102115" in East Africa Time (UTC+3, no daylight saving) → Date; undefined unless it is a
 * real moment of this century (a callback's "99999999999999" is not a time to store).
 */
export function parseEatTimestamp(value: string): Date | undefined {
  const m = /^(20\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h - 3, mi, s));
  // Date.UTC rolls "month 13" or "hour 25" over into the next unit: a round trip catches it.
  const eat = new Date(date.getTime() + 3 * 3600_000);
  const same = eat.getUTCFullYear() === y && eat.getUTCMonth() === mo - 1 && eat.getUTCDate() === d && eat.getUTCHours() === h && eat.getUTCMinutes() === mi && eat.getUTCSeconds() === s;
  return same ? date : undefined;
}
