import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { landlords } from '../schema.js';

export type Landlord = typeof landlords.$inferSelect;

export async function createLandlord(db: Db, values: { name: string; phone: string; email?: string | null; businessName?: string | null }): Promise<Landlord> {
  const [row] = await db.insert(landlords).values({ name: values.name, phone: values.phone, email: values.email ?? null, businessName: values.businessName ?? null }).returning();
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

/** The scrypt hash of the PIN that guards payout changes made by chat. */
export async function setLandlordPin(db: Db, landlordId: string, pinHash: string): Promise<void> {
  await db.update(landlords).set({ pinHash }).where(eq(landlords.id, landlordId));
}

/** Landlords by exact phone and/or part of the name or business name (case ignored); at most `limit`, by name. */
export async function searchLandlords(db: Db, query: { phone?: string | undefined; q?: string | undefined; limit: number }): Promise<Landlord[]> {
  const conditions: SQL[] = [];
  if (query.phone) conditions.push(eq(landlords.phone, query.phone));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(landlords.name, like), ilike(landlords.businessName, like))!);
  }
  return db
    .select()
    .from(landlords)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(landlords.name), asc(landlords.createdAt))
    .limit(query.limit);
}
