// A landlord's month in totals, from the report's rows (db/queries/reports.ts): what the chat report and
// the dashboard both show, worked out in one place.
import type { LandlordMonth } from '../../db/queries/reports.js';
import { groupBy } from '../domain/group-by.js';

export interface MonthSummary {
  totals: { billed: number; collected: number; count: number; due: number; upcoming: number };
  /** Per property, only when there is more than one. */
  properties: { name: string; billed: number; collected: number; due: number }[];
}

const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

export function summarizeMonth(month: LandlordMonth): MonthSummary {
  const byProperty = groupBy(month.tenancies, (t) => t.property);
  const collectedIn = new Map(month.collected.map((c) => [c.property, c.amount]));
  return {
    totals: {
      billed: sum(month.tenancies, (t) => t.billed),
      collected: sum(month.collected, (c) => c.amount),
      count: sum(month.collected, (c) => c.count),
      due: sum(month.tenancies, (t) => t.due),
      upcoming: sum(month.tenancies, (t) => t.upcoming),
    },
    properties:
      byProperty.size > 1 ? [...byProperty].map(([name, ts]) => ({ name, billed: sum(ts, (t) => t.billed), collected: collectedIn.get(name) ?? 0, due: sum(ts, (t) => t.due) })) : [],
  };
}
