// A landlord's month, for the report in chat: each active tenancy with what was billed this month, what is
// due now and what is not due yet; what came in this month, per property; the latest payments with names.
// Three statements, sent together (one round trip), each through the landlord's indexes.
import { PLAN_EACH_TIME, type Sql } from '../sql.js';
import { addMonths, monthStartsAt } from '../../src/domain/calendar.js';
import type { Scope } from './tenancies.js';
import { BILL_DUE, BILL_PAID } from './bill-order.js';

export interface TenancyMonth {
  id: string;
  name: string;
  unit: string;
  /** '' when the tenancy has no property. */
  property: string;
  /** Bills of this month (period), any kind. */
  billed: number;
  /** Owed on bills due by today. */
  due: number;
  /** Owed on bills not due yet. */
  upcoming: number;
}

export interface LandlordMonth {
  tenancies: TenancyMonth[];
  collected: { property: string; amount: number; count: number }[];
  latest: { at: string; amount: number; receipt: string | null; name: string | null; unit: string | null }[];
}

export async function loadLandlordMonth(sql: Sql, query: Scope & { period: string; today: string; latest: number }): Promise<LandlordMonth> {
  const monthStart = monthStartsAt(query.period);
  const [tenancies, collected, latest] = await Promise.all([
    sql.query<TenancyMonth>(
      `select t.id, t.name, t.unit, coalesce(pr.name, '') as property,
              coalesce(sum(b.amount) filter (where b.period = $2), 0)::int as billed,
              coalesce(sum(b.amount - b.paid) filter (where b.due <= $3::date), 0)::int as due,
              coalesce(sum(b.amount - b.paid) filter (where b.due > $3::date), 0)::int as upcoming
       from tenancies t
       left join properties pr on pr.id = t.property_id
       left join lateral (
         select b.period, b.amount, ${BILL_DUE} as due, ${BILL_PAID} as paid
         from bills b where b.tenancy_id = t.id and b.voided_at is null
       ) b on true
       where t.landlord_id = $1 and t.active and ($4::uuid is null or t.property_id = $4)
       group by t.id, t.name, t.unit, pr.name
       order by coalesce(pr.name, ''), t.unit`,
      [query.landlordId, query.period, query.today, query.propertyId],
      PLAN_EACH_TIME,
    ),
    sql.query<{ property: string; amount: number; count: number }>(
      `select coalesce(pr.name, '') as property, sum(p.amount)::int as amount, count(*)::int as count
       from payments p left join tenancies t on t.id = p.tenancy_id left join properties pr on pr.id = t.property_id
       where p.landlord_id = $1 and p.status = 'success' and p.purpose = 'rent' and p.completed_at >= $2
         and ($3::uuid is null or t.property_id = $3)
       group by coalesce(pr.name, '') order by 1`,
      [query.landlordId, monthStart, query.propertyId],
      PLAN_EACH_TIME,
    ),
    sql.query<{ at: string; amount: number; receipt: string | null; name: string | null; unit: string | null }>(
      `select coalesce(p.transaction_date, p.completed_at) as at, p.amount, p.mpesa_receipt_number as receipt, t.name, t.unit
       from payments p left join tenancies t on t.id = p.tenancy_id
       where p.landlord_id = $1 and p.status = 'success' and p.purpose = 'rent' and ($3::uuid is null or t.property_id = $3)
       order by p.completed_at desc limit $2`,
      [query.landlordId, query.latest, query.propertyId],
      PLAN_EACH_TIME,
    ),
  ]);
  const n = (x: unknown) => Number(x);
  return {
    tenancies: tenancies.map((t) => ({ ...t, billed: n(t.billed), due: n(t.due), upcoming: n(t.upcoming) })),
    collected: collected.map((c) => ({ ...c, amount: n(c.amount), count: n(c.count) })),
    latest: latest.map((l) => ({ ...l, at: new Date(l.at).toISOString(), amount: n(l.amount) })),
  };
}

/** One tenancy's month, as the CSV a landlord is sent has it. */
export interface MonthLedgerRow {
  property: string;
  unit: string;
  name: string;
  phone: string;
  accountNumber: string;
  monthlyRent: number;
  billed: number;
  paid: number;
  due: number;
  upcoming: number;
  /** Receipt numbers (or our references) of this month's payments, oldest first. */
  receipts: string[];
}

/** Every active tenancy in scope with its month: billed, paid (this month's settled payments), owed, not yet due. */
export async function loadMonthLedger(sql: Sql, query: Scope & { period: string; today: string }): Promise<MonthLedgerRow[]> {
  const rows = await sql.query<MonthLedgerRow>(
    `select coalesce(pr.name, '') as property, t.unit, t.name, t.phone, t.account_number as "accountNumber", t.monthly_rent as "monthlyRent",
            coalesce((select sum(b.amount) from bills b where b.tenancy_id = t.id and b.voided_at is null and b.period = $2), 0)::int as billed,
            coalesce(p.paid, 0)::int as paid,
            coalesce(o.due, 0)::int as due, coalesce(o.upcoming, 0)::int as upcoming,
            coalesce(p.receipts, '[]'::json) as receipts
     from tenancies t
     left join properties pr on pr.id = t.property_id
     left join lateral (
       select sum(x.amount) as paid, json_agg(coalesce(x.mpesa_receipt_number, x.reference) order by x.completed_at) as receipts
       from payments x where x.tenancy_id = t.id and x.status = 'success' and x.purpose = 'rent' and x.completed_at >= $5 and x.completed_at < $6
     ) p on true
     left join lateral (
       select sum(b.amount - b.paid) filter (where b.due <= $3::date) as due, sum(b.amount - b.paid) filter (where b.due > $3::date) as upcoming
       from (select b.amount, ${BILL_DUE} as due, ${BILL_PAID} as paid
             from bills b where b.tenancy_id = t.id and b.voided_at is null) b
     ) o on true
     where t.landlord_id = $1 and t.active and ($4::uuid is null or t.property_id = $4)
     order by coalesce(pr.name, ''), t.unit`,
    [query.landlordId, query.period, query.today, query.propertyId, monthStartsAt(query.period), monthStartsAt(addMonths(query.period, 1))],
    PLAN_EACH_TIME,
  );
  const n = (x: unknown) => Number(x);
  return rows.map((r) => ({ ...r, monthlyRent: n(r.monthlyRent), billed: n(r.billed), paid: n(r.paid), due: n(r.due), upcoming: n(r.upcoming) }));
}
