// Payments: STK intents and received C2B money. Idempotency is in the schema (unique CheckoutRequestID,
// receipt and callback token; one open intent per phone and per bill); these functions only read and
// write rows, the decisions are in src/payments.
import { and, asc, desc, eq, gte, inArray, lte, ne, or, sql } from 'drizzle-orm';
import { OPEN_PAYMENT_STATUSES, type PaymentStatus } from '../../src/domain/types.js';
import type { Db } from '../client.js';
import type { Sql } from '../sql.js';
import { payments, tenancies } from '../schema.js';

export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;

const OPEN = [...OPEN_PAYMENT_STATUSES];

export async function insertPayment(db: Db, values: NewPayment): Promise<Payment> {
  const [row] = await db.insert(payments).values(values).returning();
  return row!;
}

export async function findPaymentById(db: Db, id: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id));
  return row;
}

/** Locks the payment a callback token belongs to, for the rest of the transaction. */
export async function lockPaymentByCallbackToken(db: Db, token: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.callbackToken, token)).for('update');
  return row;
}

export async function lockPaymentById(db: Db, id: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.id, id)).for('update');
  return row;
}

export async function findPaymentByReceipt(db: Db, receipt: string): Promise<Payment | undefined> {
  const [row] = await db.select().from(payments).where(eq(payments.mpesaReceiptNumber, receipt));
  return row;
}

/** STK Pushes to a phone since a moment (the per-phone limit on prompts): how many, and when the oldest went. */
export async function pushesToPhoneSince(sql: Sql, phone: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await sql.query<{ n: number; oldest: string | Date | null }>(
    `select count(*)::int as n, min(initiated_at) as oldest from payments where phone = $1 and source = 'stk' and initiated_at >= $2`,
    [phone, since],
  );
  return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
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

/** The callback arrived before the initiating request stored the ids (DESIGN.md decision 2). */
export async function setCheckoutIds(db: Db, id: string, ids: { checkoutRequestId: string; merchantRequestId: string }): Promise<void> {
  await db.update(payments).set(ids).where(eq(payments.id, id));
}

export interface SuccessValues {
  resultDesc: string;
  mpesaReceiptNumber: string | null;
  transactionDate: Date | null;
  completedAt: Date;
}

export async function markPaymentSucceeded(db: Db, id: string, values: SuccessValues): Promise<void> {
  await db
    .update(payments)
    .set({ status: 'success', outcome: 'success', resultCode: '0', ...values, nextQueryAt: null })
    .where(eq(payments.id, id));
}

export async function markPaymentEnded(
  db: Db,
  id: string,
  values: { status: PaymentStatus; outcome: string; resultCode: string | null; resultDesc: string },
): Promise<void> {
  await db
    .update(payments)
    .set({ ...values, completedAt: new Date(), nextQueryAt: null })
    .where(eq(payments.id, id));
}

/** Another C2B payment carrying this receipt, locked: the copy an STK settlement must supersede. */
export async function lockC2bCopyOfReceipt(db: Db, receipt: string, exceptId: string): Promise<Payment | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.mpesaReceiptNumber, receipt), ne(payments.id, exceptId), eq(payments.source, 'c2b')))
    .for('update');
  return row;
}

export async function markSuperseded(db: Db, copyId: string, byPaymentId: string): Promise<void> {
  await db
    .update(payments)
    .set({ status: 'failed', outcome: 'duplicate', mpesaReceiptNumber: null, resultDesc: sql`'superseded by STK payment ' || ${byPaymentId}::text` })
    .where(eq(payments.id, copyId));
}

/** Has the reconciler ask STK Push Query at once, if the intent is still open. */
export async function queryPaymentSoon(db: Db, id: string): Promise<void> {
  await db
    .update(payments)
    .set({ nextQueryAt: sql`now()` })
    .where(and(eq(payments.id, id), inArray(payments.status, OPEN)));
}

export async function setPaymentTenancy(db: Db, id: string, tenancyId: string): Promise<void> {
  await db.update(payments).set({ tenancyId }).where(eq(payments.id, id));
}

/**
 * Claims up to `limit` open intents due for STK Push Query, reserving each for `leaseSeconds`
 * (FOR UPDATE SKIP LOCKED: processes never claim the same intent).
 */
