// The database schema. Idempotency lives here as unique constraints (DESIGN.md decisions 2, 3, 6):
// one payment per CheckoutRequestID, one per M-Pesa receipt, one outbox row per idempotency key.
// Money columns are whole Kenya shillings in integers.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  boolean,
  check,
  date,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BusinessType, Channel, Language, PaymentPurpose, PaymentSource, PaymentStatus } from '../src/domain/types.js';

/** Raw bytes (bytea): a body kept exactly as it came, whatever it holds (a zero byte cannot go in text). */
const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  // postgres.js gives a Buffer, PGlite a Uint8Array.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();


/** A person by phone number: what we remember of them whatever their role (language, last channel). */
export const contacts = pgTable('contacts', {
  phone: text('phone').primaryKey(),
  language: text('language').$type<Language>(),
  lastChannel: text('last_channel').$type<Channel>(),
  preferredChannel: text('preferred_channel').$type<Channel>(),
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
  /** STOP/ACHA: no reminders or bill notices until START/ANZA; receipts still go. */
  remindersStoppedAt: timestamp('reminders_stopped_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const landlords = pgTable('landlords', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** The name tenants know the business by (e.g. "Wanjiku Homes"), given at sign-up. */
  businessName: text('business_name'),
  phone: text('phone').notNull().unique(),
  email: text('email'),
  /** scrypt hash of the PIN that guards payout changes made by chat; null until first setup. */
  pinHash: text('pin_hash'),
  createdAt: createdAt(),
});

/**
 * Where a landlord's rent goes. For a till, businessShortCode is the store (or head-office) number
 * that went live on Daraja and tillNumber is the till (PartyB); see reference/daraja.md §2.
 * Own Daraja credentials are optional and stored encrypted (AES-256-GCM, src/crypto/secret-box.ts).
 */
export const payoutConfigs = pgTable(
  'payout_configs',
  {
    landlordId: uuid('landlord_id')
      .primaryKey()
      .references(() => landlords.id, { onDelete: 'cascade' }),
    businessType: text('business_type').$type<BusinessType>().notNull(),
    businessShortCode: text('business_short_code').notNull(),
    accountNumber: text('account_number'),
    tillNumber: text('till_number'),
    businessName: text('business_name'),
    consumerKeyEnc: text('consumer_key_enc'),
    consumerSecretEnc: text('consumer_secret_enc'),
    passkeyEnc: text('passkey_enc'),
    isActive: boolean('is_active').notNull().default(false),
    configuredAt: timestamp('configured_at', { withTimezone: true }).notNull().defaultNow(),
    lastTestedAt: timestamp('last_tested_at', { withTimezone: true }),
  },
  (t) => [
    index('payout_configs_short_code_idx').on(t.businessShortCode),
    index('payout_configs_till_idx').on(t.tillNumber),
    check('payout_configs_type_chk', sql`${t.businessType} in ('paybill', 'till')`),
    check('payout_configs_till_chk', sql`${t.businessType} <> 'till' or ${t.tillNumber} is not null`),
  ],
);

export const properties = pgTable(
  'properties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    landlordId: uuid('landlord_id')
      .notNull()
      .references(() => landlords.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('properties_landlord_name_uq').on(t.landlordId, t.name)],
);

/**
 * Someone a landlord lets run a property by chat (or all of them, property null): reports, tenants,
 * charges and cash, with their own PIN; never the payout or unmatched money. Removing one keeps the row
 * (removedAt), so the audit log still says who did what. A phone is a caretaker for one landlord at a time.
 */
export const caretakers = pgTable(
  'caretakers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    landlordId: uuid('landlord_id')
      .notNull()
      .references(() => landlords.id, { onDelete: 'cascade' }),
    propertyId: uuid('property_id').references(() => properties.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    /** scrypt hash of the caretaker's own PIN; null until they choose it in chat. */
    pinHash: text('pin_hash'),
    createdAt: createdAt(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('caretakers_phone_uq').on(t.phone).where(sql`${t.removedAt} is null`),
    index('caretakers_landlord_idx').on(t.landlordId),
  ],
);

/**
 * A tenant's lease of one unit from one landlord; the admin API calls it "tenant".
 * accountNumber is the short, stable reference a tenant types as BillRefNumber when paying from the M-Pesa menu.
 */
export const tenancies = pgTable(
  'tenancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    landlordId: uuid('landlord_id')
      .notNull()
      .references(() => landlords.id, { onDelete: 'cascade' }),
    propertyId: uuid('property_id').references(() => properties.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    unit: text('unit').notNull(),
    monthlyRent: integer('monthly_rent').notNull(),
    /** Day of the month rent is due; past a short month's end it means the last day (EAT). */
    dueDay: integer('due_day').notNull().default(1),
    accountNumber: text('account_number').notNull().unique(),
    active: boolean('active').notNull().default(true),
    /** The first day billed (a mid-month start may be prorated); the scheduler bills from its month on. */
    startsOn: date('starts_on').notNull().defaultNow(),
    /** The last day of the tenancy (moved out): no bills for months after it; the balance stays. */
    endsOn: date('ends_on'),
    /** Bills stop while paused, and start again from the month it is resumed in. */
    billingPaused: boolean('billing_paused').notNull().default(false),
    /** The day billing was resumed after a pause: the months paused are not caught up. */
    billingResumedOn: date('billing_resumed_on'),
    /** The tenant tried to pay before the landlord's payout was active and was promised word when it is. */
    awaitingPayoutAt: timestamp('awaiting_payout_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('tenancies_phone_idx').on(t.phone),
    index('tenancies_landlord_idx').on(t.landlordId),
    check('tenancies_rent_chk', sql`${t.monthlyRent} > 0`),
    check('tenancies_due_day_chk', sql`${t.dueDay} between 1 and 31`),
  ],
);

export const billKinds = ['rent', 'water', 'electricity', 'service', 'deposit', 'penalty', 'other'] as const;
export type BillKind = (typeof billKinds)[number];

/** A landlord's billing settings (the scheduler's rules); a landlord without a row has the defaults. */
export const billingSettings = pgTable(
  'billing_settings',
  {
    landlordId: uuid('landlord_id')
      .primaryKey()
      .references(() => landlords.id, { onDelete: 'cascade' }),
    /** A month's bills are issued this many days before they are due. */
    issueDaysBefore: integer('issue_days_before').notNull().default(5),
    /** Reminders, in days from the due date (negative: before it). */
    reminderDays: integer('reminder_days').array().notNull().default(sql`'{-3,0,3,10}'::int[]`),
    lateFeeKind: text('late_fee_kind').$type<'fixed' | 'percent'>(),
    /** Shillings (fixed) or percent of the overdue rent. */
    lateFeeValue: integer('late_fee_value'),
    lateFeeAfterDays: integer('late_fee_after_days'),
    /** A tenancy that starts mid-month pays for the days it has in its first month. */
    prorate: boolean('prorate').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('billing_settings_issue_chk', sql`${t.issueDaysBefore} between 0 and 28`),
    check('billing_settings_late_fee_chk', sql`${t.lateFeeKind} is null or (${t.lateFeeKind} in ('fixed', 'percent') and ${t.lateFeeValue} > 0 and ${t.lateFeeAfterDays} >= 0)`),
  ],
);

/** A fixed charge billed every month with the rent (e.g. KES 500 service charge). */
export const recurringCharges = pgTable(
  'recurring_charges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenancyId: uuid('tenancy_id')
      .notNull()
      .references(() => tenancies.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<BillKind>().notNull(),
    label: text('label'),
    amount: integer('amount').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('recurring_charges_tenancy_idx').on(t.tenancyId),
    check('recurring_charges_amount_chk', sql`${t.amount} > 0`),
    check('recurring_charges_kind_chk', sql`${t.kind} in ('water', 'electricity', 'service', 'other')`),
  ],
);

export const bills = pgTable(
  'bills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenancyId: uuid('tenancy_id')
      .notNull()
      .references(() => tenancies.id, { onDelete: 'cascade' }),
    /** YYYY-MM */
    period: text('period').notNull(),
    kind: text('kind').$type<BillKind>().notNull().default('rent'),
    /** What the bill is for, in the landlord's words ("Water, 12 m³"); required for 'other'. */
    label: text('label'),
    amount: integer('amount').notNull(),
    dueDate: date('due_date'),
    /** The recurring charge it was billed from (one bill per charge per month). */
    chargeId: uuid('charge_id').references(() => recurringCharges.id, { onDelete: 'set null' }),
    /** A late fee: the bill it was charged on (never twice for one bill). */
    lateFeeFor: uuid('late_fee_for'),
    /** Cancelled: it counts for nothing; what was paid on it became the tenancy's credit. */
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    // One rent bill per tenancy and month, one bill per recurring charge and month, one late fee per bill:
    // what makes the scheduler safe to run again, in several processes, after downtime.
    uniqueIndex('bills_rent_per_period_uq').on(t.tenancyId, t.period).where(sql`${t.kind} = 'rent' and ${t.voidedAt} is null`),
    uniqueIndex('bills_charge_per_period_uq').on(t.tenancyId, t.period, t.chargeId).where(sql`${t.chargeId} is not null`),
    uniqueIndex('bills_late_fee_uq').on(t.lateFeeFor).where(sql`${t.lateFeeFor} is not null`),
    index('bills_tenancy_idx').on(t.tenancyId, t.dueDate),
    index('bills_open_due_idx').on(t.dueDate).where(sql`${t.voidedAt} is null`),
    check('bills_amount_chk', sql`${t.amount} > 0`),
    check('bills_kind_chk', sql`${t.kind} in ('rent', 'water', 'electricity', 'service', 'deposit', 'penalty', 'other')`),
    check('bills_other_label_chk', sql`${t.kind} <> 'other' or ${t.label} is not null`),
  ],
);

/** What was paid on a bill that was then voided: it became the tenancy's credit (audited as well). */
export const creditNotes = pgTable('credit_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  billId: uuid('bill_id')
    .notNull()
    .references(() => bills.id, { onDelete: 'cascade' }),
  tenancyId: uuid('tenancy_id')
    .notNull()
    .references(() => tenancies.id, { onDelete: 'cascade' }),
  amount: integer('amount').notNull(),
  reason: text('reason').notNull(),
  createdAt: createdAt(),
});

/** Reminders sent: one per bill and offset (days from its due date), so none is sent twice. */
export const billReminders = pgTable(
  'bill_reminders',
  {
    billId: uuid('bill_id')
      .notNull()
      .references(() => bills.id, { onDelete: 'cascade' }),
    offsetDays: integer('offset_days').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.billId, t.offsetDays] })],
);

