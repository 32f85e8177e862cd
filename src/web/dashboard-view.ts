// What the dashboard's first page shows, read at once (one round trip's worth of queries): the chat
// report's month (db/queries/reports.ts, the one source of truth), collections by day and month, the
// tenants who owe, the latest payments, unmatched money and the payout.
import { listDashboardPayments, loadCollections } from '../../db/queries/dashboard.js';
import { findPayoutConfig } from '../../db/queries/payouts.js';
import { loadLandlordMonth } from '../../db/queries/reports.js';
import type { Scope } from '../../db/queries/tenancies.js';
import type { Executor } from '../../db/sql.js';
import { addMonths, eatDay, monthStartsAt, periodOf } from '../domain/calendar.js';
import { summarizeMonth } from '../reports/month-summary.js';
import type { DashboardView } from './pages.js';

/** Tenants who owe shown on the first page; the tenants page has them all. */
const UNPAID_SHOWN = 20;

export async function loadDashboard(sql: Executor, scope: Scope, options: { withSuspense: boolean; now?: Date }): Promise<DashboardView> {
  const today = eatDay(options.now ?? new Date());
  const period = periodOf(today);
  const [month, collections, latest, suspense, payout] = await Promise.all([
    loadLandlordMonth(sql, { ...scope, period, today, latest: 0 }),
    loadCollections(sql, { ...scope, monthStart: monthStartsAt(period), monthsStart: monthStartsAt(addMonths(period, -5)) }),
    listDashboardPayments(sql, { ...scope, limit: 10 }),
    options.withSuspense ? listDashboardPayments(sql, { ...scope, limit: 50, status: 'suspense' }) : Promise.resolve([]),
    findPayoutConfig(sql.orm, scope.landlordId),
  ]);
  return {
    period,
    ...summarizeMonth(month),
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
