// C2B: money a tenant sends from the M-Pesa menu to the landlord's paybill or till, with the
// tenancy's account number as BillRefNumber (reference/daraja.md §5). Validation may refuse unknown
// account numbers; a confirmation that matches nothing is kept in suspense for the landlord to assign,
// never dropped. The TransID is the M-Pesa receipt, unique, so a repeated confirmation records nothing.
import { randomUUID } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { findLandlordById } from '../../db/queries/landlords.js';
import { findPaymentByReceipt, lockPaymentById, type Payment } from '../../db/queries/payments.js';
import { auditLog, payments, payoutConfigs, tenancies } from '../../db/schema.js';
import { parseEatTimestamp } from '../daraja/transform.js';
import { c2bNotificationSchema, type C2bNotificationBody } from '../daraja/types.js';
import { normalizePhone } from '../domain/phone.js';
import { canonicalAccountNumber, generatePaymentReference } from '../domain/references.js';
import { suspenseNotice } from '../messages/payment-messages.js';
import { queueMessage } from '../outbox/queue-message.js';
import { recordNotification, rootMessage, type ReceivedNotification } from './callback-log.js';
import type { PaymentsContext } from './context.js';
import { PaymentError } from './payment-error.js';
import { settleSuccess } from './settle.js';

export type C2bAnswer = { ResultCode: string; ResultDesc: string };
export const C2B_ACCEPT: C2bAnswer = { ResultCode: '0', ResultDesc: 'Accepted' };
const reject = (code: string): C2bAnswer => ({ ResultCode: code, ResultDesc: 'Rejected' });

interface Match {
  landlordId: string | undefined;
  tenancyId: string | undefined;
  /** The shortcode is a Buy Goods till (or its store): such payments carry no account number. */
  isTill: boolean;
}

/** The landlord owning the shortcode (paybill, store or till) and, by account number, the tenancy. */
async function match(db: Db, body: C2bNotificationBody): Promise<Match> {
  const owners = await db
    .select({ landlordId: payoutConfigs.landlordId, businessType: payoutConfigs.businessType })
    .from(payoutConfigs)
    .where(or(eq(payoutConfigs.businessShortCode, body.BusinessShortCode), eq(payoutConfigs.tillNumber, body.BusinessShortCode)));
  if (owners.length === 0) return { landlordId: undefined, tenancyId: undefined, isTill: false };
  const account = canonicalAccountNumber(body.BillRefNumber);
  for (const { landlordId, businessType } of owners) {
    if (!account) continue;
    const [tenancy] = await db
      .select({ id: tenancies.id })
      .from(tenancies)
      .where(and(eq(tenancies.landlordId, landlordId), eq(tenancies.accountNumber, account)));
    if (tenancy) return { landlordId, tenancyId: tenancy.id, isTill: businessType === 'till' };
  }
  return { landlordId: owners[0]!.landlordId, tenancyId: undefined, isTill: owners[0]!.businessType === 'till' };
}

function wholeShillings(value: string): number | undefined {
  const amount = Number(value);
  return Number.isFinite(amount) && Number.isInteger(amount) && amount >= 1 ? amount : undefined;
}

/** Validation: accept a known account number on a known shortcode; refuse the rest with Daraja's codes. */
export async function validateC2b(ctx: PaymentsContext, rawBody: string, sourceIp?: string): Promise<C2bAnswer | undefined> {
  const received: ReceivedNotification = { kind: 'c2b_validation', rawBody, sourceIp };
  const answer = async (outcome: string, result: C2bAnswer | undefined) => {
    await recordNotification(ctx.db, received, { outcome });
    return result;
  };
  const parsed = parseBody(rawBody);
  if (!parsed) return answer('malformed', undefined);
  if (wholeShillings(parsed.TransAmount) === undefined) return answer('rejected_amount', reject('C2B00013'));
  const found = await match(ctx.db, parsed);
  if (!found.landlordId) return answer('rejected_shortcode', reject('C2B00015'));
  // Buy Goods payments carry no account number: they are accepted and matched on confirmation.
  if (!found.tenancyId && !found.isTill) return answer('rejected_account', reject('C2B00012'));
  return answer('accepted', C2B_ACCEPT);
}

/**
 * Confirmation: record the payment once; settle it to the tenancy, or keep it in suspense. The raw body
 * is logged in the same transaction, or on its own when that transaction fails (callback-log.ts).
 */
