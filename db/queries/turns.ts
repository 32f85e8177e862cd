// The statements of one conversation turn (src/conversations/runtime.ts), written for two round trips:
// the first carries BEGIN, the conversation lock (with the contact, in one statement), and the locked
// conversation with the replay check and everything the screens may need about the person (one
// statement); the second carries the conversation's new snapshot, the stored reply, any queued work, and
// COMMIT.
import type { Channel, Language } from '../../src/domain/types.js';
import type { Sql, Transaction } from '../sql.js';
import { BILL_DUE, BILL_ORDER, BILL_PAID } from './bill-order.js';

/** The conversation row of a turn, read under its lock. */
export interface LockedConversation {
  id: string;
  snapshot: unknown;
  machineVersion: number;
  expiresAt: Date;
}

/**
 * Locks the turn's conversation row, creating it when new, and touches the contact (the channel they
 * wrote on, and when). ON CONFLICT DO UPDATE locks the existing row even when its WHERE skips the update,
 * so a second message from the same phone waits here until this turn commits. The WHERE clauses make a
 * turn write no row it does not change: a no-op update would still write a new version of the row (the
 * conversation's with its whole snapshot) and its WAL, on every turn. The contact's last message time is
 * kept to the minute, which is all the WhatsApp 24-hour window needs (src/outbox/queue-message.ts).
 * The row itself is read by the next statement (`loadTurn`): a statement waiting on the lock sees, in
 * its own snapshot, the row as it was before the turn it waited for.
 */
export async function lockConversation(tx: Sql, key: { channel: Channel; key: string; phone: string; machineVersion: number }): Promise<void> {
  await tx.query(
    `with contact as (
       insert into contacts (phone, last_channel, last_inbound_at) values ($3, $1, now())
       on conflict (phone) do update set last_channel = excluded.last_channel, last_inbound_at = excluded.last_inbound_at
       where contacts.last_channel is distinct from excluded.last_channel or contacts.last_inbound_at is null
          or contacts.last_inbound_at < excluded.last_inbound_at - interval '1 minute'
     )
     insert into conversations (channel, key, phone, machine_version, snapshot, expires_at)
     values ($1, $2, $3, $4, '{}', 'epoch')
     on conflict (channel, key) do update set phone = excluded.phone where conversations.phone is distinct from excluded.phone`,
    [key.channel, key.key, key.phone, key.machineVersion],
  );
}

export interface ProfileBill {
  id: string;
  period: string;
  kind: string;
  label: string | null;
  amount: number;
  paid: number;
  /** YYYY-MM-DD: the due date, or the 1st of the month when the bill has none. */
  dueOn: string;
}

export interface ProfileTenancy {
  id: string;
  name: string;
  unit: string;
  accountNumber: string;
  landlordId: string;
  landlordName: string;
  payout: { type: 'paybill' | 'till'; shortCode: string; till: string | null; account: string | null; businessName: string | null; active: boolean } | null;
  /** Open bills (not voided), in the order money pays them. */
  bills: ProfileBill[];
  /** All the tenancy has paid (settled payments). */
  paidTotal: number;
}

/** A caretaker's place: who they are, and the one property they look after (null: all). */
export interface CaretakerOf {
  id: string;
  name: string;
  propertyId: string | null;
  property: string | null;
}

export interface PersonProfile {
  /**
   * The landlord this phone acts for: their own account, or, for a caretaker, the landlord who added them
   * (`caretaker` set, `hasPin` then the caretaker's own PIN).
   */
  landlord: { id: string; name: string; hasPin: boolean; caretaker?: CaretakerOf } | null;
  tenancies: ProfileTenancy[];
  /** A payment waiting for its PIN, to this phone or for one of its tenancies. */
  openPayment: { amount: number; phone: string; status: string } | null;
  /** A push queued (not yet sent) to this phone: its payload. */
  queuedPush: unknown;
  /** STK Pushes to this phone since the window start given. */
  recentPushes: number;
  /** For a phone with no tenancy now: the landlord of its latest past one (whom a tenant should ask). */
  pastLandlord: { name: string; phone: string } | null;
}

/** A tenancy as the profile statement returns it: past ones (not active) only to name their landlord. */
interface ProfileTenancyRow extends Omit<ProfileTenancy, 'bills' | 'paidTotal'> {
  active: boolean;
  landlordPhone: string;
  bills: ProfileBill[] | null;
  paidTotal: number | null;
}

