// Every Daraja notification, kept as it came with what we made of it (DESIGN.md decision 3).
import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { Transaction } from '../sql.js';
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

/** The same record, queued to go with the settlement's COMMIT. */
export function insertCallbackLogLater(tx: Transaction, entry: CallbackLogEntry): void {
  tx.later(
    `insert into callback_logs (kind, raw_body, source_ip, outcome, payment_id, checkout_request_id, error, processed_at)
     values ($1, $2, $3, $4, $5, $6, $7, now())`,
    [entry.kind, entry.rawBody, entry.sourceIp, entry.outcome, entry.paymentId, entry.checkoutRequestId, entry.error],
  );
}
