// Every notification Daraja sends (STK callbacks and timeouts, C2B validation and confirmation) is
// kept as it came, with what we made of it: one row, written in the transaction that acted on it, or
// on its own when that transaction failed, so the raw body survives either way.
import type { Db } from '../../db/client.js';
import { insertCallbackLog, insertCallbackLogLater, type CallbackLogEntry } from '../../db/queries/callback-logs.js';
import type { Transaction } from '../../db/sql.js';

export interface ReceivedNotification {
  kind: 'stk_callback' | 'stk_timeout' | 'c2b_validation' | 'c2b_confirmation';
  /** The body as it came, byte for byte. */
  rawBody: Buffer;
  sourceIp: string | undefined;
}

export interface NotificationVerdict {
  outcome: string;
  paymentId?: string | undefined;
  checkoutRequestId?: string | undefined;
  error?: string | undefined;
}

function entry(received: ReceivedNotification, verdict: NotificationVerdict): CallbackLogEntry {
  return {
    kind: received.kind,
    rawBody: received.rawBody,
    sourceIp: received.sourceIp ?? null,
    outcome: verdict.outcome,
    paymentId: verdict.paymentId ?? null,
    checkoutRequestId: verdict.checkoutRequestId ?? null,
    error: verdict.error ?? null,
  };
}

/** Records the notification now (on its own, or in a transaction that needs no speed). */
export async function recordNotification(db: Db, received: ReceivedNotification, verdict: NotificationVerdict): Promise<void> {
  await insertCallbackLog(db, entry(received, verdict));
}

/** Records the notification with the settlement's COMMIT. */
export function recordNotificationLater(tx: Transaction, received: ReceivedNotification, verdict: NotificationVerdict): void {
  insertCallbackLogLater(tx, entry(received, verdict));
}

/** The database's own words: drizzle wraps them in "Failed query: <the SQL and its parameters>". */
export function rootMessage(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
