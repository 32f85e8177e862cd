// Web sign-in: one-time codes sent by chat, and the sessions they open. Codes and session tokens are
// stored as hashes only; whom a session acts for is looked up at every request (officeForPhone), so a
// removed caretaker or a revoked session loses access at once.
import type { Sql } from '../sql.js';

export async function countLoginCodesSince(sql: Sql, query: { phone: string; address: string; since: Date }): Promise<{ byPhone: number; byAddress: number }> {
  const [row] = await sql.query<{ byPhone: number; byAddress: number }>(
    `select (select count(*)::int from login_codes where phone = $1 and created_at >= $3) as "byPhone",
            (select count(*)::int from login_codes where address = $2 and created_at >= $3) as "byAddress"`,
    [query.phone, query.address, query.since],
  );
  return { byPhone: Number(row!.byPhone), byAddress: Number(row!.byAddress) };
}

export async function insertLoginCode(sql: Sql, row: { phone: string; address: string; codeHash: string; expiresAt: Date }): Promise<void> {
  await sql.query('insert into login_codes (phone, address, code_hash, expires_at) values ($1, $2, $3, $4)', [row.phone, row.address, row.codeHash, row.expiresAt]);
}

/** The newest code of this phone that is still usable, counting this try against it (one statement). */
export async function takeLoginCodeTry(sql: Sql, phone: string, maxAttempts: number): Promise<{ id: string; codeHash: string } | undefined> {
  const [row] = await sql.query<{ id: string; codeHash: string }>(
    `update login_codes set attempts = attempts + 1
     where id = (select id from login_codes where phone = $1 and used_at is null and expires_at > now() and attempts < $2 order by created_at desc limit 1)
     returning id, code_hash as "codeHash"`,
    [phone, maxAttempts],
  );
  return row;
}

export async function markLoginCodeUsed(sql: Sql, id: string): Promise<void> {
  await sql.query('update login_codes set used_at = now() where id = $1', [id]);
}

export async function insertWebSession(sql: Sql, row: { tokenHash: string; phone: string; csrfToken: string; expiresAt: Date }): Promise<void> {
  await sql.query('insert into web_sessions (token_hash, phone, csrf_token, expires_at) values ($1, $2, $3, $4)', [row.tokenHash, row.phone, row.csrfToken, row.expiresAt]);
}

export async function findWebSession(sql: Sql, tokenHash: string): Promise<{ phone: string; csrfToken: string } | undefined> {
  const [row] = await sql.query<{ phone: string; csrfToken: string }>(
    'select phone, csrf_token as "csrfToken" from web_sessions where token_hash = $1 and revoked_at is null and expires_at > now()',
    [tokenHash],
  );
  return row;
}

export async function revokeWebSession(sql: Sql, tokenHash: string): Promise<void> {
  await sql.query('update web_sessions set revoked_at = now() where token_hash = $1 and revoked_at is null', [tokenHash]);
}

/** Sign-out everywhere: every session of this phone. */
export async function revokeWebSessionsOf(sql: Sql, phone: string): Promise<number> {
  const rows = await sql.query<{ tokenHash: string }>('update web_sessions set revoked_at = now() where phone = $1 and revoked_at is null returning token_hash as "tokenHash"', [phone]);
  return rows.length;
}

/** Whom a phone acts for on the web: its own landlord account, or the landlord that made it a caretaker. */
export async function officeForPhone(
  sql: Sql,
  phone: string,
): Promise<{ landlordId: string; landlordName: string; propertyId: string | null; caretakerName: string | null; language: string | null } | undefined> {
  const [row] = await sql.query<{ landlordId: string; landlordName: string; propertyId: string | null; caretakerName: string | null; language: string | null }>(
    `select o.* , (select language from contacts where phone = $1) as language from (
       (select l.id as "landlordId", coalesce(l.business_name, l.name) as "landlordName", null::uuid as "propertyId", null::text as "caretakerName", 0 as rank
        from landlords l where l.phone = $1)
       union all
       (select l.id, coalesce(l.business_name, l.name), c.property_id, c.name, 1
        from caretakers c join landlords l on l.id = c.landlord_id where c.phone = $1 and c.removed_at is null)
     ) o order by rank limit 1`,
    [phone],
  );
  return row;
}
