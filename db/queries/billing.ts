// The statements of the billing cycle (src/billing/): tenancies to bill in batches, bills inserted under
// their unique keys, late fees due, reminders due. Each batch is small and its own transaction, so a
// hundred thousand tenancies never hold one long transaction; a repeat inserts nothing twice.
import type { BillLine } from '../../src/domain/types.js';
import type { Sql, Transaction } from '../sql.js';

export interface TenancyToBill {
  id: string;
  landlordId: string;
  name: string;
  phone: string;
  unit: string;
  accountNumber: string;
  monthlyRent: number;
  dueDay: number;
  startsOn: string;
  endsOn: string | null;
  /** The day (EAT) the tenancy was entered: the scheduler bills no month before it. */
  enteredOn: string;
  paused: boolean;
  resumedOn: string | null;
  issueDaysBefore: number;
  prorate: boolean;
  /** Months that have a rent bill already (voided ones included: a cancelled month is not billed again). */
  billed: string[];
  charges: { id: string; kind: string; label: string | null; amount: number }[];
  payout: PayoutForNotice | null;
  contact: ContactForNotice | null;
}

/** How the tenant can pay into the landlord's own shortcode (for "how to pay" in notices). */
export interface PayoutForNotice {
  type: 'paybill' | 'till';
  shortCode: string;
  till: string | null;
  active: boolean;
}

/** What choosing the reader's channel and language needs (src/outbox/queue-message.ts); dates as text. */
export interface ContactForNotice {
  language: 'en' | 'sw' | null;
  lastChannel: string | null;
  preferredChannel: string | null;
  lastInboundAt: string | null;
  remindersStoppedAt: string | null;
}

const PAYOUT_JSON = `(select json_build_object('type', p.business_type, 'shortCode', p.business_short_code, 'till', p.till_number, 'active', p.is_active)
     from payout_configs p where p.landlord_id = t.landlord_id)`;
const CONTACT_JSON = `(select json_build_object('language', k.language, 'lastChannel', k.last_channel, 'preferredChannel', k.preferred_channel,
                            'lastInboundAt', k.last_inbound_at, 'remindersStoppedAt', k.reminders_stopped_at)
     from contacts k where k.phone = t.phone)`;

const TENANCY_TO_BILL = `t.id, t.landlord_id as "landlordId", t.name, t.phone, t.unit, t.account_number as "accountNumber", t.monthly_rent as "monthlyRent",
  t.due_day as "dueDay", t.starts_on::text as "startsOn", t.ends_on::text as "endsOn",
  ((t.created_at at time zone 'UTC') + interval '3 hours')::date::text as "enteredOn", t.billing_paused as paused, t.billing_resumed_on::text as "resumedOn",
  coalesce(s.issue_days_before, 5) as "issueDaysBefore", coalesce(s.prorate, false) as prorate,
  coalesce((select array_agg(b.period) from bills b where b.tenancy_id = t.id and b.kind = 'rent' and b.period >= $1), '{}') as billed,
  coalesce((select json_agg(json_build_object('id', c.id, 'kind', c.kind, 'label', c.label, 'amount', c.amount))
            from recurring_charges c where c.tenancy_id = t.id and c.active), '[]'::json) as charges,
  ${PAYOUT_JSON} as payout, ${CONTACT_JSON} as contact`;

/** The next batch of active tenancies after `afterId` (keyset order), with all billing them needs. */
export async function listTenanciesToBill(sql: Sql, query: { afterId: string; limit: number; sincePeriod: string; landlordId?: string }): Promise<TenancyToBill[]> {
  const rows = await sql.query<TenancyToBill>(
    `select ${TENANCY_TO_BILL}
     from tenancies t left join billing_settings s on s.landlord_id = t.landlord_id
     where t.id > $2::uuid and t.active ${query.landlordId ? 'and t.landlord_id = $4' : ''}
     order by t.id limit $3`,
    query.landlordId ? [query.sincePeriod, query.afterId, query.limit, query.landlordId] : [query.sincePeriod, query.afterId, query.limit],
  );
  return rows.map((r) => ({ ...r, monthlyRent: Number(r.monthlyRent), dueDay: Number(r.dueDay), issueDaysBefore: Number(r.issueDaysBefore) }));
}

export interface NewBill {
  tenancyId: string;
  period: string;
  kind: string;
  label: string | null;
  amount: number;
  dueDate: string;
  chargeId: string | null;
  lateFeeFor: string | null;
}

