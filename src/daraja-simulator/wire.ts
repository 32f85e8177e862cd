// Daraja's wire format as the simulator speaks it: its error JSON, the STK Push request checked field by
// field as Daraja checks it (reference/daraja.md §2), and the look of its ids and receipt numbers.
import { randomBytes, randomInt } from 'node:crypto';

export interface SimAnswer {
  status: number;
  body: unknown;
}

export const daraja400 = (field: string): SimAnswer => error(400, '400.002.02', `Bad Request - Invalid ${field}`);

export function error(status: number, errorCode: string, errorMessage: string, requestId = randomId()): SimAnswer {
  return { status, body: { requestId, errorCode, errorMessage } };
}

export function randomId(): string {
  return `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}-${randomInt(1e6)}`;
}

export interface StkPushRequest {
  shortCode: string;
  timestamp: string;
  transactionType: string;
  amount: number;
  phone: string;
  partyB: string;
  callbackUrl: string;
  accountReference: string;
  transactionDesc: string;
  password: string;
}

/** The fields of an STK Push, or the error Daraja answers for the first field it refuses. */
export function readStkPushRequest(body: unknown, maxAmount: number, timestampIsCurrent: (t: string) => boolean): StkPushRequest | SimAnswer {
  if (typeof body !== 'object' || body === null) return error(400, '400.002.05', 'Invalid Request Payload');
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '');

  const shortCode = str(b.BusinessShortCode);
  if (!/^\d{5,7}$/.test(shortCode)) return daraja400('BusinessShortCode');
  const timestamp = str(b.Timestamp);
  if (!timestampIsCurrent(timestamp)) return daraja400('Timestamp');
  if (b.TransactionType !== 'CustomerPayBillOnline' && b.TransactionType !== 'CustomerBuyGoodsOnline') return daraja400('TransactionType');
  const amountText = str(b.Amount);
  const amount = Number(amountText);
  if (!/^\d+$/.test(amountText) || amount < 1 || amount > maxAmount) return daraja400('Amount');
  const phone = str(b.PhoneNumber);
  if (!/^254[17]\d{8}$/.test(phone)) return daraja400('PhoneNumber');
  if (!/^254[17]\d{8}$/.test(str(b.PartyA))) return daraja400('PartyA');
  const partyB = str(b.PartyB);
  if (!/^\d{5,7}$/.test(partyB)) return daraja400('PartyB');
  const callbackUrl = str(b.CallBackURL);
  if (!isHttpUrl(callbackUrl)) return daraja400('CallBackURL');
  const accountReference = str(b.AccountReference);
  if (accountReference.length === 0 || accountReference.length > 12) return error(400, '400.002.02', 'Bad Request - Invalid AccountReference');
  const transactionDesc = str(b.TransactionDesc);
  if (transactionDesc.length > 13) return daraja400('TransactionDesc');
  return { shortCode, timestamp, transactionType: String(b.TransactionType), amount, phone, partyB, callbackUrl, accountReference, transactionDesc, password: str(b.Password) };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** YYYYMMDDHHmmss in East Africa Time. */
export function eatStamp(ms: number): string {
  return new Date(ms + 3 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** M-Pesa receipt numbers look like "NLJ7RT61SV": 10 upper-case letters and digits. */
export function receiptNumber(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = 'S';
  for (let i = 0; i < 9; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
