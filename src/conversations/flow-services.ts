// The side effects the flows name, implemented against the database inside the conversation's
// transaction (PGlite serializes transactions, so a second connection would wait on ourselves).
// Anything that must reach Daraja is queued in the outbox and sent after the commit.
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { fromPromise } from 'xstate';
import type { Db } from '../../db/client.js';
import { listBillsWithBalance } from '../../db/queries/bills.js';
import { findLandlordById, findLandlordByPhone, findPayoutConfig, setPayoutActive, savePayoutConfig } from '../../db/queries/landlords.js';
import { countPushesToPhoneSince, OPEN_STATUSES } from '../../db/queries/payments.js';
import { findActiveTenanciesByPhone } from '../../db/queries/tenancies.js';
import { auditLog, landlords, outbox, payments, tenancies, type Channel } from '../../db/schema.js';
import type { PinCheck, PayoutDraft, SetupData } from '../../flows/landlord-setup.machine.js';
import type { PayableAccount, PayRentData, StartRequest, StartResult } from '../../flows/pay-rent.machine.js';
import type { StatusData } from '../../flows/status.machine.js';
import type { Person } from '../../flows/types.js';
import { hashPin, verifyPin } from '../crypto/pin.js';
import { currentPeriod } from '../domain/periods.js';
import { chat } from '../messages/chat-messages.js';
import { queueMessage } from '../outbox/queue-message.js';
import { queueDeferredPush } from '../payments/deferred-push.js';
import { PUSH_WINDOW_MS, PUSHES_PER_PHONE } from '../payments/initiate-payment.js';
import { tenancyBalance } from '../payments/ledger.js';

/** Five wrong PINs in 15 minutes lock payout changes for that landlord, across conversations. */
const PIN_FAILURES_ALLOWED = 5;
const PIN_WINDOW_MS = 15 * 60_000;

export interface FlowServiceOptions {
  channel: Channel;
  /** Seconds between the reply and the STK Push (USSD: the session must have ended). */
  pushDelaySeconds: number;
}

export interface QueuedWork {
  /** An STK Push was queued: the caller kicks the outbox once the transaction has committed. */
  pushQueued: boolean;
}

/** Who is writing: a landlord, a tenant (with what they owe), or nobody we know. */
export async function whoIsWriting(tx: Db, phone: string, maxAmount: number): Promise<Person> {
  // Both asked at once: postgres.js pipelines them, one round trip instead of two.
  const [landlord, accounts] = await Promise.all([findLandlordByPhone(tx, phone), findActiveTenanciesByPhone(tx, phone)]);
  if (landlord) return { role: 'landlord', name: landlord.name };
  if (accounts.length === 0) return { role: 'unknown' };
  const balances = await Promise.all(accounts.map(async (tenancy) => ({ tenancy, balance: await tenancyBalance(tx, tenancy.id) })));
  const owing = balances.filter((b) => b.balance.due > 0);
  // The quick "Pay KES X now" option only when one tenancy owes: otherwise the tenant picks the unit.
  const single = owing.length === 1 ? owing[0]! : undefined;
  return {
    role: 'tenant',
    name: accounts[0]!.name.split(' ')[0] || accounts[0]!.name,
    quickPay: single
      ? { amount: Math.min(single.balance.due, maxAmount), unit: single.tenancy.unit, periods: single.balance.bills.filter((b) => b.balance > 0).map((b) => b.period) }
      : null,
    due: balances.reduce((sum, b) => sum + b.balance.due, 0),
    credit: balances.reduce((sum, b) => sum + b.balance.credit, 0),
  };
}

