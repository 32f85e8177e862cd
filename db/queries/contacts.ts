// What we remember of a person by phone, whatever their role: language and the channel they last used.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Channel, Language } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import { contacts } from '../schema.js';

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

export async function findContact(db: Db, phone: string): Promise<Contact | undefined> {
  const [row] = await db.select().from(contacts).where(eq(contacts.phone, phone));
  return row;
}

export async function findContacts(db: Db, phones: string[]): Promise<Contact[]> {
  if (phones.length === 0) return [];
  return db.select().from(contacts).where(inArray(contacts.phone, [...new Set(phones)]));
}
