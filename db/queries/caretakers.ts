// Caretakers: people a landlord lets run one property (or all) by chat. A removed caretaker keeps their
// row (removed_at), so the audit log's "who" still resolves; a phone is an active caretaker once at most.
import type { Sql } from '../sql.js';

export interface CaretakerRow {
  id: string;
  name: string;
  phone: string;
  /** null: all the landlord's properties. */
  property: string | null;
}

export async function listCaretakers(sql: Sql, landlordId: string): Promise<CaretakerRow[]> {
  return sql.query<CaretakerRow>(
    `select c.id, c.name, c.phone, p.name as property
     from caretakers c left join properties p on p.id = c.property_id
     where c.landlord_id = $1 and c.removed_at is null order by c.created_at`,
    [landlordId],
  );
}

export type AddCaretakerResult = { ok: true; id: string } | { ok: false; problem: 'is_landlord' | 'already_caretaker' };

/**
 * Adds a caretaker for a property named by the landlord (null: all). A phone that is a landlord, or an
 * active caretaker already (for anyone), is refused: a phone acts for one landlord at a time.
 */
export async function addCaretaker(sql: Sql, input: { landlordId: string; property: string | null; name: string; phone: string }): Promise<AddCaretakerResult> {
  const [row] = await sql.query<{ id: string | null; isLandlord: boolean }>(
    `with added as (
       insert into caretakers (landlord_id, property_id, name, phone)
       select $1, (select id from properties where landlord_id = $1 and name = $2), $3, $4
       where not exists (select 1 from landlords where phone = $4)
       on conflict (phone) where removed_at is null do nothing
       returning id
     )
     select (select id from added) as id, exists (select 1 from landlords where phone = $4) as "isLandlord"`,
    [input.landlordId, input.property, input.name, input.phone],
  );
  if (row!.id) return { ok: true, id: row!.id };
  return { ok: false, problem: row!.isLandlord ? 'is_landlord' : 'already_caretaker' };
}

/** Removes one of this landlord's caretakers; their phone, or undefined when it was not theirs (or gone). */
export async function removeCaretaker(sql: Sql, landlordId: string, id: string): Promise<{ phone: string; name: string } | undefined> {
  const [row] = await sql.query<{ phone: string; name: string }>(
    'update caretakers set removed_at = now() where id = $1 and landlord_id = $2 and removed_at is null returning phone, name',
    [id, landlordId],
  );
  return row;
}

/** The active caretaker at this phone, with the PIN hash the chat checks. */
export async function findCaretakerByPhone(sql: Sql, phone: string): Promise<{ id: string; landlordId: string; pinHash: string | null } | undefined> {
  const [row] = await sql.query<{ id: string; landlordId: string; pinHash: string | null }>(
    'select id, landlord_id as "landlordId", pin_hash as "pinHash" from caretakers where phone = $1 and removed_at is null',
    [phone],
  );
  return row;
}

export async function setCaretakerPin(sql: Sql, id: string, pinHash: string): Promise<void> {
  await sql.query('update caretakers set pin_hash = $2 where id = $1 and removed_at is null', [id, pinHash]);
}
