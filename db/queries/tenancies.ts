// Tenancies (a tenant's lease of one unit; the admin API calls it "tenant") and the properties they are in.
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { generateAccountNumber } from '../../src/domain/references.js';
import type { Db } from '../client.js';
import type { Sql, Transaction } from '../sql.js';
import { properties, tenancies } from '../schema.js';

export type Tenancy = typeof tenancies.$inferSelect;

export interface NewTenancy {
  landlordId: string;
  name: string;
  phone: string;
  unit: string;
  property?: string | undefined;
  monthlyRent: number;
  dueDay?: number | undefined;
  /** YYYY-MM-DD; default today. */
  startsOn?: string | undefined;
}

/** Creates a tenancy with a fresh account number; a collision on the unique index just draws again. */
export async function createTenancy(db: Db, input: NewTenancy): Promise<Tenancy> {
  const propertyId = input.property ? await findOrCreateProperty(db, input.landlordId, input.property) : null;
  for (let attempt = 0; ; attempt++) {
    const [row] = await db
      .insert(tenancies)
      .values({
        landlordId: input.landlordId,
        propertyId,
        name: input.name,
        phone: input.phone,
        unit: input.unit,
        monthlyRent: input.monthlyRent,
        dueDay: input.dueDay ?? 1,
        ...(input.startsOn ? { startsOn: input.startsOn } : {}),
        accountNumber: generateAccountNumber(),
      })
      .onConflictDoNothing({ target: tenancies.accountNumber })
      .returning();
    if (row) return row;
    if (attempt > 10) throw new Error('could not draw a free account number');
  }
}

async function findOrCreateProperty(db: Db, landlordId: string, name: string): Promise<string> {
  await db.insert(properties).values({ landlordId, name }).onConflictDoNothing();
  const [row] = await db
    .select({ id: properties.id })
    .from(properties)
    .where(and(eq(properties.landlordId, landlordId), eq(properties.name, name)));
  return row!.id;
}

export async function findPropertyName(db: Db, propertyId: string | null): Promise<string | null> {
  if (!propertyId) return null;
  const [row] = await db.select({ name: properties.name }).from(properties).where(eq(properties.id, propertyId));
  return row?.name ?? null;
}

export async function findTenancyById(db: Db, id: string): Promise<Tenancy | undefined> {
  const [row] = await db.select().from(tenancies).where(eq(tenancies.id, id));
  return row;
}

/** Locks the tenancy row for the rest of the transaction: allocations to one tenant happen in turn. */
export async function lockTenancy(db: Db, id: string): Promise<Tenancy | undefined> {
  const [row] = await db.select().from(tenancies).where(eq(tenancies.id, id)).for('update');
  return row;
}

export interface TenancyChange {
  name?: string | undefined;
  phone?: string | undefined;
  unit?: string | undefined;
  monthlyRent?: number | undefined;
  dueDay?: number | undefined;
  paused?: boolean | undefined;
  endsOn?: string | null | undefined;
}

/** Applies a change; returns the tenancy before and after it (for the audit), undefined when there is none. */
export async function updateTenancy(db: Db, id: string, change: TenancyChange, today: string): Promise<{ before: Tenancy; after: Tenancy } | undefined> {
  const before = await lockTenancy(db, id);
  if (!before) return undefined;
  const { paused, ...rest } = change;
  const resumed = paused === false && before.billingPaused;
  const [after] = await db
    .update(tenancies)
    .set({ ...rest, ...(paused === undefined ? {} : { billingPaused: paused }), ...(resumed ? { billingResumedOn: today } : {}) })
    .where(eq(tenancies.id, id))
    .returning();
  return { before, after: after! };
}

/** Locks several tenancies, in id order (so two batches never wait on each other in a cycle). */
export async function lockTenancies(sql: Sql, ids: string[]): Promise<void> {
  if (ids.length > 0) await sql.query('select id from tenancies where id = any($1::uuid[]) order by id for update', [[...ids].sort()]);
}

export async function findActiveTenanciesByPhone(db: Db, phone: string): Promise<Tenancy[]> {
  return db.select().from(tenancies).where(and(eq(tenancies.phone, phone), eq(tenancies.active, true)));
}

export async function findTenancyByAccountNumber(db: Db, landlordId: string, accountNumber: string): Promise<Tenancy | undefined> {
  const [row] = await db
    .select()
    .from(tenancies)
    .where(and(eq(tenancies.landlordId, landlordId), eq(tenancies.accountNumber, accountNumber)));
  return row;
}

