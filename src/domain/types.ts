// The words every layer shares: who talks to us on which channel, in which language, and how a
// payment can stand. The database schema, the flows, the channels and the payments all import them
// from here, so none of them has to import another layer to name a channel or a status.

export const languages = ['en', 'sw'] as const;
export type Language = (typeof languages)[number];

export const channels = ['whatsapp', 'sms', 'ussd'] as const;
export type Channel = (typeof channels)[number];

/** Where a landlord's rent goes: a paybill, or a Buy Goods till (reference/daraja.md §2). */
export const businessTypes = ['paybill', 'till'] as const;
export type BusinessType = (typeof businessTypes)[number];

export const paymentStatuses = ['initiating', 'pending', 'success', 'failed', 'cancelled', 'timeout', 'suspense'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
/** A payment still waiting for M-Pesa's answer. */
export const OPEN_PAYMENT_STATUSES: readonly PaymentStatus[] = ['initiating', 'pending'];

/** stk: we asked with an STK Push; c2b: the tenant paid from the M-Pesa menu; cash: recorded by the landlord. */
/** stk: a prompt we sent; c2b: paid from the M-Pesa menu; manual: cash or bank, recorded by the landlord. */
export const paymentSources = ['stk', 'c2b', 'manual'] as const;
export type PaymentSource = (typeof paymentSources)[number];

export const paymentPurposes = ['rent', 'payout_test'] as const;
export type PaymentPurpose = (typeof paymentPurposes)[number];

/** Messages that have a pre-approved WhatsApp template (TWILIO_TEMPLATE_*), for outside WhatsApp's 24-hour window. */
export type TemplateKind = 'bill_notice' | 'reminder' | 'receipt';

/** A bill as a notice or reminder names it. */
export interface BillLine {
  kind: string;
  label: string | null;
  period: string;
  amount: number;
  /** What is still owed on it (reminders); the amount when new. */
  balance: number;
  dueDate: string;
}
