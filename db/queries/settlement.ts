// The statements that settle a payment (src/payments/settlement.ts), written for two round trips: the
// first locks the payment and its tenancy and reads everything settling may need, keyed by the callback
// token or the payment id so that all of it travels with BEGIN; the second carries the writes and COMMIT.
import type { PaymentStatus } from '../../src/domain/types.js';
import type { Sql, Transaction } from '../sql.js';
import { BILL_DUE, BILL_ORDER, BILL_PAID } from './bill-order.js';
import type { Payment } from './payments.js';

/** How the payment is found: by its callback token (STK callbacks) or by its id. */
export type PaymentKey = { token: string } | { id: string };

const PAYMENT_COLUMNS = `id, source, purpose, landlord_id as "landlordId", tenancy_id as "tenancyId", bill_id as "billId", amount, phone, status,
  business_short_code as "businessShortCode", party_b as "partyB", account_reference as "accountReference", reference,
  callback_token as "callbackToken", merchant_request_id as "merchantRequestId", checkout_request_id as "checkoutRequestId",
  mpesa_receipt_number as "mpesaReceiptNumber", result_code as "resultCode", result_desc as "resultDesc", outcome, channel,
  transaction_date as "transactionDate", initiated_at as "initiatedAt", completed_at as "completedAt", next_query_at as "nextQueryAt",
  query_attempts as "queryAttempts"`;

/** Timestamps come back as text on one driver and as Date on the other (db/postgres-client.ts). */
export function readPayment(row: Record<string, unknown>): Payment {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return { ...(row as unknown as Payment), transactionDate: date(row.transactionDate), initiatedAt: date(row.initiatedAt)!, completedAt: date(row.completedAt), nextQueryAt: date(row.nextQueryAt) };
}

export interface SettlementRows {
  payment: Payment | undefined;
  tenancy: { id: string; name: string; phone: string; unit: string; accountNumber: string; landlordId: string } | undefined;
  /** The tenancy's open (not voided) bills in the order money pays them, with what each has been paid. */
  bills: { id: string; period: string; kind: string; amount: number; paid: number; dueOn: string }[];
  /** Settled payments of the tenancy with money not yet allocated, oldest first. */
  unallocated: { paymentId: string; remaining: number }[];
  landlord: { id: string; name: string; phone: string } | undefined;
  payout: { businessType: 'paybill' | 'till'; businessShortCode: string; tillNumber: string | null; isActive: boolean } | undefined;
  contacts: { phone: string; language: 'en' | 'sw' | null; lastChannel: string | null; preferredChannel: string | null; lastInboundAt: string | null }[];
  /** Another payment recorded from C2B with the receipt being settled (it steps aside). */
  c2bCopy: { id: string } | undefined;
}

/** A tenancy's open (not voided) bills in the order money pays them, with what each is paid: JSON, null when none. */
const openBillsJson = (tenancy: string) =>
  `(select json_agg(json_build_object('id', b.id, 'period', b.period, 'kind', b.kind, 'amount', b.amount, 'paid', ${BILL_PAID}, 'dueOn', ${BILL_DUE})
                    order by ${BILL_ORDER})
    from bills b where b.tenancy_id = ${tenancy} and b.voided_at is null)`;

/** A tenancy's settled payments with money not yet allocated, oldest first: JSON, null when none. */
const unallocatedJson = (tenancy: string) =>
  `(select json_agg(json_build_object('paymentId', u.id, 'remaining', u.remaining) order by u.settled, u.id) from (
      select p.id, p.amount - coalesce(sum(a.amount), 0) as remaining, coalesce(p.completed_at, p.initiated_at) as settled
      from payments p left join allocations a on a.payment_id = p.id
      where p.tenancy_id = ${tenancy} and p.status = 'success'
      group by p.id having p.amount - coalesce(sum(a.amount), 0) > 0) u)`;

interface LedgerJson {
  bills: SettlementRows['bills'] | null;
  unallocated: SettlementRows['unallocated'] | null;
}

function readLedger(row: LedgerJson | undefined): Pick<SettlementRows, 'bills' | 'unallocated'> {
  return {
    bills: (row?.bills ?? []).map((b) => ({ ...b, amount: Number(b.amount), paid: Number(b.paid) })),
    unallocated: (row?.unallocated ?? []).map((u) => ({ ...u, remaining: Number(u.remaining) })),
  };
}

