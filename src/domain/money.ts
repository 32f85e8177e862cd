// Money is whole Kenya shillings in integers. Every amount a provider sends (C2B TransAmount, the STK
// callback's Amount, chat input handled elsewhere) goes through parseShillings: digits only, with an
// optional ".0"/".00" (Daraja writes "5.00"), between 1 and a ceiling. Anything else is refused with a
// reason, never rounded: "1e9", "0x10", "-1", "100,000", "100.50" and "" are not amounts.

export type ShillingsRejection = 'not_a_number' | 'fractional' | 'not_positive' | 'too_large';
export type ShillingsResult = { ok: true; amount: number } | { ok: false; reason: ShillingsRejection };

const DECIMAL = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

export function parseShillings(value: unknown, max: number): ShillingsResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'not_a_number' };
    if (!Number.isInteger(value)) return { ok: false, reason: value > 0 ? 'fractional' : 'not_positive' };
    if (value < 1) return { ok: false, reason: 'not_positive' };
    return value > max ? { ok: false, reason: 'too_large' } : { ok: true, amount: value };
  }
  if (typeof value !== 'string') return { ok: false, reason: 'not_a_number' };
  const m = DECIMAL.exec(value);
  if (!m) return { ok: false, reason: /^-\d/.test(value) ? 'not_positive' : 'not_a_number' };
  if (/[1-9]/.test(m[2] ?? '')) return { ok: false, reason: 'fractional' };
  const amount = Number(m[1]);
  if (amount < 1) return { ok: false, reason: 'not_positive' };
  return amount > max ? { ok: false, reason: 'too_large' } : { ok: true, amount };
}
