// Issuing bills: each active tenancy's rent for every month whose issue date has come (catching up
// months missed while no scheduler ran), its recurring charges with the rent, and a notice to the
// tenant in the same transaction. Tenancies go in keyset batches, each batch its own short transaction;
// the bills' unique keys (db/schema.ts) make a second process or a rerun create nothing twice, and only
// the process whose insert created a bill writes its notice.
import { insertBills, listTenanciesToBill, tenanciesWithCredit, type CreatedBill, type NewBill, type TenancyToBill } from '../../db/queries/billing.js';
import { insertOutboxMessagesLater } from '../../db/queries/outbox.js';
import { lockTenancies } from '../../db/queries/tenancies.js';
import type { Transaction } from '../../db/sql.js';
import { billNotice, billNoticeVariables } from '../messages/billing-messages.js';
import type { QueueMessageInput } from '../outbox/queue-message.js';
import { applyCreditLater } from '../payments/credit.js';
import { addMonths, eatDay, periodOf, rentDueBy, rentFor, type Day, type Period } from '../domain/calendar.js';
import type { BillingDeps } from './deps.js';
import { addressNotices, payInfoFor } from './notices.js';
import { groupBy } from '../domain/group-by.js';


export interface IssueResult {
  created: CreatedBill[];
  /** Bills the tenancies were due that existed already. */
  existing: number;
}

/** The scheduler's pass: every tenancy's bills whose issue date has come by today. */
export async function issueDueBills(deps: BillingDeps, stop?: () => boolean): Promise<number> {
  const today = eatDay(deps.clock());
  // Months before last year's are not looked at: a tenancy's catch-up goes back at most a year.
  const since = addMonths(periodOf(today), -12);
  const size = deps.batchSize ?? 500;
  let created = 0;
  for (let after = '00000000-0000-0000-0000-000000000000'; !stop?.(); ) {
    const tenancies = await listTenanciesToBill(deps.sql, { afterId: after, limit: size, sincePeriod: since });
    if (tenancies.length === 0) break;
    created += (await issueBatch(deps, tenancies.map((t) => ({ tenancy: t, bills: dueByToday(t, today) })))).created.length;
    after = tenancies.at(-1)!.id;
    if (tenancies.length < size) break;
  }
  return created;
}

/** One landlord's bills for one month, now, whatever the issue date (POST /api/landlords/:id/bills/run). */
export async function issuePeriod(deps: BillingDeps, landlordId: string, period: Period): Promise<IssueResult> {
  const result: IssueResult = { created: [], existing: 0 };
  const size = deps.batchSize ?? 500;
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const tenancies = await listTenanciesToBill(deps.sql, { afterId: after, limit: size, sincePeriod: period, landlordId });
    if (tenancies.length === 0) break;
    const plans = tenancies.map((t) => ({ tenancy: t, bills: forPeriod(t, period) }));
    const issued = await issueBatch(deps, plans);
    result.created.push(...issued.created);
    // The month's rent bill existed already (a voided one too: a cancelled month is not billed again).
    const rentBilled = tenancies.filter((t) => !t.paused && covers(t, period) && t.billed.includes(period)).length;
    result.existing += issued.existing + rentBilled;
    after = tenancies.at(-1)!.id;
    if (tenancies.length < size) break;
  }
  return result;
}

/** Rent (and its recurring charges) for every month that has come and has no rent bill yet. */
function dueByToday(t: TenancyToBill, today: Day): NewBill[] {
  const due = rentDueBy(t, t, today).filter((r) => !t.billed.includes(r.period));
  return due.flatMap((rent) => withCharges(t, rent.period, rent.amount, rent.dueDate));
}

/**
 * The month's rent (unless it has a rent bill) and recurring charges (their unique key skips those
 * billed already), when the tenancy covers that month and is not paused.
 */
function forPeriod(t: TenancyToBill, period: Period): NewBill[] {
  if (t.paused || !covers(t, period)) return [];
  const rent = rentFor(t, t, period);
  const bills = withCharges(t, period, rent.amount, rent.dueDate);
  return t.billed.includes(period) ? bills.filter((b) => b.kind !== 'rent') : bills;
}

/** The tenancy runs for some of the month: started by its last day, not ended before its first. */
function covers(t: TenancyToBill, period: Period): boolean {
  return t.startsOn.slice(0, 7) <= period && (!t.endsOn || t.endsOn >= `${period}-01`);
}

function withCharges(t: TenancyToBill, period: Period, rent: number, dueDate: Day): NewBill[] {
  const base = { tenancyId: t.id, period, dueDate, lateFeeFor: null };
  return [
    { ...base, kind: 'rent', label: null, amount: rent, chargeId: null },
    ...t.charges.map((c) => ({ ...base, kind: c.kind, label: c.label, amount: c.amount, chargeId: c.id })),
  ];
}

/**
 * One batch in one transaction: the tenancies that get bills are locked (so a payment settling at the
 * same moment either sees the new bills or leaves credit this transaction sees), the bills inserted,
 * credit applied to them, and one notice per tenancy written to the outbox.
 */
async function issueBatch(deps: BillingDeps, plans: { tenancy: TenancyToBill; bills: NewBill[] }[]): Promise<IssueResult> {
  const wanted = plans.filter((p) => p.bills.length > 0);
  const count = wanted.reduce((n, p) => n + p.bills.length, 0);
  if (count === 0) return { created: [], existing: 0 };
  const created = await deps.sql.transaction(async (tx) => {
    await lockTenancies(tx, wanted.map((p) => p.tenancy.id));
    const bills = await insertBills(tx, wanted.flatMap((p) => p.bills));
    for (const tenancyId of await tenanciesWithCredit(tx, [...new Set(bills.map((b) => b.tenancyId))])) await applyCreditLater(tx, tenancyId);
    queueNotices(deps, tx, wanted.map((p) => p.tenancy), bills);
    return bills;
  });
  if (created.length > 0) deps.logger.info({ bills: created.length, tenancies: new Set(created.map((b) => b.tenancyId)).size }, 'bills issued');
  return { created, existing: count - created.length };
}

function queueNotices(deps: BillingDeps, tx: Transaction, tenancies: TenancyToBill[], bills: CreatedBill[]): void {
  const byTenancy = groupBy(bills, (b) => b.tenancyId);
  const messages: QueueMessageInput[] = [];
  const readers = [];
  for (const t of tenancies) {
    const mine = byTenancy.get(t.id);
    if (!mine) continue;
    const lines = mine.map((b) => ({ ...b, balance: b.amount }));
    readers.push(t);
    messages.push({
      to: t.phone,
      text: billNotice(lines, payInfoFor(t, deps.ussdCode)),
      // The first new bill names the notice: a rerun that creates nothing writes nothing.
      idempotencyKey: `bill-notice:${mine[0]!.id}`,
      template: { kind: 'bill_notice', variables: billNoticeVariables(lines) },
    });
  }
  insertOutboxMessagesLater(tx, addressNotices(deps, readers, messages));
}
