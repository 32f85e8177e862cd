// Checks made before any HTTP call, with the rules Daraja applies (reference/daraja.md §2),
// so a bad value is a typed error here rather than a 400 from Safaricom.
import { DarajaValidationError } from './errors.js';

export const ACCOUNT_REFERENCE_MAX = 12;
export const TRANSACTION_DESC_MAX = 13;

export function assertAmount(amount: number, maxAmount: number): void {
  if (!Number.isInteger(amount)) throw new DarajaValidationError('Amount', 'must be whole shillings');
  if (amount < 1) throw new DarajaValidationError('Amount', 'must be at least KES 1');
  if (amount > maxAmount) throw new DarajaValidationError('Amount', `must be at most KES ${maxAmount}`);
}

export function assertMsisdn(field: string, phone: string): void {
  if (!/^254[17]\d{8}$/.test(phone)) throw new DarajaValidationError(field, 'must be 2547XXXXXXXX or 2541XXXXXXXX');
}

export function assertShortCode(field: string, value: string): void {
  // The docs say 5–6 digits for STK Push and 5–7 for Query; store numbers with 7 digits exist.
  if (!/^\d{5,7}$/.test(value)) throw new DarajaValidationError(field, 'must be 5 to 7 digits');
}

export function assertAccountReference(value: string): void {
  if (value.length === 0 || value.length > ACCOUNT_REFERENCE_MAX || !/^[A-Za-z0-9 _-]+$/.test(value)) {
    throw new DarajaValidationError('AccountReference', `must be 1 to ${ACCOUNT_REFERENCE_MAX} letters or digits`);
  }
}

export function assertTransactionDesc(value: string): void {
  if (value.length > TRANSACTION_DESC_MAX || !/^[A-Za-z0-9 _-]*$/.test(value)) {
    throw new DarajaValidationError('TransactionDesc', `must be at most ${TRANSACTION_DESC_MAX} letters or digits`);
  }
}

export function assertCallbackUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DarajaValidationError('CallBackURL', 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DarajaValidationError('CallBackURL', 'must be http(s)');
}
