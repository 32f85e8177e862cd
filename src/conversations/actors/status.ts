// The status flow's actor: a tenant's balance from the turn's profile and their last receipts, or a
// landlord's month; either costs the turn one more round trip (its queries asked at once).
import { fromPromise } from 'xstate';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { loadLandlordMonth } from '../../../db/queries/reports.js';
import { loadRecentReceipts } from '../../../db/queries/turns.js';
import type { StatusData } from '../../../flows/status.machine.js';
import { eatDay, periodOf } from '../../domain/calendar.js';
import { summarizeMonth } from '../../reports/month-summary.js';
import type { Turn, TurnOf } from '../turn.js';
import { officeOf, type Office } from './office.js';

/** `current` gives the turn an actor runs in (the machines are built once; src/conversations/machines.ts). */
export function statusActors(current: TurnOf) {
  return {
    loadStatus: fromPromise<StatusData, { phone: string }>(async ({ system }) => {
      const turn = current(system);
      const asLandlord = turn.profile.landlord && (turn.as === 'landlord' || turn.profile.tenancies.length === 0);
      return asLandlord ? landlordStatus(turn, officeOf(turn)) : tenantStatus(turn);
    }),
  };
}

/** The balance is in the profile; the receipts, read only here, cost one more round trip. */
async function tenantStatus(turn: Turn): Promise<StatusData> {
  const { profile } = turn;
  const receipts = profile.tenancies.length > 0 ? await loadRecentReceipts(turn.tx, turn.phone) : [];
  return {
    role: 'tenant',
    accounts: profile.tenancies.map((t) => ({
      unit: t.unit,
      bills: t.bills.map((b) => ({ period: b.period, amount: b.amount, paid: Number(b.paid), balance: b.amount - Number(b.paid) })),
      credit: t.credit,
    })),
    pending: profile.openPayment && profile.tenancies.length > 0 ? { amount: profile.openPayment.amount, status: profile.openPayment.status } : null,
    // The unit is named only when the tenant rents more than one.
    receipts: receipts.map((r) => ({ at: new Date(r.at).toISOString(), amount: r.amount, receipt: r.receipt, periods: r.periods ?? [], unit: profile.tenancies.length > 1 ? r.unit : null })),
  };
}

/** A landlord's month costs the turn one more round trip (its queries asked at once). */
async function landlordStatus(turn: Turn, office: Office): Promise<StatusData> {
  const today = eatDay(new Date());
  const period = periodOf(today);
  const [month, payout] = await Promise.all([
    loadLandlordMonth(turn.tx, { landlordId: office.landlordId, propertyId: office.propertyId, period, today, latest: 5 }),
    findPayoutConfig(turn.tx.orm, office.landlordId),
  ]);
  const { totals, properties } = summarizeMonth(month);
  return {
    role: 'landlord',
    payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive } : null,
    period,
    totals,
    properties,
    unpaid: month.tenancies.filter((t) => t.due > 0).map((t) => ({ name: t.name, unit: t.unit, due: t.due })),
    latest: month.latest,
  };
}