export interface CreatedBill extends NewBill {
  id: string;
}

/** Inserts bills in one statement; those whose unique key exists already are skipped. Returns the new ones. */
export async function insertBills(tx: Sql, bills: NewBill[]): Promise<CreatedBill[]> {
  if (bills.length === 0) return [];
  const rows = await tx.query<CreatedBill>(
    `insert into bills (tenancy_id, period, kind, label, amount, due_date, charge_id, late_fee_for)
     select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::date[], $7::uuid[], $8::uuid[])
     on conflict do nothing
     returning id, tenancy_id as "tenancyId", period, kind, label, amount, due_date::text as "dueDate", charge_id as "chargeId", late_fee_for as "lateFeeFor"`,
    [
      bills.map((b) => b.tenancyId),
      bills.map((b) => b.period),
      bills.map((b) => b.kind),
      bills.map((b) => b.label),
      bills.map((b) => b.amount),
      bills.map((b) => b.dueDate),
      bills.map((b) => b.chargeId),
      bills.map((b) => b.lateFeeFor),
    ],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Tenancies among these with paid money no bill has taken yet (it pays their new bills at once). */
export async function tenanciesWithCredit(tx: Sql, tenancyIds: string[]): Promise<string[]> {
  if (tenancyIds.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `select p.tenancy_id as id from payments p
     where p.tenancy_id = any($1::uuid[]) and p.status = 'success'
       and p.amount > coalesce((select sum(a.amount) from allocations a where a.payment_id = p.id), 0)
     group by p.tenancy_id`,
    [tenancyIds],
  );
  return rows.map((r) => r.id);
}

/** Who reads a bill's messages and how they pay, as each billing query returns it. */
interface BillReader {
  billId: string;
  tenancyId: string;
  phone: string;
  accountNumber: string;
  payout: PayoutForNotice | null;
  contact: ContactForNotice | null;
}

export interface LateFeeDue extends BillReader {
  period: string;
  /** What is still owed on the rent bill. */
  balance: number;
  kind: 'fixed' | 'percent';
  value: number;
}

/** Rent bills overdue past their landlord's late-fee delay, without a late fee yet; by id after `afterId` (keyset). */
export async function listLateFeesDue(sql: Sql, query: { today: string; afterId: string; limit: number }): Promise<LateFeeDue[]> {
  const rows = await sql.query<LateFeeDue>(
    `select b.id as "billId", b.tenancy_id as "tenancyId", t.phone, t.account_number as "accountNumber", ${PAYOUT_JSON} as payout, ${CONTACT_JSON} as contact,
            b.period, (b.amount - coalesce(paid.total, 0))::int as balance,
            s.late_fee_kind as kind, s.late_fee_value as value
     from bills b
     join tenancies t on t.id = b.tenancy_id and t.active
     join billing_settings s on s.landlord_id = t.landlord_id and s.late_fee_kind is not null
     left join lateral (select sum(a.amount) as total from allocations a where a.bill_id = b.id) paid on true
     where b.kind = 'rent' and b.voided_at is null and b.due_date is not null
       and b.due_date + s.late_fee_after_days < $1::date
       and b.amount > coalesce(paid.total, 0)
       and not exists (select 1 from bills f where f.late_fee_for = b.id)
       and b.id > $3::uuid
     order by b.id limit $2`,
    [query.today, query.limit, query.afterId],
  );
  return rows.map((r) => ({ ...r, balance: Number(r.balance), value: Number(r.value) }));
}

export interface ReminderDue extends BillReader, BillLine {
  /** The reminder offsets (days from the due date) that have come and were not sent. */
  pending: number[];
}

/**
 * For the next `limit` tenant phones after `afterPhone` (keyset order, by the phone index), their open
 * bills with a reminder that has come (due date + offset ≤ today) and was not sent, skipping phones that
 * stopped reminders. Offsets on or before the day the bill was issued do not count: the notice told them.
 * Each batch reads only its phones' bills, so a pass over 100,000 tenants stays linear.
 */
export async function listRemindersDue(sql: Sql, query: { today: string; afterPhone: string; limit: number }): Promise<{ rows: ReminderDue[]; lastPhone: string | null }> {
  const [rows, [last]] = await Promise.all([
    sql.query<ReminderDue>(
      `with phones as (select distinct phone from tenancies where active and phone > $2 order by phone limit $3)
       select b.id as "billId", b.tenancy_id as "tenancyId", t.phone, t.account_number as "accountNumber", ${PAYOUT_JSON} as payout, ${CONTACT_JSON} as contact,
              b.kind, b.label, b.period, b.amount, (b.amount - coalesce(paid.total, 0))::int as balance, b.due_date::text as "dueDate", due.pending
       from phones
       left join contacts k on k.phone = phones.phone
       -- Each phone's tenancies and bills by their indexes (OFFSET 0 keeps the planner from flattening them).
       cross join lateral (select * from tenancies t where t.phone = phones.phone and t.active offset 0) t
       cross join lateral (select * from bills b where b.tenancy_id = t.id and b.voided_at is null and b.due_date between $1::date - 60 and $1::date + 31 offset 0) b
       left join billing_settings s on s.landlord_id = t.landlord_id
       left join lateral (select sum(a.amount) as total from allocations a where a.bill_id = b.id) paid on true
       cross join lateral (
         select array_agg(d order by d) as pending from unnest(coalesce(s.reminder_days, '{-3,0,3,10}'::int[])) d
         where b.due_date + d <= $1::date
           and b.due_date + d > ((b.created_at at time zone 'UTC') + interval '3 hours')::date
           and not exists (select 1 from bill_reminders r where r.bill_id = b.id and r.offset_days = d)
       ) due
       where due.pending is not null and b.amount > coalesce(paid.total, 0) and k.reminders_stopped_at is null
       order by t.phone, b.due_date`,
      [query.today, query.afterPhone, query.limit],
    ),
    sql.query<{ phone: string | null }>(
      'select max(phone) as phone from (select distinct phone from tenancies where active and phone > $1 order by phone limit $2) p',
      [query.afterPhone, query.limit],
    ),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, amount: Number(r.amount), balance: Number(r.balance), pending: r.pending.map(Number) })),
    lastPhone: last?.phone ?? null,
  };
}

