// A landlord's billing settings and a tenancy's recurring charges: the rules the scheduler bills by.
// A landlord without a settings row has the defaults (the table's column defaults, repeated here).
import type { Sql } from '../sql.js';

export interface LateFeeRule {
  kind: 'fixed' | 'percent';
  /** Shillings (fixed) or percent of what is owed on the rent. */
  value: number;
  afterDays: number;
}

export interface BillingSettings {
  issueDaysBefore: number;
  /** Days from the due date (negative: before it). */
  reminderDays: number[];
  lateFee: LateFeeRule | null;
  prorate: boolean;
}

export const DEFAULT_BILLING_SETTINGS: BillingSettings = { issueDaysBefore: 5, reminderDays: [-3, 0, 3, 10], lateFee: null, prorate: false };

interface SettingsRow {
  issueDaysBefore: number;
  reminderDays: number[] | string;
  lateFeeKind: 'fixed' | 'percent' | null;
  lateFeeValue: number | null;
  lateFeeAfterDays: number | null;
  prorate: boolean;
}

const COLUMNS = `issue_days_before as "issueDaysBefore", reminder_days::text as "reminderDays", late_fee_kind as "lateFeeKind",
  late_fee_value as "lateFeeValue", late_fee_after_days as "lateFeeAfterDays", prorate`;

export async function findBillingSettings(sql: Sql, landlordId: string): Promise<BillingSettings> {
  const [row] = await sql.query<SettingsRow>(`select ${COLUMNS} from billing_settings where landlord_id = $1`, [landlordId]);
  return row ? fromRow(row) : DEFAULT_BILLING_SETTINGS;
}

/** Stores the whole settings (the caller merged a change into the current ones). */
export async function saveBillingSettings(sql: Sql, landlordId: string, s: BillingSettings): Promise<BillingSettings> {
  const [row] = await sql.query<SettingsRow>(
    `insert into billing_settings (landlord_id, issue_days_before, reminder_days, late_fee_kind, late_fee_value, late_fee_after_days, prorate)
     values ($1, $2, $3::int[], $4, $5, $6, $7)
     on conflict (landlord_id) do update set issue_days_before = excluded.issue_days_before, reminder_days = excluded.reminder_days,
       late_fee_kind = excluded.late_fee_kind, late_fee_value = excluded.late_fee_value, late_fee_after_days = excluded.late_fee_after_days,
       prorate = excluded.prorate, updated_at = now()
     returning ${COLUMNS}`,
    [landlordId, s.issueDaysBefore, s.reminderDays, s.lateFee?.kind ?? null, s.lateFee?.value ?? null, s.lateFee?.afterDays ?? null, s.prorate],
  );
  return fromRow(row!);
}

function fromRow(r: SettingsRow): BillingSettings {
  // int[] as text ("{-3,0,3}") reads the same on both drivers.
  const days = typeof r.reminderDays === 'string' ? r.reminderDays.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number) : r.reminderDays.map(Number);
  return {
    issueDaysBefore: Number(r.issueDaysBefore),
    reminderDays: days,
    lateFee: r.lateFeeKind ? { kind: r.lateFeeKind, value: Number(r.lateFeeValue), afterDays: Number(r.lateFeeAfterDays) } : null,
    prorate: r.prorate,
  };
}

export interface RecurringCharge {
  id: string;
  tenancyId: string;
  kind: 'water' | 'electricity' | 'service' | 'other';
  label: string | null;
  amount: number;
  active: boolean;
  createdAt: string;
}

const CHARGE_COLUMNS = `id, tenancy_id as "tenancyId", kind, label, amount, active, created_at::text as "createdAt"`;

export async function insertRecurringCharge(sql: Sql, c: Pick<RecurringCharge, 'tenancyId' | 'kind' | 'label' | 'amount'>): Promise<RecurringCharge> {
  const [row] = await sql.query<RecurringCharge>(
    `insert into recurring_charges (tenancy_id, kind, label, amount) values ($1, $2, $3, $4) returning ${CHARGE_COLUMNS}`,
    [c.tenancyId, c.kind, c.label, c.amount],
  );
  return { ...row!, amount: Number(row!.amount) };
}

export async function listRecurringCharges(sql: Sql, tenancyId: string): Promise<RecurringCharge[]> {
  const rows = await sql.query<RecurringCharge>(`select ${CHARGE_COLUMNS} from recurring_charges where tenancy_id = $1 and active order by created_at`, [tenancyId]);
  return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
}

/** Stops a recurring charge: bills already made stay. False when there was no such active charge. */
export async function endRecurringCharge(sql: Sql, tenancyId: string, chargeId: string): Promise<boolean> {
  const rows = await sql.query('update recurring_charges set active = false where id = $1 and tenancy_id = $2 and active returning id', [chargeId, tenancyId]);
  return rows.length > 0;
}
