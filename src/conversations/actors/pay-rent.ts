// The pay-rent flow's actors: what a tenant can pay (per unit, with the landlord's payout), read from the
// turn's profile without another round trip; and starting a payment, which queues the STK Push in the
// outbox with the turn's last writes (sent after the commit).
import { fromPromise } from 'xstate';
import { pushesToPhoneSince } from '../../../db/queries/payments.js';
import { markAwaitingPayoutLater } from '../../../db/queries/tenancies.js';
import type { PayableAccount, PayRentData, StartRequest, StartResult } from '../../../flows/pay-rent.machine.js';
import { deferredPushAmount, queueDeferredPush } from '../../payments/deferred-push.js';
import { minutesUntilAPushIsFree, PUSH_WINDOW_MS, PUSHES_PER_PHONE } from '../../payments/initiate-payment.js';
import type { TenancyView } from '../profile.js';
import type { Turn, TurnOf } from '../turn.js';

function payable(t: TenancyView): PayableAccount {
  const payout = t.payout;
  return {
    tenancyId: t.id,
    unit: t.unit,
    due: t.due,
    credit: t.credit,
    periods: t.periodsOwing,
    accountNumber: t.accountNumber,
    payee: payout?.businessName ?? t.landlordName,
    payout: payout?.active ? { type: payout.type, shortCode: payout.till ?? payout.shortCode, account: payout.account } : null,
  };
}

/** `current` gives the turn an actor runs in (the machines are built once; src/conversations/machines.ts). */
export function payRentActors(current: TurnOf) {
  return {
    startPayment: fromPromise<StartResult, StartRequest>(({ input, system }) => startPayment(current(system), input)),
    noteWaiting: fromPromise<void, { tenancyId: string }>(async ({ input, system }) => noteWaiting(current(system), input.tenancyId)),
  };
}

/** Told the landlord is not ready: remembered, so the tenant hears when the payout becomes active (src/payments/payout-ready.ts). */
function noteWaiting(turn: Turn, tenancyId: string): void {
  if (turn.profile.tenancies.some((t) => t.id === tenancyId)) markAwaitingPayoutLater(turn.tx, tenancyId);
}

/** What the pay-rent flow starts with, from the turn's profile: given as its input (src/conversations/flow-step.ts). */
export function payRentData(turn: Turn): PayRentData {
  const { profile } = turn;
  const pending = profile.openPayment ?? (profile.queuedPushAmount !== null ? { amount: profile.queuedPushAmount, phone: turn.phone } : null);
  return { accounts: profile.tenancies.map(payable), pending: pending ? { amount: pending.amount, phone: pending.phone } : null };
}

/** What is waiting for this payer: an open intent, or a push queued but not yet sent. */
async function pendingFor(turn: Turn, payer: string, tenancyId: string): Promise<{ amount: number; phone: string } | null> {
  const { profile } = turn;
  if (payer === turn.phone) {
    if (profile.openPayment) return { amount: profile.openPayment.amount, phone: profile.openPayment.phone };
    return profile.queuedPushAmount !== null ? { amount: profile.queuedPushAmount, phone: payer } : null;
  }
  // Paying from another number: one more round trip, for that number only.
  const [[open], [queued]] = await Promise.all([
    turn.tx.query<{ amount: number; phone: string }>(
      `(select amount, phone from payments where status in ('initiating', 'pending') and phone = $1 limit 1)
       union all (select amount, phone from payments where status in ('initiating', 'pending') and tenancy_id = $2 limit 1) limit 1`,
      [payer, tenancyId],
    ),
    turn.tx.query<{ payload: unknown }>(`select payload from outbox where kind = 'stk_push' and status = 'queued' and recipient = $1 limit 1`, [payer]),
  ]);
  if (open) return open;
  return queued ? { amount: deferredPushAmount(queued.payload), phone: payer } : null;
}

/**
 * Minutes until the payer may be prompted again, or null when they may be now. The turn's profile counts the
 * prompts to its own phone; anything more (another payer, or the wait) costs one more round trip.
 */
async function promptsWait(turn: Turn, payer: string): Promise<number | null> {
  if (payer === turn.phone && turn.profile.recentPushes < PUSHES_PER_PHONE) return null;
  const window = await pushesToPhoneSince(turn.tx, payer, new Date(Date.now() - PUSH_WINDOW_MS));
  return window.count >= PUSHES_PER_PHONE ? minutesUntilAPushIsFree(window.oldest) : null;
}

async function startPayment(turn: Turn, request: StartRequest): Promise<StartResult> {
  const tenancy = turn.profile.tenancies.find((t) => t.id === request.tenancyId);
  if (!tenancy?.payout?.active) {
    if (tenancy) noteWaiting(turn, tenancy.id);
    return { ok: false, reason: 'not_ready' };
  }
  if (await pendingFor(turn, request.phone, tenancy.id)) return { ok: false, reason: 'pending' };
  const wait = await promptsWait(turn, request.phone);
  if (wait !== null) return { ok: false, reason: 'too_many', retryInMinutes: wait };
  queueDeferredPush(turn.tx, { purpose: 'rent', tenancyId: tenancy.id, amount: request.amount, phone: request.phone, channel: turn.channel }, turn.pushDelaySeconds);
  turn.pushQueued = true;
  return { ok: true };
}
