import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { payments, type PaymentStatus } from '../schema.js';

export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;

export const OPEN_STATUSES: PaymentStatus[] = ['initiating', 'pending'];

export async function insertPayment(db: Db, values: NewPayment): Promise<Payment> {
  const [row] = await db.insert(payments).values(values).returning();
  return row!;
}

export async function findPaymentById(db: Db, id: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

/** Locks the payment a callback token belongs to, for the rest of the transaction. */
export async function lockPaymentByCallbackToken(tx: Db, token: string): Promise<Payment | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.callbackToken, token)).for('update');
  return row;
}

export async function lockPaymentById(tx: Db, id: string): Promise<Payment | undefined> {
  const [row] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
  return row;
}

export async function findPaymentByReceipt(db: Db, receipt: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.mpesaReceiptNumber, receipt));
  return row;
}

/** How many pushes went to this phone since `since`: the per-phone limit on prompts. */
export async function countPushesToPhoneSince(db: Db, phone: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(eq(payments.phone, phone), eq(payments.source, 'stk'), gte(payments.initiatedAt, since)));
  return Number(row?.n ?? 0);
}

/** Records Daraja's acceptance. A callback may have ended the intent already: then only the ids are filled in. */
export async function recordPushAccepted(db: Db, id: string, ids: { checkoutRequestId: string; merchantRequestId: string }): Promise<void> {
  await db
    .update(payments)
    .set({
      checkoutRequestId: sql`coalesce(${payments.checkoutRequestId}, ${ids.checkoutRequestId})`,
      merchantRequestId: sql`coalesce(${payments.merchantRequestId}, ${ids.merchantRequestId})`,
      status: sql`case when ${payments.status} = 'initiating' then 'pending' else ${payments.status} end`,
    })
    .where(eq(payments.id, id));
}
