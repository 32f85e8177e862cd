// The statements of one conversation turn (src/conversations/runtime.ts), written for two round trips:
// the first carries BEGIN, the conversation lock (with the contact, in one statement), the replay check
// and everything the screens may need about the person (one statement); the second carries the
// conversation's new snapshot, the stored reply, any queued work, and COMMIT.
import type { Channel, Language } from '../../src/domain/types.js';
import type { Sql, Transaction } from '../sql.js';
import { BILL_DUE, BILL_ORDER, BILL_PAID } from './bill-order.js';

export interface LockedConversation {
  id: string;
  snapshot: unknown;
  machineVersion: number;
  expiresAt: Date;
  /** The person's language, from the contact row touched in the same statement. */
  language: Language | null;
}

/**
 * Touches the contact (the channel they wrote on, when) and creates or locks the conversation row:
 * ON CONFLICT DO UPDATE takes the row lock, so a second message from the same phone waits here until
 * this turn commits. The contact row is locked first, the same way by every turn.
 */
export async function lockConversation(tx: Sql, key: { channel: Channel; key: string; phone: string; machineVersion: number }): Promise<LockedConversation> {
  const [row] = await tx.query<LockedConversation>(
    `with contact as (
       insert into contacts (phone, last_channel, last_inbound_at) values ($3, $1, now())
       on conflict (phone) do update set last_channel = excluded.last_channel, last_inbound_at = excluded.last_inbound_at
       returning language
     )
     insert into conversations (channel, key, phone, machine_version, snapshot, expires_at)
     values ($1, $2, $3, $4, '{}', 'epoch')
     on conflict (channel, key) do update set phone = excluded.phone
     returning id, snapshot, machine_version as "machineVersion", expires_at as "expiresAt", (select language from contact) as language`,
    [key.channel, key.key, key.phone, key.machineVersion],
  );
  // A timestamp may come back as text from a prepared statement's first run: read it either way.
  return { ...row!, expiresAt: new Date(row!.expiresAt) };
}

export async function findInboundReply(tx: Sql, providerId: string): Promise<string | undefined> {
  const [row] = await tx.query<{ reply: string }>('select reply from inbound_messages where provider_id = $1', [providerId]);
  return row?.reply;
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

/**
 * Everything the screens of a turn may show about the person writing, in one statement. It runs on
 * every turn, so it is kept small for PostgreSQL: each subquery and aggregate costs executor set-up on
 * every run, whether or not it finds a row (see bench/README.md). So the person's tenancies are read
 * once, active and past together (a past one only names the landlord to ask), and a tenant's receipts
 * are not here: the status screen reads them with one more round trip (`loadRecentReceipts`).
 */
export async function loadPersonProfile(tx: Sql, phone: string, pushWindowStart: Date): Promise<PersonProfile> {
  const [row] = await tx.query<Omit<PersonProfile, 'tenancies' | 'pastLandlord'> & { tenancies: ProfileTenancyRow[] | null }>(
    `select
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
       (select count(*)::int from payments p where p.phone = $1 and p.source = 'stk' and p.initiated_at >= $2) as "recentPushes"`,
    [phone, pushWindowStart],
  );
  const all = row!.tenancies ?? [];
  const tenancies = all
    .filter((t) => t.active)
    .map(({ active: _active, landlordPhone: _phone, ...t }) => ({ ...t, bills: t.bills ?? [], paidTotal: Number(t.paidTotal ?? 0) }));
  // No tenancy now: the landlord of the latest past one is whom a tenant should ask.
  const past = tenancies.length === 0 ? all.at(-1) : undefined;
  return { ...row!, tenancies, pastLandlord: past ? { name: past.landlordName, phone: past.landlordPhone } : null };
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
