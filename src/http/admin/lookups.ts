// The admin routes' look-ups by id: a malformed or unknown id is a 404, never a 500.
import type { Db } from '../../../db/client.js';
import { findLandlordById } from '../../../db/queries/landlords.js';
import { findTenancyById } from '../../../db/queries/tenancies.js';
import { notFound } from '../errors.js';
import { parseId } from './schemas.js';

export async function landlordOr404(db: Db, id: unknown) {
  const landlord = await findLandlordById(db, parseId(id, 'landlord'));
  if (!landlord) throw notFound('landlord');
  return landlord;
}

export async function tenancyOr404(db: Db, id: unknown) {
  const tenancy = await findTenancyById(db, parseId(id, 'tenant'));
  if (!tenancy) throw notFound('tenant');
  return tenancy;
}