/** At most one reminder message per phone per day (EAT), whatever the number of bills (one message lists them). */
export const reminderDays = pgTable(
  'reminder_days',
  {
    phone: text('phone').notNull(),
    day: date('day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.phone, t.day] })],
);

/**
 * A payment intent (STK Push) or a received payment (C2B). The row exists before Daraja is called
 * (status 'initiating'); the CheckoutRequestID and the M-Pesa receipt number are unique, so a
 * duplicate or concurrent callback can never settle twice.
 */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').$type<PaymentSource>().notNull(),
    purpose: text('purpose').$type<PaymentPurpose>().notNull().default('rent'),
    landlordId: uuid('landlord_id').references(() => landlords.id, { onDelete: 'cascade' }),
    tenancyId: uuid('tenancy_id').references(() => tenancies.id, { onDelete: 'set null' }),
    billId: uuid('bill_id').references(() => bills.id, { onDelete: 'set null' }),
    amount: integer('amount').notNull(),
    phone: text('phone').notNull(),
    status: text('status').$type<PaymentStatus>().notNull(),
    businessShortCode: text('business_short_code').notNull(),
    partyB: text('party_b').notNull(),
    accountReference: text('account_reference').notNull(),
    /** Our short reference for this payment (src/domain/references.ts), shown on receipts. */
    reference: text('reference').notNull().unique(),
    /** HMAC of the id (src/crypto/tokens.ts), the last segment of this payment's CallBackURL. */
    callbackToken: text('callback_token').unique(),
    merchantRequestId: text('merchant_request_id'),
    checkoutRequestId: text('checkout_request_id').unique(),
    mpesaReceiptNumber: text('mpesa_receipt_number').unique(),
    resultCode: text('result_code'),
    resultDesc: text('result_desc'),
    /** Our domain code for the outcome (src/daraja/transform.ts), e.g. cancelled_by_user. */
    outcome: text('outcome'),
    /** The channel the payment was started from, so the receipt can follow. */
    channel: text('channel'),
    transactionDate: timestamp('transaction_date', { withTimezone: true }),
    initiatedAt: timestamp('initiated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Reconciler bookkeeping: when to ask STK Push Query next, and how often it was asked. */
    nextQueryAt: timestamp('next_query_at', { withTimezone: true }),
    queryAttempts: integer('query_attempts').notNull().default(0),
  },
  (t) => [
    index('payments_tenancy_idx').on(t.tenancyId, t.initiatedAt),
    index('payments_landlord_idx').on(t.landlordId, t.initiatedAt),
    index('payments_phone_idx').on(t.phone, t.initiatedAt),
    index('payments_open_idx').on(t.nextQueryAt).where(sql`${t.status} in ('initiating', 'pending')`),
    // Daraja allows one prompt per subscriber at a time, and a bill is paid by one push at a time:
    // these make "a pending payment already exists" a database fact, safe across processes.
    uniqueIndex('payments_one_open_per_phone_uq').on(t.phone).where(sql`${t.status} in ('initiating', 'pending')`),
    uniqueIndex('payments_one_open_per_bill_uq').on(t.billId).where(sql`${t.status} in ('initiating', 'pending') and ${t.billId} is not null`),
    index('payments_suspense_idx').on(t.landlordId).where(sql`${t.status} = 'suspense'`),
    check('payments_amount_chk', sql`${t.amount} > 0`),
  ],
);

/** How much of a settled payment went to which bill (oldest open bill first); the rest is credit. */
export const allocations = pgTable(
  'allocations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paymentId: uuid('payment_id')
      .notNull()
      .references(() => payments.id, { onDelete: 'cascade' }),
    billId: uuid('bill_id')
      .notNull()
      .references(() => bills.id, { onDelete: 'cascade' }),
    amount: integer('amount').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('allocations_payment_bill_uq').on(t.paymentId, t.billId),
    index('allocations_bill_idx').on(t.billId),
    check('allocations_amount_chk', sql`${t.amount} > 0`),
  ],
);

