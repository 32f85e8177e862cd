// The one way a landlord's payout config changes, whoever changes it: the landlord by chat (after their
// PIN; inactive until the KES 1 test succeeds) or an operator through the admin API (trusted, active at
// once, as in the seed). Both are audited here the same way.
import type { Db } from '../../db/client.js';
import { recordAudit } from '../../db/queries/audit.js';
import { queuePayoutReady } from '../../db/queries/outbox.js';
import { findPayoutConfig, savePayoutConfig, type PayoutConfig } from '../../db/queries/payouts.js';
import type { BusinessType } from '../domain/types.js';

export interface PayoutDraft {
  type: BusinessType;
  /** The paybill, or for a till the store/head-office number that went live (BusinessShortCode). */
  shortCode: string;
  till: string | null;
  /** The account number a bank's paybill needs; null otherwise. */
  account: string | null;
  name: string | null;
  /**
   * The shortcode's own Daraja credentials, sealed: given (all three), null (none), or undefined to keep
   * what is stored, as long as the shortcode stays the same: credentials belong to one shortcode.
   */
  sealedCredentials?: { consumerKeyEnc: string; consumerSecretEnc: string; passkeyEnc: string } | null;
}

export interface ChangeOptions {
  /** Who changed it, for the audit trail: `chat:<channel>`, `admin_api`. */
  actor: string;
  /** An operator's change is active at once; a landlord's waits for the KES 1 test (src/payments/settle.ts). */
  activeAtOnce: boolean;
}

export async function changePayout(tx: Db, landlordId: string, draft: PayoutDraft, options: ChangeOptions): Promise<{ before: PayoutConfig | undefined; after: PayoutConfig }> {
  const before = await findPayoutConfig(tx, landlordId);
  const sameShortCode = before?.businessShortCode === draft.shortCode;
  const after = await savePayoutConfig(tx, landlordId, {
    businessType: draft.type,
    businessShortCode: draft.shortCode,
    accountNumber: draft.type === 'paybill' ? draft.account : null,
    tillNumber: draft.type === 'till' ? draft.till : null,
    businessName: draft.name,
    sealedCredentials: draft.sealedCredentials !== undefined ? draft.sealedCredentials : sameShortCode ? undefined : null,
    isActive: options.activeAtOnce,
  });
  await recordAudit(tx, {
    actor: options.actor,
    // "configured": active at once; "changed": waiting for its test.
    action: options.activeAtOnce ? 'payout.configured' : 'payout.changed',
    entityType: 'landlord',
    entityId: landlordId,
    details: {
      before: before ? { type: before.businessType, shortCode: before.businessShortCode, till: before.tillNumber } : null,
      after: { type: draft.type, shortCode: draft.shortCode, till: draft.till, account: draft.account, name: draft.name },
      ownCredentials: Boolean(after.consumerKeyEnc),
    },
  });
  // Tenants told to wait for this payout hear that they can pay now.
  if (options.activeAtOnce) await queuePayoutReady(tx, landlordId);
  return { before, after };
}
