// The month's CSV file a landlord (or caretaker, for their scope) asks for in chat: a signed link that
// ends after MONTH_FILE_HOURS, sent in a message that WhatsApp shows as an attached document (Twilio
// fetches the link) and SMS shows as the link. The file is built when the link is opened, from the same
// ledger the chat report reads, so it is always the month as it stands.
import { loadMonthLedger } from '../../db/queries/reports.js';
import type { Scope } from '../../db/queries/tenancies.js';
import type { Sql } from '../../db/sql.js';
import { readLinkToken, signLinkToken } from '../crypto/signed-link.js';
import { daysInMonth, eatDay, periodOf } from '../domain/calendar.js';
import { monthCsv } from '../rendering/month-csv.js';

export const MONTH_FILE_HOURS = 24;
const PURPOSE = 'month-csv';

/** Where links point and what signs them (PUBLIC_BASE_URL, APP_SECRET). */
export interface LinkSettings {
  publicBaseUrl: string;
  appSecret: string;
}

export interface MonthFile extends Scope {
  /** YYYY-MM */
  period: string;
}

export function monthFileUrl(links: LinkSettings, file: MonthFile, now: Date = new Date()): string {
  const token = signLinkToken(links.appSecret, PURPOSE, { l: file.landlordId, p: file.propertyId, m: file.period }, new Date(now.getTime() + MONTH_FILE_HOURS * 3600_000));
  return `${links.publicBaseUrl}/files/month/${token}/rentease-${file.period}.csv`;
}

export type MonthFileCheck = { ok: true; file: MonthFile } | { ok: false; reason: 'invalid' | 'expired' };

export function readMonthFileToken(appSecret: string, token: string, now: Date = new Date()): MonthFileCheck {
  const check = readLinkToken(appSecret, PURPOSE, token, now);
  if (!check.ok) return check;
  const { l, p, m } = check.payload;
  if (typeof l !== 'string' || (p !== null && typeof p !== 'string') || typeof m !== 'string' || !/^\d{4}-\d{2}$/.test(m)) return { ok: false, reason: 'invalid' };
  return { ok: true, file: { landlordId: l, propertyId: p, period: m } };
}

/** The file's text: every tenancy in scope with the month's billed, paid and owed, and a total line. */
export async function buildMonthCsv(sql: Sql, file: MonthFile, now: Date = new Date()): Promise<string> {
  const today = eatDay(now);
  const rows = await loadMonthLedger(sql, {
    ...file,
    // A past month's file says what was owed at its end; this month's, what is owed today.
    today: file.period < periodOf(today) ? `${file.period}-${String(daysInMonth(file.period)).padStart(2, '0')}` : today,
  });
  return monthCsv(rows);
}

/** How the file is answered, wherever it is asked for (the signed link, the dashboard). */
export function monthCsvHeaders(period: string): Record<string, string> {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="rentease-${period}.csv"`,
    'Cache-Control': 'private, no-store',
  };
}
