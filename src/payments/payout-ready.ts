// A landlord's payout has become active (the KES 1 test paid, the landlord activated it anyway, or an
// operator configured it): the tenants who tried to pay before, and were promised word, are told they
// can pay now and how. An outbox job (kind payout_ready), so the change that activated the payout stays
// one transaction without reads; each tenant is taken off the waiting list in the same transaction as
// their message, so a retry tells nobody twice.
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { OutboxRow } from '../../db/queries/outbox.js';
import { findLandlordById } from '../../db/queries/landlords.js';
import { findPayoutConfig } from '../../db/queries/payouts.js';
import { takeTenantsAwaitingPayout } from '../../db/queries/tenancies.js';
import { payoutReadyText } from '../messages/payment-messages.js';
import { queueMessages } from '../outbox/queue-message.js';

const jobSchema = z.object({ landlordId: z.string().uuid() });

export function payoutReadyHandler(deps: { db: Db; ussdCode: string | undefined }) {
  return async (row: OutboxRow): Promise<void> => {
    const { landlordId } = jobSchema.parse(row.payload);
    await deps.db.transaction(async (tx) => {
      const [payout, landlord] = await Promise.all([findPayoutConfig(tx, landlordId), findLandlordById(tx, landlordId)]);
      // Deactivated again before this ran (a new number waiting for its test): they keep waiting.
      if (!payout?.isActive || !landlord) return;
      const waiting = await takeTenantsAwaitingPayout(tx, landlordId);
      const business = payout.businessName ?? landlord.businessName ?? landlord.name;
      await queueMessages(
        tx,
        waiting.map((w) => ({
          to: w.phone,
          text: payoutReadyText(business, {
            whatsapp: true,
            ussdCode: deps.ussdCode,
            payout: { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, accountNumber: w.accountNumber },
          }),
          idempotencyKey: `payout-ready:${row.id}:${w.id}`,
        })),
      );
    });
  };
}
