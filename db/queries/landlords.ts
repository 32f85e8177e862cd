import { eq } from 'drizzle-orm';
import type { Db } from '../client.js';
import { landlords, payoutConfigs, type BusinessType } from '../schema.js';

export type Landlord = typeof landlords.$inferSelect;
export type PayoutConfig = typeof payoutConfigs.$inferSelect;

export async function createLandlord(db: Db, values: { name: string; phone: string; email?: string | null }): Promise<Landlord> {
  const [row] = await db.insert(landlords).values({ name: values.name, phone: values.phone, email: values.email ?? null }).returning();
  return row!;
}

export async function findLandlordById(db: Db, id: string): Promise<Landlord | undefined> {
  const [row] = await db.select().from(landlords).where(eq(landlords.id, id));
  return row;
}

export async function findLandlordByPhone(db: Db, phone: string): Promise<Landlord | undefined> {
  const [row] = await db.select().from(landlords).where(eq(landlords.phone, phone));
  return row;
}

export async function findPayoutConfig(db: Db, landlordId: string): Promise<PayoutConfig | undefined> {
  const [row] = await db.select().from(payoutConfigs).where(eq(payoutConfigs.landlordId, landlordId));
  return row;
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

/** Creates or replaces a landlord's payout config; a change of destination must be tested again. */
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
