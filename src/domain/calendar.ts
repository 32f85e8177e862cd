// The billing calendar, in East Africa Time (UTC+3, no daylight saving): a month's rent is due on the
// tenancy's due day (or the month's last day when the month is shorter), issued a number of days
// before, and prorated in the first month when the landlord wants it. Pure: the scheduler decides with
// these, the tests check them directly.

export type Period = string; // YYYY-MM
export type Day = string; // YYYY-MM-DD

const EAT_OFFSET_MS = 3 * 3600_000;

/** Today's date in Nairobi. */
export function eatDay(now: Date): Day {
  return new Date(now.getTime() + EAT_OFFSET_MS).toISOString().slice(0, 10);
}

/** The hour (0–23) in Nairobi. */
export function eatHour(now: Date): number {
  return new Date(now.getTime() + EAT_OFFSET_MS).getUTCHours();
}

export function daysInMonth(period: Period): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addMonths(period: Period, months: number): Period {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 7);
}

export function addDays(day: Day, days: number): Day {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The due date of a month's rent: the due day, or the last day of a shorter month. */
export function dueDateFor(period: Period, dueDay: number): Day {
  return `${period}-${String(Math.min(dueDay, daysInMonth(period))).padStart(2, '0')}`;
}

export function periodOf(day: Day): Period {
  return day.slice(0, 7);
}

/** The instant a month begins in Nairobi (EAT, UTC+3, no daylight saving). */
export function monthStartsAt(period: Period): Date {
  return new Date(`${period}-01T00:00:00+03:00`);
}

export interface TenancyTerms {
  monthlyRent: number;
  dueDay: number;
  /** The first day of the tenancy. */
  startsOn: Day;
  /** The last day, when the tenant moved out. */
  endsOn: Day | null;
  /** The day the tenancy was entered in RentEase: months before it are not billed by the scheduler. */
  enteredOn: Day;
  paused: boolean;
  /** Billing resumed on this day after a pause: the months before are not caught up. */
  resumedOn: Day | null;
}

export interface BillingRules {
  issueDaysBefore: number;
  prorate: boolean;
}

export interface DueRent {
  period: Period;
  amount: number;
  dueDate: Day;
  /** Prorated: the first month, from a start after its first day. */
  prorated: boolean;
}

/**
 * The rent bills a tenancy should have by `today`: every month from the later of its start, the day it
 * was entered and the day billing resumed, whose issue date has come, up to the month it ended in. A
 * month missed while the scheduler was down is still here (catch-up); the bills' unique key makes
 * creating them idempotent. The first month counts only when its due date is still to come on that day,
 * or when the tenancy starts in it (then the rent is due on the first day, the day the tenant moves in):
 * a landlord entering a sitting tenant on the 20th has collected that month's rent some other way.
 */
export function rentDueBy(terms: TenancyTerms, rules: BillingRules, today: Day): DueRent[] {
  if (terms.paused) return [];
  const from = [terms.startsOn, terms.enteredOn, terms.resumedOn ?? ''].sort().at(-1)!;
  const first = periodOf(from);
  const out: DueRent[] = [];
  // The latest month that can be issued by today is next month (issued days before its due date).
  const last = addMonths(periodOf(today), 1);
  for (let period = first; period <= last; period = addMonths(period, 1)) {
    if (terms.endsOn && `${period}-01` > terms.endsOn) break;
    const rent = rentFor(terms, rules, period);
    if (period === first && rent.dueDate < from) {
      if (periodOf(terms.startsOn) !== first) continue;
      rent.dueDate = terms.startsOn > rent.dueDate ? terms.startsOn : rent.dueDate;
    }
    if (addDays(rent.dueDate, -rules.issueDaysBefore) > today) break;
    out.push(rent);
  }
  return out;
}

/** A month's rent: due on the due day, prorated by days in the first month when the landlord wants it. */
export function rentFor(terms: Pick<TenancyTerms, 'monthlyRent' | 'dueDay' | 'startsOn'>, rules: Pick<BillingRules, 'prorate'>, period: Period): DueRent {
  const dueDate = dueDateFor(period, terms.dueDay);
  const startDay = Number(terms.startsOn.slice(8, 10));
  const prorated = rules.prorate && periodOf(terms.startsOn) === period && startDay > 1;
  const days = daysInMonth(period);
  const amount = prorated ? Math.max(1, Math.round((terms.monthlyRent * (days - startDay + 1)) / days)) : terms.monthlyRent;
  return { period, amount, dueDate, prorated };
}

/** Quiet hours ("21-7": from 21:00 to 07:00 EAT): when a message may go, the next allowed moment. */
export function notBeforeQuietHours(now: Date, quiet: { from: number; to: number } | null): Date {
  if (!quiet) return now;
  const hour = eatHour(now);
  const inQuiet = quiet.from > quiet.to ? hour >= quiet.from || hour < quiet.to : hour >= quiet.from && hour < quiet.to;
  if (!inQuiet) return now;
  const day = eatDay(now);
  const wakeDay = quiet.from > quiet.to && hour >= quiet.from ? addDays(day, 1) : day;
  // quiet.to o'clock in Nairobi, as an instant.
  return new Date(Date.parse(`${wakeDay}T${String(quiet.to).padStart(2, '0')}:00:00+03:00`));
}