export async function listActiveTenancies(db: Db, landlordId: string): Promise<Tenancy[]> {
  return db.select().from(tenancies).where(and(eq(tenancies.landlordId, landlordId), eq(tenancies.active, true)));
}

/** A landlord's tenancies, oldest first, each with its property's name. */
export async function listTenanciesWithProperty(db: Db, landlordId: string): Promise<{ tenancy: Tenancy; property: string | null }[]> {
  return db
    .select({ tenancy: tenancies, property: properties.name })
    .from(tenancies)
    .leftJoin(properties, eq(properties.id, tenancies.propertyId))
    .where(eq(tenancies.landlordId, landlordId))
    .orderBy(asc(tenancies.createdAt));
}

/**
 * What a chat may see of a landlord's tenants: all of them (a landlord, or a caretaker of every property),
 * or one property's (a caretaker of that property).
 */
export interface Scope {
  landlordId: string;
  propertyId: string | null;
}

/** The names of a landlord's properties (in scope), for choosing one. */
export async function listPropertyNames(sql: Sql, scope: Scope): Promise<string[]> {
  const rows = await sql.query<{ name: string }>('select name from properties where landlord_id = $1 and ($2::uuid is null or id = $2) order by name', [
    scope.landlordId,
    scope.propertyId,
  ]);
  return rows.map((r) => r.name);
}

/**
 * Units already let among these (a unit is its name, case ignored, within its property; '' for none):
 * an active tenancy that has not ended by `today` holds it.
 */
export async function findLetUnits(sql: Sql, query: { landlordId: string; units: string[]; today: string }): Promise<Set<string>> {
  if (query.units.length === 0) return new Set();
  const rows = await sql.query<{ key: string }>(
    `select lower(t.unit) || '|' || coalesce(p.name, '') as key
     from tenancies t left join properties p on p.id = t.property_id
     where t.landlord_id = $1 and t.active and (t.ends_on is null or t.ends_on >= $3::date) and lower(t.unit) = any($2::text[])`,
    [query.landlordId, query.units.map((u) => u.toLowerCase()), query.today],
  );
  return new Set(rows.map((r) => r.key));
}

/** The key findLetUnits answers with. */
export const unitKey = (unit: string, property: string | null) => `${unit.toLowerCase()}|${property ?? ''}`;

/**
 * A landlord's active tenants matching what they typed: the account number, the unit (case and spaces
 * ignored) or part of the name. At most six, units first.
 */
export async function findTenantsOf(sql: Sql, scope: Scope, typed: string): Promise<{ id: string; name: string; unit: string; property: string | null; phone: string }[]> {
  const text = typed.trim();
  const compact = text.replace(/[\s-]/g, '');
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql.query(
    `select t.id, t.name, t.unit, p.name as property, t.phone
     from tenancies t left join properties p on p.id = t.property_id
     where t.landlord_id = $1 and t.active and ($4::uuid is null or t.property_id = $4)
       and (t.account_number = upper($2) or lower(regexp_replace(t.unit, '\\s', '', 'g')) = lower($2) or t.name ilike $3)
     order by (lower(regexp_replace(t.unit, '\\s', '', 'g')) = lower($2)) desc, t.unit limit 6`,
    [scope.landlordId, compact, like, scope.propertyId],
  );
}

/** Whether the tenancy is in this scope (chat actions check before they act). */
export async function isTenancyOf(sql: Sql, scope: Scope, tenancyId: string): Promise<{ phone: string } | undefined> {
  const [row] = await sql.query<{ phone: string }>('select phone from tenancies where id = $1 and landlord_id = $2 and ($3::uuid is null or property_id = $3)', [
    tenancyId,
    scope.landlordId,
    scope.propertyId,
  ]);
  return row;
}

/** The tenant was told the landlord's payout is not ready, and promised word when it is. */
export function markAwaitingPayoutLater(tx: Transaction, tenancyId: string): void {
  tx.later('update tenancies set awaiting_payout_at = coalesce(awaiting_payout_at, now()) where id = $1', [tenancyId]);
}

/** The tenants promised word of this landlord's payout, taken off the list (one statement). */
export async function takeTenantsAwaitingPayout(db: Db, landlordId: string): Promise<{ id: string; phone: string; accountNumber: string }[]> {
  return db
    .update(tenancies)
    .set({ awaitingPayoutAt: null })
    .where(and(eq(tenancies.landlordId, landlordId), isNotNull(tenancies.awaitingPayoutAt), eq(tenancies.active, true)))
    .returning({ id: tenancies.id, phone: tenancies.phone, accountNumber: tenancies.accountNumber });
}
