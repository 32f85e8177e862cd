// The pay-rent flow's actors: what a tenant can pay (per unit, with the landlord's payout), and
// starting a payment, which queues the STK Push in the outbox (sent after the commit).
import { findLandlordById } from '../../../db/queries/landlords.js';
import { findQueuedPush } from '../../../db/queries/outbox.js';
import { countPushesToPhoneSince, findOpenPayment } from '../../../db/queries/payments.js';
import { findPayoutConfig } from '../../../db/queries/payouts.js';
import { findActiveTenanciesByPhone, findTenancyById } from '../../../db/queries/tenancies.js';
import type { PayableAccount, PayRentData, StartRequest, StartResult } from '../../../flows/pay-rent.machine.js';
import { fromPromise } from 'xstate';
import { deferredPushAmount, queueDeferredPush } from '../../payments/deferred-push.js';
import { PUSH_WINDOW_MS, PUSHES_PER_PHONE } from '../../payments/initiate-payment.js';
import { tenancyBalance } from '../../payments/ledger.js';
import type { Turn } from '../turn.js';

export function payRentActors(turn: Turn) {
  const { tx } = turn;

  async function payableAccounts(phone: string): Promise<PayRentData> {
    const tenancyRows = await findActiveTenanciesByPhone(tx, phone);
    // Every look-up below needs only the tenancies: all are asked at once, so postgres.js pipelines them.
    const [accounts, pending] = await Promise.all([
      Promise.all(
        tenancyRows.map(async (tenancy): Promise<PayableAccount> => {
          const [balance, payout, landlord] = await Promise.all([
            tenancyBalance(tx, tenancy.id),
            findPayoutConfig(tx, tenancy.landlordId),
            findLandlordById(tx, tenancy.landlordId),
          ]);
          return {
            tenancyId: tenancy.id,
            unit: tenancy.unit,
            due: balance.due,
            credit: balance.credit,
            periods: balance.bills.filter((b) => b.balance > 0).map((b) => b.period),
            accountNumber: tenancy.accountNumber,
            payee: payout?.businessName ?? landlord?.name ?? 'RentEase',
            payout: payout?.isActive ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, account: payout.accountNumber } : null,
          };
        }),
      ),
      pendingFor(phone, tenancyRows.map((t) => t.id)),
    ]);
    return { accounts, pending };
  }

  /** An open intent, or a push queued but not yet sent, for this phone or these tenancies. */
  async function pendingFor(phone: string, tenancyIds: string[]): Promise<{ amount: number; phone: string } | null> {
    const [open, queued] = await Promise.all([findOpenPayment(tx, { phone, tenancyIds }), findQueuedPush(tx, phone)]);
    if (open) return { amount: open.amount, phone: open.phone };
    return queued ? { amount: deferredPushAmount(queued.payload), phone } : null;
  }

  async function startPayment(request: StartRequest): Promise<StartResult> {
    const tenancy = await findTenancyById(tx, request.tenancyId);
    if (!tenancy) return { ok: false, reason: 'not_ready' };
    const payout = await findPayoutConfig(tx, tenancy.landlordId);
    if (!payout?.isActive) return { ok: false, reason: 'not_ready' };
    if (await pendingFor(request.phone, [tenancy.id])) return { ok: false, reason: 'pending' };
    if ((await countPushesToPhoneSince(tx, request.phone, new Date(Date.now() - PUSH_WINDOW_MS))) >= PUSHES_PER_PHONE) return { ok: false, reason: 'too_many' };
    await queueDeferredPush(tx, { purpose: 'rent', tenancyId: tenancy.id, amount: request.amount, phone: request.phone, channel: turn.channel }, turn.pushDelaySeconds);
    turn.pushQueued = true;
    return { ok: true };
  }

  return {
    loadAccounts: fromPromise<PayRentData, { phone: string }>(({ input }) => payableAccounts(input.phone)),
    startPayment: fromPromise<StartResult, StartRequest>(({ input }) => startPayment(input)),
  };
}