export async function claimPaymentsToQuery(db: Db, limit: number, leaseSeconds: number): Promise<Payment[]> {
  const due = db
    .select({ id: payments.id })
    .from(payments)
    .where(and(inArray(payments.status, OPEN), lte(payments.nextQueryAt, sql`now()`)))
    .orderBy(asc(payments.nextQueryAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(payments)
    .set({ nextQueryAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(inArray(payments.id, due))
    .returning();
}

/** Counts a query that found the intent still pending and sets the next one, never after the expiry. */
export async function recordQueryAttempt(db: Db, id: string, attempts: number, backoffSeconds: number, expireAfterSeconds: number): Promise<void> {
  await db
    .update(payments)
    .set({
      queryAttempts: attempts,
      nextQueryAt: sql`least(now() + make_interval(secs => ${backoffSeconds}), ${payments.initiatedAt} + make_interval(secs => ${expireAfterSeconds}))`,
    })
    .where(eq(payments.id, id));
}

/** An open intent to this phone (when given) or for one of these tenancies. */
export async function findOpenPayment(db: Db, of: { phone?: string; tenancyIds: string[] }): Promise<Pick<Payment, 'amount' | 'phone' | 'status'> | undefined> {
  const byTenancy = of.tenancyIds.length > 0 ? inArray(payments.tenancyId, of.tenancyIds) : undefined;
  const byPhone = of.phone ? eq(payments.phone, of.phone) : undefined;
  const who = byTenancy && byPhone ? or(byPhone, byTenancy) : (byTenancy ?? byPhone);
  if (!who) return undefined;
  const [row] = await db
    .select({ amount: payments.amount, phone: payments.phone, status: payments.status })
    .from(payments)
    .where(and(inArray(payments.status, OPEN), who))
    .limit(1);
  return row;
}

/** The latest settled payments of these tenancies, newest first. */
export async function listLatestReceipts(db: Db, tenancyIds: string[], limit: number): Promise<Payment[]> {
  if (tenancyIds.length === 0) return [];
  return db
    .select()
    .from(payments)
    .where(and(inArray(payments.tenancyId, tenancyIds), eq(payments.status, 'success')))
    .orderBy(desc(payments.completedAt))
    .limit(limit);
}

/** The status of the landlord's latest KES 1 test to this shortcode, if any. */
export async function findLastPayoutTestStatus(db: Db, landlordId: string, shortCode: string): Promise<PaymentStatus | undefined> {
  const [row] = await db
    .select({ status: payments.status })
    .from(payments)
    .where(and(eq(payments.landlordId, landlordId), eq(payments.purpose, 'payout_test'), eq(payments.businessShortCode, shortCode)))
    .orderBy(desc(payments.initiatedAt))
    .limit(1);
  return row?.status;
}

/** A landlord's payments, newest first, optionally of one status. */
export async function listLandlordPayments(db: Db, landlordId: string, status: PaymentStatus | undefined, limit = 200): Promise<Payment[]> {
  return db
    .select()
    .from(payments)
    .where(status ? and(eq(payments.landlordId, landlordId), eq(payments.status, status)) : eq(payments.landlordId, landlordId))
    .orderBy(desc(payments.initiatedAt))
    .limit(limit);
}

/** Rent a landlord received since `since`: total and count. */
export async function sumRentReceivedSince(db: Db, landlordId: string, since: Date): Promise<{ total: number; count: number }> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${payments.amount}), 0)::int`, count: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(eq(payments.landlordId, landlordId), eq(payments.status, 'success'), eq(payments.purpose, 'rent'), gte(payments.completedAt, since)));
  return { total: Number(row?.total ?? 0), count: Number(row?.count ?? 0) };
}

/** A landlord's latest rent payments with the unit they were for. */
export async function listLatestRentPayments(db: Db, landlordId: string, limit: number) {
  return db
    .select({ amount: payments.amount, receipt: payments.mpesaReceiptNumber, at: payments.completedAt, unit: tenancies.unit })
    .from(payments)
    .leftJoin(tenancies, eq(tenancies.id, payments.tenancyId))
    .where(and(eq(payments.landlordId, landlordId), eq(payments.status, 'success'), eq(payments.purpose, 'rent')))
    .orderBy(desc(payments.completedAt))
    .limit(limit);
}

/** A landlord's suspense list for chat: the newest `limit` payments that matched no tenant. */
export async function listSuspenseItems(sql: Sql, landlordId: string, limit: number): Promise<{ id: string; amount: number; at: string; reference: string; phone: string }[]> {
  const rows = await sql.query<{ id: string; amount: number; at: string; reference: string; phone: string }>(
    `select id, amount, coalesce(transaction_date, initiated_at) as at, account_reference as reference, phone
     from payments where landlord_id = $1 and status = 'suspense' order by initiated_at desc limit $2`,
    [landlordId, limit],
  );
  return rows.map((r) => ({ ...r, amount: Number(r.amount), at: new Date(r.at).toISOString() }));
}

/** A tenancy's latest settled payments, newest first (a landlord reading the tenant's statement). */
export async function listTenancyPayments(sql: Sql, tenancyId: string, limit: number): Promise<{ at: string; amount: number; receipt: string | null }[]> {
  const rows = await sql.query<{ at: string; amount: number; receipt: string | null }>(
    `select coalesce(transaction_date, completed_at, initiated_at) as at, amount, mpesa_receipt_number as receipt
     from payments where tenancy_id = $1 and status = 'success' order by completed_at desc limit $2`,
    [tenancyId, limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), amount: Number(r.amount) }));
}
