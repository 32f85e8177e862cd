// The status flow's actor: a tenant's balance and receipts, or a landlord's month.
import { fromPromise } from 'xstate';
import { listBillsWithBalance } from '../../../db/queries/bills.js';
import { findLandlordByPhone } from '../../../db/queries/landlords.js';
import { findOpenPayment, listLatestReceipts, listLatestRentPayments, sumRentReceivedSince } from '../../../db/queries/payments.js';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { findActiveTenanciesByPhone, listActiveTenancies } from '../../../db/queries/tenancies.js';
import type { StatusData } from '../../../flows/status.machine.js';
import { currentPeriod } from '../../domain/periods.js';
import { tenancyBalance } from '../../payments/ledger.js';
import type { Turn } from '../turn.js';

export function statusActors(turn: Turn) {
  const { tx } = turn;

  async function status(phone: string): Promise<StatusData> {
    const landlord = await findLandlordByPhone(tx, phone);
    if (landlord) return landlordStatus(landlord.id);
    const accounts = await findActiveTenanciesByPhone(tx, phone);
    const ids = accounts.map((a) => a.id);
    const [receipts, pending, balances] = await Promise.all([
      listLatestReceipts(tx, ids, 3),
      findOpenPayment(tx, { tenancyIds: ids }),
      Promise.all(accounts.map((a) => tenancyBalance(tx, a.id))),
    ]);
    return {
      role: 'tenant',
      accounts: accounts.map((a, i) => ({ unit: a.unit, bills: balances[i]!.bills, credit: balances[i]!.credit })),
      pending: pending ? { amount: pending.amount, status: pending.status } : null,
      receipts: receipts.map((r) => ({ at: (r.transactionDate ?? r.completedAt ?? r.initiatedAt).toISOString(), amount: r.amount, receipt: r.mpesaReceiptNumber })),
    };
  }

  async function landlordStatus(landlordId: string): Promise<StatusData> {
    const monthStart = new Date(`${currentPeriod()}-01T00:00:00+03:00`);
    const [collected, tenancies, latest, payout] = await Promise.all([
      sumRentReceivedSince(tx, landlordId, monthStart),
      listActiveTenancies(tx, landlordId),
      listLatestRentPayments(tx, landlordId, 3),
      findPayoutConfig(tx, landlordId),
    ]);
    const dues = await Promise.all(tenancies.map(async (t) => (await listBillsWithBalance(tx, t.id)).reduce((sum, b) => sum + b.balance, 0)));
    return {
      role: 'landlord',
      payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive } : null,
      collected: collected.total,
      count: collected.count,
      unpaid: tenancies.map((t, i) => ({ name: t.name, unit: t.unit, due: dues[i]! })).filter((u) => u.due > 0),
      latest: latest.map((p) => ({ at: (p.at ?? new Date()).toISOString(), amount: p.amount, receipt: p.receipt, unit: p.unit ?? '' })),
    };
  }

  return { loadStatus: fromPromise<StatusData, { phone: string }>(({ input }) => status(input.phone)) };
}
