import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { contacts, type Channel, type Language } from '../schema.js';

export type Contact = typeof contacts.$inferSelect;

/** Remembers a person's language; across channels, since it is keyed by phone. */
export async function setContactLanguage(db: Db, phone: string, language: Language): Promise<void> {
  await db.insert(contacts).values({ phone, language }).onConflictDoUpdate({ target: contacts.phone, set: { language } });
}

/** Records the channel a person just wrote on (receipts follow them there); returns their language. */
export async function touchContact(db: Db, phone: string, channel: Channel): Promise<Language | null> {
  const [row] = await db
    .insert(contacts)
    .values({ phone, lastChannel: channel, lastInboundAt: new Date() })
    .onConflictDoUpdate({ target: contacts.phone, set: { lastChannel: channel, lastInboundAt: sql`now()` } })
    .returning({ language: contacts.language });
  return row?.language ?? null;
}
