// Kenyan mobile numbers. Daraja wants 2547XXXXXXXX or 2541XXXXXXXX (12 digits, reference/daraja.md §2);
// people type 07…, 01…, +254…, 254…, often with spaces or dashes.

export type PhoneResult = { ok: true; phone: string } | { ok: false; reason: PhoneRejection };
export type PhoneRejection = 'empty' | 'invalid_characters' | 'wrong_length' | 'not_kenyan' | 'not_mobile';

const SEPARATORS = /[\s\-().]/g;

export function normalizePhone(input: string): PhoneResult {
  const compact = input.trim().replace(SEPARATORS, '');
  if (compact === '') return { ok: false, reason: 'empty' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: 'invalid_characters' };
  const digits = compact.replace(/^\+/, '');
  let national: string;
  if (compact.startsWith('+') || digits.startsWith('254')) {
    if (!digits.startsWith('254')) return { ok: false, reason: 'not_kenyan' };
    national = digits.slice(3);
  } else if (digits.startsWith('0')) {
    national = digits.slice(1);
  } else if (digits.length === 9) {
    national = digits; // 712345678, as some forms strip the leading 0
  } else {
    return { ok: false, reason: digits.length > 12 ? 'wrong_length' : 'not_kenyan' };
  }
  if (national.length !== 9) return { ok: false, reason: 'wrong_length' };
  if (!/^[17]/.test(national)) return { ok: false, reason: 'not_mobile' };
  return { ok: true, phone: `254${national}` };
}

/** Masks a number for logs: 254708374149 → 2547****149. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '****';
  return `${phone.slice(0, 4)}****${phone.slice(-3)}`;
}