/**
 * The three statements of `loadSettlementRows`, for a payment found by its callback token or by its id.
 * Made once each: postgres.js finds a prepared statement by its SQL text, and a text the app reuses is
 * hashed once (scripts/patch-postgres-js.mjs, patch 4).
 */
function settlementStatements(where: string) {
  const tenancyOf = `(select tenancy_id from payments where ${where})`;
  return {
    payment: `select ${PAYMENT_COLUMNS} from payments where ${where} for update`,
    locks: `with tenancy as (
       select id, name, phone, unit, account_number as "accountNumber", landlord_id as "landlordId" from tenancies where id = ${tenancyOf} for update
     ), copy as (
       select id from payments where $2::text is not null and mpesa_receipt_number = $2 and source = 'c2b' and id <> (select id from payments where ${where}) for update
     )
     select (select row_to_json(t) from tenancy t) as tenancy, (select id from copy limit 1) as "c2bCopy"`,
    // The payment is found once and the rest read against its columns: a subquery finding it again
    // for each part cost an index scan's set-up per part on every run (PostgreSQL sets up the whole
    // plan when the statement is bound, whether or not a part finds anything).
    rest: `select
       ${openBillsJson('pay.tenancy_id')} as bills,
       ${unallocatedJson('pay.tenancy_id')} as unallocated,
       (select json_build_object('id', l.id, 'name', l.name, 'phone', l.phone) from landlords l where l.id = pay.landlord_id) as landlord,
       (select json_build_object('businessType', c.business_type, 'businessShortCode', c.business_short_code, 'tillNumber', c.till_number, 'isActive', c.is_active)
          from payout_configs c where c.landlord_id = pay.landlord_id) as payout,
       (select json_agg(json_build_object('phone', c.phone, 'language', c.language, 'lastChannel', c.last_channel,
                                          'preferredChannel', c.preferred_channel, 'lastInboundAt', c.last_inbound_at))
          from contacts c where c.phone in (
            pay.phone,
            (select phone from tenancies where id = pay.tenancy_id),
            (select phone from landlords where id = pay.landlord_id))) as contacts
     from payments pay where pay.${where}`,
  };
}
const SETTLEMENT_BY = { token: settlementStatements('callback_token = $1'), id: settlementStatements('id = $1') };

/**
 * Issues every read at once (one round trip, with BEGIN), in three statements: the payment is locked,
 * then its tenancy (and a C2B copy of the receipt, which steps aside), in that order, by every
 * settlement, so two settlements for one tenant allocate in turn; the third statement reads the rest
 * after those locks are held (a statement sees what was committed before it started, so it must not be
 * the one that waited for a lock).
 */
export async function loadSettlementRows(tx: Sql, key: PaymentKey, receipt: string | null): Promise<SettlementRows> {
  const [statements, value] = 'token' in key ? [SETTLEMENT_BY.token, key.token] : [SETTLEMENT_BY.id, key.id];
  const [payment, locked, rest] = await Promise.all([
    tx.query(statements.payment, [value]),
    tx.query<{ tenancy: NonNullable<SettlementRows['tenancy']> | null; c2bCopy: string | null }>(statements.locks, [value, receipt]),
    tx.query<LedgerJson & { landlord: SettlementRows['landlord'] | null; payout: SettlementRows['payout'] | null; contacts: SettlementRows['contacts'] | null }>(statements.rest, [value]),
  ]);
  const l = locked[0];
  const r = rest[0];
  return {
    payment: payment[0] ? readPayment(payment[0]) : undefined,
    tenancy: l?.tenancy ?? undefined,
    ...readLedger(r),
    landlord: r?.landlord ?? undefined,
    payout: r?.payout ?? undefined,
    contacts: r?.contacts ?? [],
    c2bCopy: l?.c2bCopy ? { id: l.c2bCopy } : undefined,
  };
}

// ---- the writes, queued to go with COMMIT -------------------------------------------------------

export function markSucceededLater(tx: Transaction, id: string, values: { resultDesc: string; receipt: string | null; transactionDate: Date | null; completedAt: Date }): void {
  tx.later(
    `update payments set status = 'success', outcome = 'success', result_code = '0', result_desc = $2, mpesa_receipt_number = $3,
       transaction_date = $4, completed_at = $5, next_query_at = null where id = $1`,
    [id, values.resultDesc, values.receipt, values.transactionDate, values.completedAt],
  );
}

