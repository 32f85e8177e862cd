// What the web dashboard shows beyond the chat report (db/queries/reports.ts, which it also uses): every
// tenant with their balance and status, the latest payments with names, collections by day and by month.
// Each query is scoped like the chat's (a caretaker sees their property only).
import { PLAN_EACH_TIME, type Sql } from '../sql.js';
import { BILL_DUE, BILL_PAID } from './bill-order.js';
import type { Scope } from './tenancies.js';

export type TenantStatus = 'paid' | 'partial' | 'unpaid' | 'overdue';

export interface DashboardTenant {
  id: string;
  name: string;
  unit: string;
  property: string;
  accountNumber: string;
  monthlyRent: number;
  /** Owed on bills due by today. */
  due: number;
  /** Owed on bills not due yet. */
  upcoming: number;
  status: TenantStatus;
  lastPaymentAt: string | null;
  remindersOn: boolean;
}

/** The active tenants in scope (or the one `tenancyId`), matching `search` when given. */
export async function listDashboardTenants(sql: Sql, query: Scope & { today: string; search?: string | undefined; tenancyId?: string | undefined; limit: number }): Promise<DashboardTenant[]> {
  const like = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  // Set-based: the tenancies in scope, then their bills, allocations and payments each in one pass (a
  // lateral subquery per tenant costs ten times as much at 10,000 tenancies).
  const rows = await sql.query<DashboardTenant & { paidOnDue: number; oldestDue: string | null }>(
    `with t as (
       select t.id, t.name, t.unit, t.phone, t.property_id, t.account_number, t.monthly_rent from tenancies t
       where t.landlord_id = $1 and t.active and ($2::uuid is null or t.property_id = $2)
         and ($4::text is null or t.name ilike $4 or t.unit ilike $4 or t.account_number ilike $4)
         and ($6::uuid is null or t.id = $6)
     ),
     b as materialized (
       select b.tenancy_id, b.amount, ${BILL_DUE} as due, ${BILL_PAID} as paid
       from bills b join t on t.id = b.tenancy_id
       where b.voided_at is null
     ),
     o as (
       select tenancy_id,
              sum(amount - paid) filter (where due <= $3::date) as due,
              sum(amount - paid) filter (where due > $3::date) as upcoming,
              sum(paid) filter (where due <= $3::date and amount > paid) as paid_on_due,
              min(due) filter (where due < $3::date and amount > paid) as oldest_due
       from b group by tenancy_id
     ),
     lp as (
       select p.tenancy_id, max(coalesce(p.transaction_date, p.completed_at)) as at
       from payments p join t on t.id = p.tenancy_id where p.status = 'success' group by p.tenancy_id
     )
     select t.id, t.name, t.unit, coalesce(pr.name, '') as property, t.account_number as "accountNumber", t.monthly_rent as "monthlyRent",
            coalesce(o.due, 0)::int as due, coalesce(o.upcoming, 0)::int as upcoming, coalesce(o.paid_on_due, 0)::int as "paidOnDue",
            o.oldest_due::text as "oldestDue", lp.at as "lastPaymentAt", (c.reminders_stopped_at is null) as "remindersOn"
     from t
     left join properties pr on pr.id = t.property_id
     left join contacts c on c.phone = t.phone
     left join o on o.tenancy_id = t.id
     left join lp on lp.tenancy_id = t.id
     order by coalesce(pr.name, ''), t.unit
     limit $5`,
    [query.landlordId, query.propertyId, query.today, like, query.limit, query.tenancyId ?? null],
    PLAN_EACH_TIME,
  );
  return rows.map(({ paidOnDue, oldestDue, ...t }) => {
    const due = Number(t.due);
    const status: TenantStatus = due === 0 ? 'paid' : oldestDue ? 'overdue' : Number(paidOnDue) > 0 ? 'partial' : 'unpaid';
    return { ...t, monthlyRent: Number(t.monthlyRent), due, upcoming: Number(t.upcoming), status, lastPaymentAt: t.lastPaymentAt ? new Date(t.lastPaymentAt).toISOString() : null };
  });
}

export interface DashboardPayment {
  id: string;
  at: string;
  amount: number;
  status: string;
  source: string;
  receipt: string | null;
  reference: string;
  name: string | null;
  unit: string | null;
  tenancyId: string | null;
}

/** The latest payments in scope (rent and unmatched money), newest first; to one tenant, or of one status. */
export async function listDashboardPayments(sql: Sql, query: Scope & { limit: number; tenancyId?: string | undefined; status?: string | undefined }): Promise<DashboardPayment[]> {
  const rows = await sql.query<DashboardPayment>(
    `select p.id, coalesce(p.transaction_date, p.completed_at, p.initiated_at) as at, p.amount, p.status, p.source,
            p.mpesa_receipt_number as receipt, p.account_reference as reference, t.name, t.unit, p.tenancy_id as "tenancyId"
     from payments p left join tenancies t on t.id = p.tenancy_id
     where p.landlord_id = $1 and p.purpose = 'rent' and coalesce(p.outcome, '') <> 'duplicate'
       and ($2::uuid is null or t.property_id = $2)
       and ($4::uuid is null or p.tenancy_id = $4)
       and ($5::text is null or p.status = $5)
     order by p.initiated_at desc limit $3`,
    [query.landlordId, query.propertyId, query.limit, query.tenancyId ?? null, query.status ?? null],
    PLAN_EACH_TIME,
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount), at: new Date(r.at).toISOString() }));
}

/** Rent collected per day of the month (EAT) and per month for the last `months`, in scope. */
export async function loadCollections(sql: Sql, query: Scope & { monthStart: Date; monthsStart: Date }): Promise<{ byDay: { day: number; amount: number }[]; byMonth: { period: string; amount: number }[] }> {
  // The same sum, grouped by an expression of the settlement time in East Africa Time.
  const collectedBy = <K>(bucket: string, since: Date) =>
    sql.query<{ bucket: K; amount: number }>(
      `select ${bucket} as bucket, sum(p.amount)::int as amount
       from payments p left join tenancies t on t.id = p.tenancy_id
       where p.landlord_id = $1 and p.status = 'success' and p.purpose = 'rent' and p.completed_at >= $3 and ($2::uuid is null or t.property_id = $2)
       group by 1 order by 1`,
      [query.landlordId, query.propertyId, since],
      PLAN_EACH_TIME,
    );
  const [byDay, byMonth] = await Promise.all([
    collectedBy<number>(`extract(day from (p.completed_at at time zone 'Africa/Nairobi'))::int`, query.monthStart),
    collectedBy<string>(`to_char(p.completed_at at time zone 'Africa/Nairobi', 'YYYY-MM')`, query.monthsStart),
  ]);
  return {
    byDay: byDay.map((r) => ({ day: Number(r.bucket), amount: Number(r.amount) })),
    byMonth: byMonth.map((r) => ({ period: r.bucket, amount: Number(r.amount) })),
  };
}

/** The newest settled payment in scope: the live page compares it to know when to refresh. */
export async function latestSettledPaymentId(sql: Sql, scope: Scope): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `select p.id from payments p left join tenancies t on t.id = p.tenancy_id
     where p.landlord_id = $1 and p.status in ('success', 'suspense') and ($2::uuid is null or t.property_id = $2)
     order by coalesce(p.completed_at, p.initiated_at) desc limit 1`,
    [scope.landlordId, scope.propertyId],
  );
  return row?.id ?? null;
}
