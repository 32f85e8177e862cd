// A landlord's month as a CSV file (RFC 4180: CRLF lines, fields quoted when they need it), for their
// records and their spreadsheet. Amounts are whole shillings, as integers. A cell a spreadsheet would
// run as a formula (=, +, -, @ first: a tenant's name is typed by people) is written with a leading '.
import type { MonthLedgerRow } from '../../db/queries/reports.js';

const HEADER = ['property', 'unit', 'tenant', 'phone', 'account', 'monthly_rent', 'billed_this_month', 'paid_this_month', 'owed_now', 'not_yet_due', 'receipts'];

function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function monthCsv(rows: MonthLedgerRow[]): string {
  const lines = [HEADER, ...rows.map((r) => [r.property, r.unit, r.name, r.phone, r.accountNumber, r.monthlyRent, r.billed, r.paid, r.due, r.upcoming, r.receipts.join(' ')])];
  const total = (f: (r: MonthLedgerRow) => number) => rows.reduce((sum, r) => sum + f(r), 0);
  lines.push(['TOTAL', '', '', '', '', total((r) => r.monthlyRent), total((r) => r.billed), total((r) => r.paid), total((r) => r.due), total((r) => r.upcoming), '']);
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