/** What the first round trip of a turn reads, under the conversation's lock. */
export interface LoadedTurn {
  conversation: LockedConversation;
  /** The reply already given to this provider message id: the message is a replay. */
  seenReply: string | undefined;
  /** The person's language (null: not chosen yet). */
  language: Language | null;
  profile: PersonProfile;
}

/** The provider id's stored reply, when the message is a replay (WhatsApp, SMS). */
const REPLAY = '(select i.reply from inbound_messages i where i.provider_id = $5) as "seenReply",';
/**
 * The profile statement, made once per variant: postgres.js finds a prepared statement by its SQL text,
 * and a text the app reuses is hashed once (scripts/patch-postgres-js.mjs, patch 4).
 */
const profileStatement = (withReplay: boolean) =>
  `select
       c.id, c.snapshot, c.machine_version as "machineVersion", c.expires_at as "expiresAt", ${withReplay ? REPLAY : ''}
       (select k.language from contacts k where k.phone = $1) as language,
       coalesce(
         (select json_build_object('id', l.id, 'name', l.name, 'hasPin', l.pin_hash is not null) from landlords l where l.phone = $1),
         -- The caretaker's landlord and property by key inside the row, not joined: a join's plan set up
         -- a hash table on every run, for a lookup that almost always finds no caretaker.
         (select json_build_object('id', c.landlord_id, 'name', (select l.name from landlords l where l.id = c.landlord_id), 'hasPin', c.pin_hash is not null,
                                   'caretaker', json_build_object('id', c.id, 'name', c.name, 'propertyId', c.property_id,
                                                                  'property', (select p.name from properties p where p.id = c.property_id)))
          from caretakers c
          where c.phone = $1 and c.removed_at is null)
       ) as landlord,
       (select json_agg(json_build_object(
           'id', t.id, 'active', t.active, 'name', t.name, 'unit', t.unit, 'accountNumber', t.account_number, 'landlordId', t.landlord_id,
           'landlordName', l.name, 'landlordPhone', l.phone,
           'payout', case when pc.landlord_id is null then null else json_build_object(
             'type', pc.business_type, 'shortCode', pc.business_short_code, 'till', pc.till_number, 'account', pc.account_number,
             'businessName', pc.business_name, 'active', pc.is_active) end,
           'bills', (select json_agg(json_build_object('id', b.id, 'period', b.period, 'kind', b.kind, 'label', b.label, 'amount', b.amount,
                                                       'paid', ${BILL_PAID}, 'dueOn', ${BILL_DUE})
                                     order by ${BILL_ORDER})
                     from bills b where b.tenancy_id = t.id and b.voided_at is null and t.active),
           'paidTotal', (select sum(p.amount) from payments p where p.tenancy_id = t.id and p.status = 'success' and t.active)
         ) order by t.created_at)
         from tenancies t join landlords l on l.id = t.landlord_id left join payout_configs pc on pc.landlord_id = t.landlord_id
         where t.phone = $1) as tenancies,
       -- Two index look-ups rather than one OR, which would scan every payment.
       (select json_build_object('amount', p.amount, 'phone', p.phone, 'status', p.status) from (
          (select amount, phone, status from payments where status in ('initiating', 'pending') and phone = $1 limit 1)
          union all
          (select p.amount, p.phone, p.status from tenancies t join payments p on p.tenancy_id = t.id
           where t.phone = $1 and t.active and p.status in ('initiating', 'pending') limit 1)
        ) p limit 1) as "openPayment",
       (select o.payload from outbox o where o.kind = 'stk_push' and o.status = 'queued' and o.recipient = $1 limit 1) as "queuedPush",
       (select count(*)::int from payments p where p.phone = $1 and p.source = 'stk' and p.initiated_at >= $2) as "recentPushes"
     from conversations c where c.channel = $3 and c.key = $4`;
const PROFILE = { withReplay: profileStatement(true), withoutReplay: profileStatement(false) };

/**
 * The conversation row just locked, the person's language, and everything the screens of a turn may
 * show about the person writing, in one statement. It runs on every turn, so it is kept small for
 * PostgreSQL: each subquery and aggregate costs executor set-up on every run, whether or not it finds a
 * row (see bench/README.md). So the person's tenancies are read once, active and past together (a past
 * one only names the landlord to ask), and a tenant's receipts are not here: the status screen reads
 * them with one more round trip (`loadRecentReceipts`). A message with a provider id (WhatsApp, SMS) is
 * also looked up among the replies already given, in the same statement (USSD's has none: its statement
 * goes without that part).
 */