/** Every Daraja notification, stored raw before anything else happens (DESIGN.md decision 3). */
export const callbackLogs = pgTable(
  'callback_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    paymentId: uuid('payment_id'),
    checkoutRequestId: text('checkout_request_id'),
    sourceIp: text('source_ip'),
    /** The body byte for byte (DESIGN.md decision 3: record first, whatever it holds). */
    rawBody: bytes('raw_body').notNull(),
    outcome: text('outcome'),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('callback_logs_checkout_idx').on(t.checkoutRequestId)],
);

/** One conversation per (channel, key); key is the phone, or the session id on USSD. */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').$type<Channel>().notNull(),
    key: text('key').notNull(),
    phone: text('phone').notNull(),
    machineVersion: integer('machine_version').notNull(),
    // json, not jsonb: written and read whole on every turn, never queried inside; json stores the text
    // as it is, where jsonb parses it into its binary form on each write and prints it on each read.
    snapshot: json('snapshot').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('conversations_channel_key_uq').on(t.channel, t.key)],
);

/** Inbound provider messages already answered (Twilio retries a MessageSid); the stored reply is replayed. */
export const inboundMessages = pgTable('inbound_messages', {
  providerId: text('provider_id').primaryKey(),
  channel: text('channel').$type<Channel>().notNull(),
  phone: text('phone').notNull(),
  reply: text('reply').notNull(),
  createdAt: createdAt(),
});