export async function confirmC2b(ctx: PaymentsContext, rawBody: string, sourceIp?: string): Promise<C2bAnswer | undefined> {
  const received: ReceivedNotification = { kind: 'c2b_confirmation', rawBody, sourceIp };
  const body = parseBody(rawBody);
  if (!body) {
    await recordNotification(ctx.db, received, { outcome: 'malformed' });
    return undefined;
  }
  const existing = await findPaymentByReceipt(ctx.db, body.TransID);
  if (existing) {
    await recordNotification(ctx.db, received, { outcome: 'duplicate', paymentId: existing.id });
    return C2B_ACCEPT;
  }

  const found = await match(ctx.db, body);
  const amount = wholeShillings(body.TransAmount) ?? Math.max(1, Math.round(Number(body.TransAmount) || 1));
  // v2 masks the MSISDN ("2547 ***** 126"), v1 hashes it: keep whatever came when it is not a number.
  const msisdn = normalizePhone(body.MSISDN);
  try {
    await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(payments)
        .values({
          id: randomUUID(),
          source: 'c2b',
          landlordId: found.landlordId ?? null,
          tenancyId: found.tenancyId ?? null,
          amount,
          phone: msisdn.ok ? msisdn.phone : body.MSISDN,
          status: 'suspense',
          businessShortCode: body.BusinessShortCode,
          partyB: body.BusinessShortCode,
          accountReference: body.BillRefNumber.slice(0, 40),
          reference: generatePaymentReference(),
          mpesaReceiptNumber: body.TransID,
          transactionDate: body.TransTime ? (parseEatTimestamp(body.TransTime) ?? null) : null,
          resultDesc: `C2B ${body.TransactionType ?? ''}`.trim(),
        })
        .returning();
      if (found.tenancyId) {
        await settleSuccess(tx, ctx.metrics, row!, { receipt: body.TransID, transactionDate: row!.transactionDate, resultDesc: row!.resultDesc ?? 'C2B' });
      } else {
        const landlord = found.landlordId ? await findLandlordById(tx, found.landlordId) : undefined;
        if (landlord) {
          await queueMessage(tx, { to: landlord.phone, text: suspenseNotice(amount, body.BusinessShortCode, body.BillRefNumber, body.TransID), idempotencyKey: `suspense:${row!.id}` });
        }
      }
      await recordNotification(tx, received, { outcome: found.tenancyId ? 'settled' : 'suspense', paymentId: row!.id });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) {
      await recordNotification(ctx.db, received, { outcome: 'failed', error: rootMessage(error) });
      throw error;
    }
    // The same confirmation, at the same moment, in another request.
    await recordNotification(ctx.db, received, { outcome: 'duplicate' });
  }
  return C2B_ACCEPT;
}

/** Assigns a payment from the suspense list to one of the same landlord's tenants, and settles it. */
export async function assignSuspense(ctx: PaymentsContext, paymentId: string, tenancyId: string, actor: string): Promise<Payment> {
  return ctx.db.transaction(async (tx) => {
    const payment = await lockPaymentById(tx, paymentId);
    if (!payment) throw new PaymentError(404, 'not_found', 'payment not found');
    if (payment.status !== 'suspense') throw new PaymentError(409, 'not_in_suspense', 'this payment is not in the suspense list');
    const [tenancy] = await tx.select().from(tenancies).where(eq(tenancies.id, tenancyId));
    if (!tenancy || tenancy.landlordId !== payment.landlordId) throw new PaymentError(404, 'not_found', "tenant not found among this landlord's tenants");
    await tx.update(payments).set({ tenancyId }).where(eq(payments.id, paymentId));
    await settleSuccess(tx, ctx.metrics, { ...payment, tenancyId }, { receipt: payment.mpesaReceiptNumber, transactionDate: payment.transactionDate, resultDesc: payment.resultDesc ?? 'C2B' });
    await tx.insert(auditLog).values({ actor, action: 'payment.assigned', entityType: 'payment', entityId: paymentId, details: { tenancyId } });
    const [updated] = await tx.select().from(payments).where(eq(payments.id, paymentId));
    return updated!;
  });
}

function parseBody(rawBody: string): C2bNotificationBody | undefined {
  try {
    const parsed = c2bNotificationSchema.safeParse(JSON.parse(rawBody));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
