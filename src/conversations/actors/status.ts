// The status flow's actor: a tenant's balance and receipts, from the turn's profile; or a landlord's
// month, which costs the turn one more round trip (its queries asked at once).
import { fromPromise } from 'xstate';
import { listBillsWithBalance } from '../../../db/queries/bills.js';
import { listLatestRentPayments, sumRentReceivedSince } from '../../../db/queries/payments.js';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { listActiveTenancies } from '../../../db/queries/tenancies.js';
import type { StatusData } from '../../../flows/status.machine.js';
import { currentPeriod } from '../../domain/periods.js';
import type { Turn } from '../turn.js';

/** `current` gives the turn an actor runs in (the machines are built once; src/conversations/machines.ts). */
export function statusActors(current: () => Turn) {
  return {
    loadStatus: fromPromise<StatusData, { phone: string }>(async () => {
      const turn = current();
      const asLandlord = turn.profile.landlord && (turn.as === 'landlord' || turn.profile.tenancies.length === 0);
      return asLandlord ? landlordStatus(turn, turn.profile.landlord!.id) : tenantStatus(turn);
    }),
  };
}

function tenantStatus(turn: Turn): StatusData {
  const { profile } = turn;
  return {
    role: 'tenant',
    accounts: profile.tenancies.map((t) => ({
      unit: t.unit,
      bills: t.bills.map((b) => ({ period: b.period, amount: b.amount, paid: Number(b.paid), balance: b.amount - Number(b.paid) })),
      credit: t.credit,
    })),
    pending: profile.openPayment && profile.tenancies.length > 0 ? { amount: profile.openPayment.amount, status: profile.openPayment.status } : null,
    receipts: profile.receipts.map((r) => ({ at: new Date(r.at).toISOString(), amount: r.amount, receipt: r.receipt })),
  };
}

/** A landlord's month costs the turn one more round trip (its queries asked at once). */
async function landlordStatus(turn: Turn, landlordId: string): Promise<StatusData> {
  const db = turn.tx.orm;
  const monthStart = new Date(`${currentPeriod()}-01T00:00:00+03:00`);
  const [collected, tenancies, latest, payout] = await Promise.all([
    sumRentReceivedSince(db, landlordId, monthStart),
    listActiveTenancies(db, landlordId),
    listLatestRentPayments(db, landlordId, 3),
    findPayoutConfig(db, landlordId),
  ]);
  const dues = await Promise.all(tenancies.map(async (t) => (await listBillsWithBalance(db, t.id)).reduce((sum, b) => sum + b.balance, 0)));
  return {
    role: 'landlord',
    payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive } : null,
    collected: collected.total,
    count: collected.count,
    unpaid: tenancies.map((t, i) => ({ name: t.name, unit: t.unit, due: dues[i]! })).filter((u) => u.due > 0),
    latest: latest.map((p) => ({ at: (p.at ?? new Date()).toISOString(), amount: p.amount, receipt: p.receipt, unit: p.unit ?? '' })),
  };
}
