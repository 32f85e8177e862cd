// What the dashboard's first page shows, read at once (one round trip's worth of queries): the chat
// report's month (db/queries/reports.ts, the one source of truth), collections by day and month, the
// tenants who owe, the latest payments, unmatched money and the payout.
import { listDashboardPayments, loadCollections } from '../../db/queries/dashboard.js';
import { findPayoutConfig } from '../../db/queries/payouts.js';
import { loadLandlordMonth } from '../../db/queries/reports.js';
import type { Scope } from '../../db/queries/tenancies.js';
import type { Executor } from '../../db/sql.js';
import { addMonths, eatDay, periodOf } from '../domain/calendar.js';
import { groupBy } from '../domain/group-by.js';
import type { DashboardView } from './pages.js';

/** Tenants who owe shown on the first page; the tenants page has them all. */
const UNPAID_SHOWN = 20;
const monthStart = (period: string) => new Date(`${period}-01T00:00:00+03:00`);
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

export async function loadDashboard(sql: Executor, scope: Scope, options: { withSuspense: boolean; now?: Date }): Promise<DashboardView> {
  const today = eatDay(options.now ?? new Date());
  const period = periodOf(today);
  const [month, collections, latest, suspense, payout] = await Promise.all([
    loadLandlordMonth(sql, { ...scope, period, today, monthStart: monthStart(period), latest: 0 }),
    loadCollections(sql, { ...scope, monthStart: monthStart(period), monthsStart: monthStart(addMonths(period, -5)) }),
    listDashboardPayments(sql, { ...scope, limit: 10 }),
    options.withSuspense ? listDashboardPayments(sql, { ...scope, limit: 50, status: 'suspense' }) : Promise.resolve([]),
    findPayoutConfig(sql.orm, scope.landlordId),
  ]);
  const byProperty = groupBy(month.tenancies, (t) => t.property);
  const collectedIn = new Map(month.collected.map((c) => [c.property, c.amount]));
  return {
    period,
    totals: {
      billed: sum(month.tenancies, (t) => t.billed),
      collected: sum(month.collected, (c) => c.amount),
      due: sum(month.tenancies, (t) => t.due),
      upcoming: sum(month.tenancies, (t) => t.upcoming),
    },
    properties: [...byProperty].map(([name, ts]) => ({ name, billed: sum(ts, (t) => t.billed), collected: collectedIn.get(name) ?? 0, due: sum(ts, (t) => t.due) })),
    byDay: collections.byDay,
    byMonth: collections.byMonth,
    payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive, lastTestedAt: payout.lastTestedAt?.toISOString() ?? null } : null,
    // The most owed first, from the report's own rows; the whole list is one click away (the tenants page).
    unpaid: month.tenancies
      .filter((t) => t.due > 0)
      .sort((a, b) => b.due - a.due)
      .slice(0, UNPAID_SHOWN)
      .map((t) => ({ id: t.id, name: t.name, unit: t.unit, property: t.property, due: t.due })),
    unpaidCount: month.tenancies.filter((t) => t.due > 0).length,
    latest,
    suspense,
    csvUrl: `/app/month.csv?period=${period}`,
  };
}