export const outboxKinds = ['message', 'stk_push', 'payout_ready'] as const;
export type OutboxKind = (typeof outboxKinds)[number];
export const outboxStatuses = ['queued', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/**
 * Work that must follow a state change, written in the same transaction (DESIGN.md decision 6):
 * messages to people and STK Pushes deferred until a USSD session has ended.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').$type<OutboxKind>().notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    channel: text('channel').$type<Channel>(),
    recipient: text('recipient').notNull(),
    body: text('body'),
    payload: jsonb('payload'),
    status: text('status').$type<OutboxStatus>().notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** Bulk (bill notices, reminders): sent at a bounded rate, after everything else that is due. */
    bulk: boolean('bulk').notNull().default(false),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_due_idx').on(t.bulk, t.runAt).where(sql`${t.status} = 'queued'`),
    index('outbox_recipient_idx').on(t.recipient, t.createdAt),
  ],
);

/** Who changed what, for payout changes and other sensitive actions. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId)],
);

/**
 * A sign-in code for the web dashboard, sent by chat: its HMAC (never the code), its end, and the tries
 * made. One row per request, so requests per phone and per address can be counted for rate limits.
 */
export const loginCodes = pgTable(
  'login_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phone: text('phone').notNull(),
    address: text('address').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('login_codes_phone_idx').on(t.phone, t.createdAt), index('login_codes_address_idx').on(t.address, t.createdAt)],
);

/** A signed-in browser: the hash of its cookie token, whom it acts for, its CSRF token; revocable. */
export const webSessions = pgTable(
  'web_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    phone: text('phone').notNull(),
    csrfToken: text('csrf_token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('web_sessions_phone_idx').on(t.phone)],
);

/**
 * Daraja OAuth tokens shared by every process: Daraja says each token request invalidates the
 * previous token (reference/daraja.md §1), so processes holding a token each would knock each
 * other's out. Keyed by a hash of the consumer key; the token is sealed like other secrets.
 */
export const darajaTokens = pgTable('daraja_tokens', {
  consumerKeyHash: text('consumer_key_hash').primaryKey(),
  sealedToken: text('sealed_token').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