export function markEndedLater(tx: Transaction, id: string, values: { status: PaymentStatus; outcome: string; resultCode: string | null; resultDesc: string }): void {
  tx.later(`update payments set status = $2, outcome = $3, result_code = $4, result_desc = $5, completed_at = now(), next_query_at = null where id = $1`, [
    id,
    values.status,
    values.outcome,
    values.resultCode,
    values.resultDesc,
  ]);
}

/** Adds allocation lines in one statement; a repeat for the same (payment, bill) adds to it. */
export function insertAllocationsLater(tx: Transaction, lines: { paymentId: string; billId: string; amount: number }[]): void {
  if (lines.length === 0) return;
  tx.later(
    `insert into allocations (payment_id, bill_id, amount) select * from unnest($1::uuid[], $2::uuid[], $3::int[])
     on conflict (payment_id, bill_id) do update set amount = allocations.amount + excluded.amount`,
    [lines.map((l) => l.paymentId), lines.map((l) => l.billId), lines.map((l) => l.amount)],
  );
}

/** The C2B copy of a receipt steps aside for the STK payment that settles it: the money counts once. */
export function supersedeLater(tx: Transaction, copyId: string, byPaymentId: string): void {
  tx.later('delete from allocations where payment_id = $1', [copyId]);
  tx.later(`update payments set status = 'failed', outcome = 'duplicate', mpesa_receipt_number = null, result_desc = 'superseded by STK payment ' || $2 where id = $1`, [
    copyId,
    byPaymentId,
  ]);
}

export function setPayoutTestedLater(tx: Transaction, landlordId: string, activate: boolean): void {
  tx.later('update payout_configs set is_active = is_active or $2, last_tested_at = now() where landlord_id = $1', [landlordId, activate]);
}

export function setCheckoutIdsLater(tx: Transaction, id: string, ids: { checkoutRequestId: string; merchantRequestId: string }): void {
  tx.later('update payments set checkout_request_id = $2, merchant_request_id = $3 where id = $1', [id, ids.checkoutRequestId, ids.merchantRequestId]);
}

/** Has the reconciler ask STK Push Query at once, if the intent is still open. */
export function queryPaymentSoonLater(tx: Transaction, id: string): void {
  tx.later(`update payments set next_query_at = now() where id = $1 and status in ('initiating', 'pending')`, [id]);
}

/**
 * Claims up to `limit` open intents due for STK Push Query, reserving each for `leaseSeconds`
 * (FOR UPDATE SKIP LOCKED: processes never claim the same intent). One statement.
 */
export async function claimPaymentsToQuery(sql: Sql, limit: number, leaseSeconds: number): Promise<Payment[]> {
  const rows = await sql.query(
    `update payments set next_query_at = now() + make_interval(secs => $2::int)
     where id in (select id from payments where status in ('initiating', 'pending') and next_query_at <= now()
                  order by next_query_at limit $1 for update skip locked)
     returning ${PAYMENT_COLUMNS}`,
    [limit, leaseSeconds],
  );
  return rows.map(readPayment);
}

/** Counts a query that found the intent still pending and sets the next one, never after the expiry. */
export function recordQueryAttemptLater(tx: Transaction, id: string, attempts: number, backoffSeconds: number, expireAfterSeconds: number): void {
  tx.later(
    `update payments set query_attempts = $2,
       next_query_at = least(now() + make_interval(secs => $3::int), initiated_at + make_interval(secs => $4::int)) where id = $1`,
    [id, attempts, backoffSeconds, expireAfterSeconds],
  );
}

/** The landlords owning a shortcode (paybill, store or till) and, per landlord, the tenancy with this account number. */
/** How a C2B payment found its tenancy. */
export type C2bMatch = 'account' | 'unit' | 'phone';

/**
 * The landlords owning the shortcode (paybill, store or till) and, for each, the tenancy the payment is
 * for: by account number; else by unit name (the reference with case and spaces ignored), when one active
 * tenancy of that landlord has it; else by the paying phone, when it is one active tenancy's of that
 * landlord (Buy Goods payments carry no account). One round trip, each look-up by an index.
 */
