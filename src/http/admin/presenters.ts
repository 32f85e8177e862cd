// What the admin API returns: the contract's field names, never a secret.
import type { BillWithBalance } from '../../../db/queries/bills.js';
import type { Landlord } from '../../../db/queries/landlords.js';
import type { OutboxRow } from '../../../db/queries/outbox.js';
import type { Payment } from '../../../db/queries/payments.js';
import type { PayoutConfig } from '../../../db/queries/payouts.js';
import type { Tenancy } from '../../../db/queries/tenancies.js';

export function presentLandlord(l: Landlord, language: string | null) {
  return { id: l.id, name: l.name, phone: l.phone, email: l.email, language: language ?? 'en', createdAt: l.createdAt };
}

export function presentPayoutStatus(p: PayoutConfig | undefined) {
  return {
    isConfigured: Boolean(p),
    isActive: p?.isActive ?? false,
    businessType: p?.businessType ?? null,
    businessShortCode: p?.businessShortCode ?? null,
    accountNumber: p?.accountNumber ?? null,
    tillNumber: p?.tillNumber ?? null,
    businessName: p?.businessName ?? null,
    hasOwnCredentials: Boolean(p?.consumerKeyEnc && p.consumerSecretEnc && p.passkeyEnc),
    configuredAt: p?.configuredAt ?? null,
    lastTestedAt: p?.lastTestedAt ?? null,
  };
}

export function presentTenant(t: Tenancy, property: string | null) {
  return {
    id: t.id,
    landlordId: t.landlordId,
    name: t.name,
    phone: t.phone,
    unit: t.unit,
    property,
    monthlyRent: t.monthlyRent,
    dueDay: t.dueDay,
    accountNumber: t.accountNumber,
    startsOn: t.startsOn,
    endsOn: t.endsOn,
    paused: t.billingPaused,
    createdAt: t.createdAt,
  };
}

export function presentBill(b: BillWithBalance) {
  return { id: b.id, kind: b.kind, label: b.label, period: b.period, amount: b.amount, paid: b.paid, balance: b.balance, status: b.status, dueDate: b.dueDate };
}

export function presentPayment(p: Payment) {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    phone: p.phone,
    resultCode: p.resultCode,
    resultDesc: p.resultDesc,
    mpesaReceiptNumber: p.mpesaReceiptNumber,
    billId: p.billId,
    landlordId: p.landlordId,
    tenantId: p.tenancyId,
    initiatedAt: p.initiatedAt,
    completedAt: p.completedAt,
    // Additions to the contract: our domain outcome, where the money came from, and our reference.
    outcome: p.outcome,
    source: p.source,
    purpose: p.purpose,
    reference: p.reference,
    checkoutRequestId: p.checkoutRequestId,
    accountReference: p.accountReference,
  };
}

export function presentMessage(m: OutboxRow) {
  return { id: m.id, channel: m.channel, to: m.recipient, body: m.body, status: m.status, attempts: m.attempts, createdAt: m.createdAt, sentAt: m.sentAt };
}
