// Short references that reach M-Pesa: AccountReference is at most 12 alphanumeric characters
// (reference/daraja.md §2), and a tenant may type a tenancy's account number on a phone keypad.
import { randomInt } from 'node:crypto';

// Crockford-style alphabet: no I, L, O or U, so nothing is misread as 1, 0 or V when typed from a receipt.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A payment reference: "RE" + 8 random characters (32^8 ≈ 10^12), unique enough that the
 * unique constraint it is stored under practically never fires; it fits AccountReference (≤ 12).
 */
export function generatePaymentReference(): string {
  return `RE${randomCode(8)}`;
}

/** A tenancy account number for C2B BillRefNumber: 6 characters, quick to type, e.g. "K7M2QX". */
export function generateAccountNumber(): string {
  return randomCode(6);
}

/** How a BillRefNumber is compared with account numbers: case and spaces do not matter. */
export function canonicalAccountNumber(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * An AccountReference meaningful to the landlord: the unit (or the tenancy's account number),
 * reduced to the characters Daraja accepts and cut to 12.
 */
export function accountReferenceFor(unit: string, fallback: string): string {
  const cleaned = unit.replace(/[^A-Za-z0-9]/g, '').slice(0, 12);
  return cleaned.length > 0 ? cleaned : fallback.slice(0, 12);
}
