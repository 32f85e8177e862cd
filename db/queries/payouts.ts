// A landlord's payout config: where their rent goes (paybill or till) and, optionally, the shortcode's
// own Daraja credentials, sealed.
import { eq, or } from 'drizzle-orm';
import type { BusinessType } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import { payoutConfigs } from '../schema.js';

export type PayoutConfig = typeof payoutConfigs.$inferSelect;

export async function findPayoutConfig(db: Db, landlordId: string): Promise<PayoutConfig | undefined> {
  const [row] = await db.select().from(payoutConfigs).where(eq(payoutConfigs.landlordId, landlordId));
  return row;
}

/** The landlords whose paybill, store or till number this is (C2B names the one that was paid). */
export async function findPayoutOwners(db: Db, shortCode: string): Promise<{ landlordId: string; businessType: BusinessType }[]> {
  return db
    .select({ landlordId: payoutConfigs.landlordId, businessType: payoutConfigs.businessType })
    .from(payoutConfigs)
    .where(or(eq(payoutConfigs.businessShortCode, shortCode), eq(payoutConfigs.tillNumber, shortCode)));
}

export interface PayoutConfigInput {
  businessType: BusinessType;
  businessShortCode: string;
  accountNumber: string | null;
  tillNumber: string | null;
  businessName: string | null;
  /** Sealed (encrypted) own credentials, all three or none; undefined keeps the stored ones. */
  sealedCredentials?: { consumerKeyEnc: string; consumerSecretEnc: string; passkeyEnc: string } | null;
  isActive: boolean;
}

/** Creates or replaces a landlord's payout config. */
export async function savePayoutConfig(db: Db, landlordId: string, input: PayoutConfigInput): Promise<PayoutConfig> {
  const { sealedCredentials, ...fields } = input;
  const credentials =
    sealedCredentials === undefined ? {} : sealedCredentials ?? { consumerKeyEnc: null, consumerSecretEnc: null, passkeyEnc: null };
  const values = { ...fields, ...credentials, configuredAt: new Date() };
  const [row] = await db
    .insert(payoutConfigs)
    .values({ landlordId, ...values })
    .onConflictDoUpdate({ target: payoutConfigs.landlordId, set: values })
    .returning();
  return row!;
}

export async function setPayoutActive(db: Db, landlordId: string, values: { isActive: boolean; lastTestedAt?: Date }): Promise<void> {
  await db.update(payoutConfigs).set(values).where(eq(payoutConfigs.landlordId, landlordId));
}
