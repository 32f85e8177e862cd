// STK Pushes started from a conversation are written to the outbox in the conversation's own
// transaction and sent just after it commits (DESIGN.md decision 6): the intent row must be committed
// before Daraja is called, and on USSD the phone cannot show the M-Pesa prompt until the session has
// ended (reference/channels.md §4), so there the push waits a few seconds after the END reply.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { queueOutboxPushLater, type OutboxRow } from '../../db/queries/outbox.js';
import type { Transaction } from '../../db/sql.js';
import { channels, type Channel } from '../domain/types.js';
import { pushMayHaveBeenSent, pushRefused } from '../messages/payment-messages.js';
import { queueMessage } from '../outbox/queue-message.js';
import type { PaymentsDeps } from './deps.js';
import { initiatePayoutTest, initiateRentPayment, pushOutcomeUnknown } from './initiate-payment.js';
import { PaymentError } from './payment-error.js';

const deferredPushSchema = z.discriminatedUnion('purpose', [
  z.object({
    purpose: z.literal('rent'),
    paymentId: z.uuid(),
    tenancyId: z.uuid(),
    amount: z.number().int().min(1),
    phone: z.string(),
    channel: z.enum(channels),
  }),
  z.object({
    purpose: z.literal('payout_test'),
    paymentId: z.uuid(),
    landlordId: z.uuid(),
    phone: z.string(),
    channel: z.enum(channels),
  }),
]);
export type DeferredPush = z.infer<typeof deferredPushSchema>;

type NewPush =
  | { purpose: 'rent'; tenancyId: string; amount: number; phone: string; channel: Channel }
  | { purpose: 'payout_test'; landlordId: string; phone: string; channel: Channel };

/**
 * Queues the push with the transaction's last writes; its payment id is fixed now, so however often
 * the row is handled, one intent exists.
 */
export function queueDeferredPush(tx: Transaction, push: NewPush, delaySeconds: number): string {
  const paymentId = randomUUID();
  const payload: DeferredPush = { ...push, paymentId };
  queueOutboxPushLater(tx, { idempotencyKey: `stk:${paymentId}`, recipient: push.phone, payload, runAt: new Date(Date.now() + delaySeconds * 1000) });
  return paymentId;
}

/** The amount a queued push will ask for (the pay-rent flow shows it as "already waiting"). */
export function deferredPushAmount(payload: unknown): number {
  const parsed = deferredPushSchema.safeParse(payload);
  return parsed.success && parsed.data.purpose === 'rent' ? parsed.data.amount : 1;
}

/** The outbox handler: starts the payment; a refusal is explained to the person instead of retried. */
export function deferredPushHandler(deps: PaymentsDeps) {
  return async (row: OutboxRow): Promise<void> => {
    const push = deferredPushSchema.parse(row.payload);
    try {
      const payment =
        push.purpose === 'rent'
          ? await initiateRentPayment(deps, { tenancyId: push.tenancyId, amount: push.amount, phone: push.phone, channel: push.channel, paymentId: push.paymentId })
          : await initiatePayoutTest(deps, push.landlordId, push.channel, push.paymentId);
      if (pushOutcomeUnknown(payment)) {
        // Not "no prompt was sent": we do not know that. The callback or the reconciler will tell.
        await deps.db.transaction((tx) => queueMessage(tx, { to: push.phone, text: pushMayHaveBeenSent(), idempotencyKey: `unknown:${push.paymentId}` }));
      }
    } catch (error) {
      // Never retried: a second push could prompt twice. The person hears why and what to do.
      if (!(error instanceof PaymentError)) throw error;
      await deps.db.transaction((tx) => queueMessage(tx, { to: push.phone, text: pushRefused(error.code, error.retryInMinutes), idempotencyKey: `refused:${push.paymentId}` }));
    }
  };
}