export async function loadTurn(tx: Sql, key: { channel: Channel; key: string; phone: string; pushWindowStart: Date; providerId: string | undefined }): Promise<LoadedTurn> {
  type Row = LockedConversation & Omit<PersonProfile, 'tenancies' | 'pastLandlord'> & { language: Language | null; tenancies: ProfileTenancyRow[] | null; seenReply?: string | null };
  const params = [key.phone, key.pushWindowStart, key.channel, key.key];
  const [row] = await tx.query<Row>(
    key.providerId === undefined ? PROFILE.withoutReplay : PROFILE.withReplay,
    key.providerId === undefined ? params : [...params, key.providerId],
  );
  // The lock statement before this one created the row when it was new.
  if (!row) throw new Error('the locked conversation row is missing');
  const { id, snapshot, machineVersion, expiresAt, language, openPayment, queuedPush, recentPushes, landlord } = row;
  const all = row.tenancies ?? [];
  const tenancies = all
    .filter((t) => t.active)
    .map(({ active: _active, landlordPhone: _phone, ...t }) => ({ ...t, bills: t.bills ?? [], paidTotal: Number(t.paidTotal ?? 0) }));
  // No tenancy now: the landlord of the latest past one is whom a tenant should ask.
  const past = tenancies.length === 0 ? all.at(-1) : undefined;
  return {
    // A timestamp may come back as text from a prepared statement's first run: read it either way.
    conversation: { id, snapshot, machineVersion, expiresAt: new Date(expiresAt) },
    seenReply: row.seenReply ?? undefined,
    language,
    profile: { landlord, tenancies, openPayment, queuedPush, recentPushes, pastLandlord: past ? { name: past.landlordName, phone: past.landlordPhone } : null },
  };
}

export type RecentReceipt = { amount: number; receipt: string | null; at: string; unit: string; periods: string[] };

/** The last three settled payments of the phone's tenancies, newest first (the status screen's one more round trip). */
export async function loadRecentReceipts(tx: Sql, phone: string): Promise<RecentReceipt[]> {
  return tx.query<RecentReceipt>(
    `select p.amount, p.mpesa_receipt_number as receipt, coalesce(p.transaction_date, p.completed_at, p.initiated_at) as at, t.unit,
            coalesce((select json_agg(distinct b.period) from allocations a join bills b on b.id = a.bill_id where a.payment_id = p.id), '[]'::json) as periods
     from tenancies t join payments p on p.tenancy_id = t.id
     where t.phone = $1 and t.active and p.status = 'success'
     order by p.completed_at desc limit 3`,
    [phone],
  );
}

/** The turn's last writes, sent with COMMIT. */
export function saveConversation(tx: Transaction, id: string, values: { snapshot: unknown; machineVersion: number; expiresAt: Date }): void {
  tx.later('update conversations set snapshot = $2, machine_version = $3, expires_at = $4, updated_at = now() where id = $1', [
    id,
    JSON.stringify(values.snapshot),
    values.machineVersion,
    values.expiresAt,
  ]);
}

/** The conversation is over: the next message starts at the menu. */
export function endConversation(tx: Transaction, id: string): void {
  tx.later(`update conversations set snapshot = '{}', expires_at = 'epoch', updated_at = now() where id = $1`, [id]);
}

export function recordInboundReply(tx: Transaction, row: { providerId: string; channel: Channel; phone: string; reply: string }): void {
  tx.later('insert into inbound_messages (provider_id, channel, phone, reply) values ($1, $2, $3, $4)', [row.providerId, row.channel, row.phone, row.reply]);
}

/** STOP / START: the contact row exists (the turn's lock created it). */
export function setRemindersStoppedLater(tx: Transaction, phone: string, stopped: boolean): void {
  tx.later('update contacts set reminders_stopped_at = case when $2 then coalesce(reminders_stopped_at, now()) end where phone = $1', [phone, stopped]);
}

export function setLanguage(tx: Transaction, phone: string, language: Language): void {
  tx.later('update contacts set language = $2 where phone = $1', [phone, language]);
}