export async function matchC2bPayment(
  sql: Sql,
  query: { shortCode: string; accountNumber: string; unitKey: string; phone: string | null },
): Promise<{ landlordId: string; businessType: 'paybill' | 'till'; tenancyId: string | null; matchedBy: C2bMatch | null }[]> {
  // "One tenancy, or none": min(id) when exactly one matches.
  const rows = await sql.query<{ landlordId: string; businessType: 'paybill' | 'till'; byAccount: string | null; byUnit: string | null; byPhone: string | null }>(
    `select pc.landlord_id as "landlordId", pc.business_type as "businessType",
       (select t.id from tenancies t where t.landlord_id = pc.landlord_id and t.account_number = $2) as "byAccount",
       (select case when count(*) = 1 then min(t.id::text) end from tenancies t
          where t.landlord_id = pc.landlord_id and t.active and $3 <> '' and lower(regexp_replace(t.unit, '\\s', '', 'g')) = $3) as "byUnit",
       (select case when count(*) = 1 then min(t.id::text) end from tenancies t
          where t.landlord_id = pc.landlord_id and t.active and t.phone = $4) as "byPhone"
     from payout_configs pc where pc.business_short_code = $1 or pc.till_number = $1`,
    [query.shortCode, query.accountNumber, query.unitKey, query.phone],
  );
  return rows.map((r) => {
    const matchedBy: C2bMatch | null = r.byAccount ? 'account' : r.byUnit ? 'unit' : r.byPhone ? 'phone' : null;
    return { landlordId: r.landlordId, businessType: r.businessType, tenancyId: r.byAccount ?? r.byUnit ?? r.byPhone, matchedBy };
  });
}

export async function findPaymentIdByReceipt(sql: Sql, receipt: string): Promise<string | undefined> {
  const [row] = await sql.query<{ id: string }>('select id from payments where mpesa_receipt_number = $1', [receipt]);
  return row?.id;
}

export interface NewC2bPayment {
  id: string;
  landlordId: string | null;
  tenancyId: string | null;
  amount: number;
  phone: string;
  shortCode: string;
  accountReference: string;
  reference: string;
  receipt: string;
  transactionDate: Date | null;
  resultDesc: string;
}

/** Records cash or bank money a landlord says they received, to be settled at once (src/payments/manual-payment.ts). */
export function insertManualPayment(tx: Sql, p: { id: string; landlordId: string; tenancyId: string; amount: number; phone: string; reference: string; note: string | null }): Promise<unknown> {
  return tx.query(
    `insert into payments (id, source, landlord_id, tenancy_id, amount, phone, status, business_short_code, party_b, account_reference, reference, result_desc)
     values ($1, 'manual', $2, $3, $4, $5, 'suspense', 'cash', 'cash', $6, $7, 'Recorded by the landlord')`,
    [p.id, p.landlordId, p.tenancyId, p.amount, p.phone, p.note ?? 'cash', p.reference],
  );
}

/** Records money received from the M-Pesa menu, in suspense until it is settled to a tenancy. */
export function insertC2bPayment(tx: Sql, p: NewC2bPayment): Promise<unknown> {
  return tx.query(
    `insert into payments (id, source, landlord_id, tenancy_id, amount, phone, status, business_short_code, party_b, account_reference, reference,
                           mpesa_receipt_number, transaction_date, result_desc)
     values ($1, 'c2b', $2, $3, $4, $5, 'suspense', $6, $6, $7, $8, $9, $10, $11)`,
    [p.id, p.landlordId, p.tenancyId, p.amount, p.phone, p.shortCode, p.accountReference, p.reference, p.receipt, p.transactionDate, p.resultDesc],
  );
}

/**
 * A tenancy's open bills and its unallocated money, under the tenancy's lock: what allocating its credit
 * needs (a new bill, a voided one). One round trip.
 */
export async function loadTenancyLedger(tx: Sql, tenancyId: string): Promise<Pick<SettlementRows, 'bills' | 'unallocated'> & { found: boolean }> {
  const [locked, [ledger]] = await Promise.all([
    tx.query('select id from tenancies where id = $1 for update', [tenancyId]),
    tx.query<LedgerJson>(`select ${openBillsJson('$1')} as bills, ${unallocatedJson('$1')} as unallocated`, [tenancyId]),
  ]);
  return { found: locked.length > 0, ...readLedger(ledger) };
}