/** Claims today's one reminder for each phone; returns the phones that had none yet today. */
export async function claimReminderDays(tx: Sql, phones: string[], today: string): Promise<Set<string>> {
  if (phones.length === 0) return new Set();
  const rows = await tx.query<{ phone: string }>(
    'insert into reminder_days (phone, day) select p, $2::date from unnest($1::text[]) p on conflict do nothing returning phone',
    [phones, today],
  );
  return new Set(rows.map((r) => r.phone));
}

export function markRemindedLater(tx: Transaction, lines: { billId: string; offsetDays: number }[]): void {
  if (lines.length === 0) return;
  tx.later('insert into bill_reminders (bill_id, offset_days) select * from unnest($1::uuid[], $2::int[]) on conflict do nothing', [
    lines.map((l) => l.billId),
    lines.map((l) => l.offsetDays),
  ]);
}

export async function setRemindersStopped(sql: Sql, phone: string, stopped: boolean): Promise<void> {
  await sql.query(
    `insert into contacts (phone, reminders_stopped_at) values ($1, case when $2 then now() end)
     on conflict (phone) do update set reminders_stopped_at = case when $2 then coalesce(contacts.reminders_stopped_at, now()) end`,
    [phone, stopped],
  );
}

/** Who reads a tenancy's notices and how they pay (a bill added by hand). */
export interface NoticeReader {
  phone: string;
  accountNumber: string;
  dueDay: number;
  payout: PayoutForNotice | null;
  contact: ContactForNotice | null;
}

export async function loadNoticeReader(sql: Sql, tenancyId: string): Promise<NoticeReader | undefined> {
  const [row] = await sql.query<NoticeReader>(
    `select t.phone, t.account_number as "accountNumber", t.due_day as "dueDay", ${PAYOUT_JSON} as payout, ${CONTACT_JSON} as contact
     from tenancies t where t.id = $1`,
    [tenancyId],
  );
  return row && { ...row, dueDay: Number(row.dueDay) };
}

/**
 * After a month's bills are inserted in bulk the planner's statistics still describe the table before
 * them, and plans made from those read every bill for each batch of reminders: refresh them, as
 * PostgreSQL advises after a bulk load (autovacuum would, minutes later).
 */
export async function refreshBillingStatistics(sql: Sql): Promise<void> {
  await sql.query('analyze bills');
  await sql.query('analyze outbox');
}