export function createFlowServices(tx: Db, options: FlowServiceOptions, work: QueuedWork) {
  const { channel, pushDelaySeconds } = options;

  async function payableAccounts(phone: string): Promise<PayRentData> {
    const tenancyRows = await findActiveTenanciesByPhone(tx, phone);
    // Every look-up below is a read that needs only the tenancies: all are asked at once, so
    // postgres.js pipelines them in one round trip.
    const [accounts, pending] = await Promise.all([
      Promise.all(
        tenancyRows.map(async (tenancy): Promise<PayableAccount> => {
          const [balance, payout, landlord] = await Promise.all([
            tenancyBalance(tx, tenancy.id),
            findPayoutConfig(tx, tenancy.landlordId),
            findLandlordById(tx, tenancy.landlordId),
          ]);
          return {
            tenancyId: tenancy.id,
            unit: tenancy.unit,
            due: balance.due,
            credit: balance.credit,
            periods: balance.bills.filter((b) => b.balance > 0).map((b) => b.period),
            accountNumber: tenancy.accountNumber,
            payee: payout?.businessName ?? landlord?.name ?? 'RentEase',
            payout: payout?.isActive ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, account: payout.accountNumber } : null,
          };
        }),
      ),
      pendingFor(phone, tenancyRows.map((t) => t.id)),
    ]);
    return { accounts, pending };
  }

  /** An open intent, or a push queued but not yet sent, for this phone or these tenancies. */
  async function pendingFor(phone: string, tenancyIds: string[]): Promise<{ amount: number; phone: string } | null> {
    const [[open], [queued]] = await Promise.all([
      tx
        .select({ amount: payments.amount, phone: payments.phone })
        .from(payments)
        .where(and(inArray(payments.status, OPEN_STATUSES), tenancyIds.length > 0 ? sql`(${payments.phone} = ${phone} or ${inArray(payments.tenancyId, tenancyIds)})` : eq(payments.phone, phone)))
        .limit(1),
      tx
        .select({ payload: outbox.payload })
        .from(outbox)
        .where(and(eq(outbox.kind, 'stk_push'), eq(outbox.status, 'queued'), eq(outbox.recipient, phone)))
        .limit(1),
    ]);
    if (open) return open;
    const payload = queued?.payload as { amount?: number } | undefined;
    return queued ? { amount: payload?.amount ?? 1, phone } : null;
  }

  async function startPayment(request: StartRequest): Promise<StartResult> {
    const [tenancy] = await tx.select().from(tenancies).where(eq(tenancies.id, request.tenancyId));
    if (!tenancy) return { ok: false, reason: 'not_ready' };
    const payout = await findPayoutConfig(tx, tenancy.landlordId);
    if (!payout?.isActive) return { ok: false, reason: 'not_ready' };
    if (await pendingFor(request.phone, [tenancy.id])) return { ok: false, reason: 'pending' };
    if ((await countPushesToPhoneSince(tx, request.phone, new Date(Date.now() - PUSH_WINDOW_MS))) >= PUSHES_PER_PHONE) return { ok: false, reason: 'too_many' };
    await queueDeferredPush(tx, { purpose: 'rent', tenancyId: tenancy.id, amount: request.amount, phone: request.phone, channel }, pushDelaySeconds);
    work.pushQueued = true;
    return { ok: true };
  }

  async function status(phone: string): Promise<StatusData> {
    const landlord = await findLandlordByPhone(tx, phone);
    if (landlord) return landlordStatus(landlord.id);
    const accounts = await findActiveTenanciesByPhone(tx, phone);
    const ids = accounts.map((a) => a.id);
    const receipts = ids.length
      ? await tx
          .select()
          .from(payments)
          .where(and(inArray(payments.tenancyId, ids), eq(payments.status, 'success')))
          .orderBy(desc(payments.completedAt))
          .limit(3)
      : [];
    const [pending] = ids.length
      ? await tx.select().from(payments).where(and(inArray(payments.tenancyId, ids), inArray(payments.status, OPEN_STATUSES))).limit(1)
      : [];
    return {
      role: 'tenant',
      accounts: await Promise.all(
        accounts.map(async (a) => {
          const balance = await tenancyBalance(tx, a.id);
          return { unit: a.unit, bills: balance.bills, credit: balance.credit };
        }),
      ),
      pending: pending ? { amount: pending.amount, status: pending.status } : null,
      receipts: receipts.map((r) => ({ at: (r.transactionDate ?? r.completedAt ?? r.initiatedAt).toISOString(), amount: r.amount, receipt: r.mpesaReceiptNumber })),
    };
  }

  async function landlordStatus(landlordId: string): Promise<StatusData> {
    const period = currentPeriod();
    const monthStart = new Date(`${period}-01T00:00:00+03:00`);
    const [collected] = await tx
      .select({ total: sql<number>`coalesce(sum(${payments.amount}), 0)::int`, count: sql<number>`count(*)::int` })
      .from(payments)
      .where(and(eq(payments.landlordId, landlordId), eq(payments.status, 'success'), eq(payments.purpose, 'rent'), gte(payments.completedAt, monthStart)));
    const unpaid: { name: string; unit: string; due: number }[] = [];
    for (const tenancy of await tx.select().from(tenancies).where(and(eq(tenancies.landlordId, landlordId), eq(tenancies.active, true)))) {
      const due = (await listBillsWithBalance(tx, tenancy.id)).reduce((sum, b) => sum + b.balance, 0);
      if (due > 0) unpaid.push({ name: tenancy.name, unit: tenancy.unit, due });
    }
    const latest = await tx
      .select({ amount: payments.amount, receipt: payments.mpesaReceiptNumber, at: payments.completedAt, unit: tenancies.unit })
      .from(payments)
      .leftJoin(tenancies, eq(tenancies.id, payments.tenancyId))
      .where(and(eq(payments.landlordId, landlordId), eq(payments.status, 'success'), eq(payments.purpose, 'rent')))
      .orderBy(desc(payments.completedAt))
      .limit(3);
    const payout = await findPayoutConfig(tx, landlordId);
    return {
      role: 'landlord',
      payout: payout ? { type: payout.businessType, shortCode: payout.tillNumber ?? payout.businessShortCode, active: payout.isActive } : null,
      collected: Number(collected?.total ?? 0),
      count: Number(collected?.count ?? 0),
      unpaid,
      latest: latest.map((p) => ({ at: (p.at ?? new Date()).toISOString(), amount: p.amount, receipt: p.receipt, unit: p.unit ?? '' })),
    };
  }

  async function landlordFor(phone: string) {
    const landlord = await findLandlordByPhone(tx, phone);
    if (!landlord) throw new Error('only a landlord can change payout details');
    return landlord;
  }

  async function setupData(phone: string): Promise<SetupData> {
    const landlord = await landlordFor(phone);
    const payout = await findPayoutConfig(tx, landlord.id);
    const [lastTest] = payout
      ? await tx
          .select({ status: payments.status })
          .from(payments)
          .where(and(eq(payments.landlordId, landlord.id), eq(payments.purpose, 'payout_test'), eq(payments.businessShortCode, payout.businessShortCode)))
          .orderBy(desc(payments.initiatedAt))
          .limit(1)
      : [];
    return {
      landlordName: landlord.name,
      hasPin: Boolean(landlord.pinHash),
      payout: payout
        ? {
            type: payout.businessType,
            shortCode: payout.businessShortCode,
            till: payout.tillNumber,
            active: payout.isActive,
            lastTestFailed: Boolean(lastTest && !['success', ...OPEN_STATUSES].includes(lastTest.status)),
          }
        : null,
    };
  }

  async function checkPin(input: { phone: string; pin: string; hash: string | null }): Promise<PinCheck> {
    // Confirming a PIN chosen in this conversation: compare with its hash, no lock-out involved.
    if (input.hash) return (await verifyPin(input.pin, input.hash)) ? 'ok' : 'wrong';
    const landlord = await landlordFor(input.phone);
    const [failures] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, landlord.id), eq(auditLog.action, 'pin.failed'), gte(auditLog.createdAt, new Date(Date.now() - PIN_WINDOW_MS))));
    if (Number(failures?.n ?? 0) >= PIN_FAILURES_ALLOWED) return 'locked';
    if (landlord.pinHash && (await verifyPin(input.pin, landlord.pinHash))) return 'ok';
    await tx.insert(auditLog).values({ actor: `chat:${channel}`, action: 'pin.failed', entityType: 'landlord', entityId: landlord.id });
    return 'wrong';
  }

  async function savePayout(input: { phone: string; draft: PayoutDraft; newPinHash: string | null }): Promise<void> {
    const landlord = await landlordFor(input.phone);
    const before = await findPayoutConfig(tx, landlord.id);
    const { draft } = input;
    // Own Daraja credentials belong to one shortcode: a new shortcode cannot keep the old ones.
    const sameShortCode = before?.businessShortCode === draft.shortCode;
    await savePayoutConfig(tx, landlord.id, {
      businessType: draft.type,
      businessShortCode: draft.shortCode,
      accountNumber: draft.type === 'paybill' ? draft.account : null,
      tillNumber: draft.type === 'till' ? draft.till : null,
      businessName: draft.name,
      ...(sameShortCode ? {} : { sealedCredentials: null }),
      // Active only once the KES 1 test to the new destination succeeds (src/payments/settle.ts).
      isActive: false,
    });
    if (input.newPinHash) await tx.update(landlords).set({ pinHash: input.newPinHash }).where(eq(landlords.id, landlord.id));
    await tx.insert(auditLog).values({
      actor: `chat:${channel}`,
      action: 'payout.changed',
      entityType: 'landlord',
      entityId: landlord.id,
      details: { before: before ? { type: before.businessType, shortCode: before.businessShortCode, till: before.tillNumber } : null, after: draft, pinSet: Boolean(input.newPinHash) },
    });
    const summary = draft.type === 'paybill' ? chat.summaryPaybill(draft.shortCode, draft.account, draft.name) : chat.summaryTill(draft.shortCode, draft.till!, draft.name);
    await queueMessage(tx, {
      to: landlord.phone,
      text: { en: chat.payoutChangedNotice(summary.en).en, sw: chat.payoutChangedNotice(summary.sw).sw },
      idempotencyKey: `payout-changed:${landlord.id}:${Date.now()}`,
    });
    await queueDeferredPush(tx, { purpose: 'payout_test', landlordId: landlord.id, phone: landlord.phone, channel }, pushDelaySeconds);
    work.pushQueued = true;
  }

  async function activate(phone: string): Promise<void> {
    const landlord = await landlordFor(phone);
    await setPayoutActive(tx, landlord.id, { isActive: true });
    await tx.insert(auditLog).values({ actor: `chat:${channel}`, action: 'payout.activated_without_test', entityType: 'landlord', entityId: landlord.id });
    await queueMessage(tx, { to: landlord.phone, text: { en: chat.activatedWithWarning.en, sw: chat.activatedWithWarning.sw }, idempotencyKey: `payout-activated:${landlord.id}:${Date.now()}` });
  }

  async function sendTest(phone: string): Promise<void> {
    const landlord = await landlordFor(phone);
    await queueDeferredPush(tx, { purpose: 'payout_test', landlordId: landlord.id, phone: landlord.phone, channel }, pushDelaySeconds);
    work.pushQueued = true;
  }

  return {
    loadAccounts: fromPromise<PayRentData, { phone: string }>(({ input }) => payableAccounts(input.phone)),
    startPayment: fromPromise<StartResult, StartRequest>(({ input }) => startPayment(input)),
    loadStatus: fromPromise<StatusData, { phone: string }>(({ input }) => status(input.phone)),
    loadSetup: fromPromise<SetupData, { phone: string }>(({ input }) => setupData(input.phone)),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(({ input }) => checkPin(input)),
    hashPin: fromPromise<string, { pin: string }>(({ input }) => hashPin(input.pin)),
    savePayout: fromPromise<void, { phone: string; draft: PayoutDraft; newPinHash: string | null }>(({ input }) => savePayout(input)),
    activatePayout: fromPromise<void, { phone: string }>(({ input }) => activate(input.phone)),
    sendPayoutTest: fromPromise<void, { phone: string }>(({ input }) => sendTest(input.phone)),
  };
}

export type FlowServices = ReturnType<typeof createFlowServices>;
