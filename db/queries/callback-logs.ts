// Every Daraja notification, kept as it came with what we made of it (DESIGN.md decision 3).
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { callbackLogs } from '../schema.js';

export interface CallbackLogEntry {
  kind: string;
  rawBody: Buffer;
  sourceIp: string | null;
  outcome: string;
  paymentId: string | null;
  checkoutRequestId: string | null;
  error: string | null;
}

export async function insertCallbackLog(db: Db, entry: CallbackLogEntry): Promise<void> {
  await db.insert(callbackLogs).values({ ...entry, processedAt: sql`now()` });
}
