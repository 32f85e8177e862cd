// Rows of the shared Daraja OAuth tokens (see darajaTokens in the schema). The sealing and the refresh
// logic are src/daraja/shared-token-store.ts's; here is only the SQL.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { darajaTokens } from '../schema.js';

export type DarajaTokenRow = typeof darajaTokens.$inferSelect;

/** Holds a transaction-scoped advisory lock on one consumer key: one refresh at a time, across processes. */
export async function lockTokenKey(db: Db, keyHash: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`daraja_token:${keyHash}`}, 0))`);
}

export async function findSharedToken(db: Db, keyHash: string): Promise<DarajaTokenRow | undefined> {
  const [row] = await db.select().from(darajaTokens).where(eq(darajaTokens.consumerKeyHash, keyHash));
  return row;
}

export async function saveSharedToken(db: Db, keyHash: string, values: { sealedToken: string; expiresAt: Date }): Promise<void> {
  const set = { ...values, updatedAt: new Date() };
  await db
    .insert(darajaTokens)
    .values({ consumerKeyHash: keyHash, ...set })
    .onConflictDoUpdate({ target: darajaTokens.consumerKeyHash, set });
}
