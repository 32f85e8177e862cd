// Tenants pasted by a landlord in one WhatsApp or SMS message, a line each: "name, phone, unit, rent"
// and optionally ", due day". Pure: the flow shows what was refused and why; the database decides only
// what it alone can (a unit already let).
import { normalizePhone, type PhoneRejection } from './phone.js';

export interface TenantLine {
  name: string;
  phone: string;
  unit: string;
  monthlyRent: number;
  dueDay: number;
}

export type LineProblem = 'fields' | 'name' | 'unit' | 'rent' | 'due_day' | PhoneRejection;

export type ParsedLine = { ok: true; line: number; tenant: TenantLine } | { ok: false; line: number; text: string; problem: LineProblem };

/** At most this many lines in one message. */
export const MAX_PASTED_TENANTS = 50;

/** A pasted list: two or more lines, or one line with at least four comma-separated fields. */
export function looksLikeTenantList(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.length >= 2 ? lines.some((l) => l.includes(',')) : (lines[0]?.split(',').length ?? 0) >= 4;
}

export function parseTenantLines(text: string): ParsedLine[] {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ raw: raw.trim(), line: i + 1 }))
    .filter((l) => l.raw !== '')
    .slice(0, MAX_PASTED_TENANTS)
    .map(({ raw, line }) => parseLine(raw, line));
}

function parseLine(text: string, line: number): ParsedLine {
  const fields = joinThousands(text.split(',').map((f) => f.trim()));
  const refuse = (problem: LineProblem): ParsedLine => ({ ok: false, line, text, problem });
  if (fields.length < 4 || fields.length > 5) return refuse('fields');
  const [name, phoneText, unit, rentText, dueText] = fields as [string, string, string, string, string | undefined];
  if (name.length < 2 || name.length > 120) return refuse('name');
  const phone = normalizePhone(phoneText);
  if (!phone.ok) return refuse(phone.reason);
  if (unit.length < 1 || unit.length > 40) return refuse('unit');
  const rent = parseRent(rentText);
  if (rent === undefined) return refuse('rent');
  const dueDay = dueText === undefined || dueText === '' ? 1 : Number(dueText);
  if (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 31 || !/^\d{1,2}$/.test(dueText ?? '1')) return refuse('due_day');
  return { ok: true, line, tenant: { name, phone: phone.phone, unit, monthlyRent: rent, dueDay } };
}

/** "15,000" in a comma-separated line arrives as "15" and "000": after the unit, rejoin such groups. */
function joinThousands(fields: string[]): string[] {
  const out = fields.slice(0, 3);
  for (const field of fields.slice(3)) {
    const previous = out.length > 3 ? out[out.length - 1]! : undefined;
    if (previous !== undefined && /^\d{3}$/.test(field) && /^(kes|ksh|sh)?\s*\d{1,3}(,\d{3})*$/i.test(previous)) out[out.length - 1] = `${previous},${field}`;
    else out.push(field);
  }
  return out;
}

/** Whole shillings, as landlords write them: "15000", "15,000" (a comma inside a field), "KES 15000", "15k". */
export function parseRent(input: string): number | undefined {
  const cleaned = input.replace(/[\s,]/g, '').replace(/^(kes|ksh|sh)\.?/i, '');
  const k = /^(\d{1,4})k$/i.exec(cleaned);
  const amount = k ? Number(k[1]) * 1000 : /^\d{1,8}$/.test(cleaned) ? Number(cleaned) : undefined;
  return amount !== undefined && amount >= 1 && amount <= 10_000_000 ? amount : undefined;
}
