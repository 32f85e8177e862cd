// The PIN that guards anything that moves money or changes the payout: a landlord's, or a caretaker's own.
// Five wrong PINs in 15 minutes lock it for that person, across conversations; each failure is audited.
import type { Db } from '../../../db/client.js';
import { countAuditSince, recordAudit } from '../../../db/queries/audit.js';
import { findCaretakerByPhone } from '../../../db/queries/caretakers.js';
import { findLandlordByPhone } from '../../../db/queries/landlords.js';
import type { PinCheck } from '../../../flows/landlord-setup.machine.js';
import { verifyPin } from '../../crypto/pin.js';
import type { Turn } from '../turn.js';
import { auditActorOf } from './office.js';

const PIN_FAILURES_ALLOWED = 5;
const PIN_WINDOW_MS = 15 * 60_000;

export interface PinHolder {
  entityType: 'landlord' | 'caretaker';
  id: string;
  pinHash: string | null;
}

export async function checkLandlordPin(turn: Turn, landlord: { id: string; pinHash: string | null }, pin: string): Promise<PinCheck> {
  return checkPin(turn, { entityType: 'landlord', ...landlord }, pin);
}

/** The PIN of whoever is writing for the property: the landlord's, or the caretaker's own. */
export async function checkOfficePin(turn: Turn, pin: string): Promise<PinCheck> {
  if (turn.profile.landlord?.caretaker) {
    const caretaker = await findCaretakerByPhone(turn.tx, turn.phone);
    if (!caretaker) throw new Error('no longer a caretaker');
    return checkPin(turn, { entityType: 'caretaker', id: caretaker.id, pinHash: caretaker.pinHash }, pin);
  }
  const landlord = await findLandlordByPhone(turn.tx.orm, turn.phone);
  if (!landlord) throw new Error('only a landlord or caretaker has a PIN');
  return checkLandlordPin(turn, landlord, pin);
}

function checkPin(turn: Turn, holder: PinHolder, pin: string): Promise<PinCheck> {
  return checkHolderPin(turn.tx.orm, auditActorOf(turn), holder, pin);
}

/** The check itself, for chat and for the web dashboard alike (one lock-out across both). */
export async function checkHolderPin(db: Db, actor: string, holder: PinHolder, pin: string): Promise<PinCheck> {
  const failures = await countAuditSince(db, { entityId: holder.id, action: 'pin.failed', since: new Date(Date.now() - PIN_WINDOW_MS) });
  if (failures >= PIN_FAILURES_ALLOWED) return 'locked';
  if (holder.pinHash && (await verifyPin(pin, holder.pinHash))) return 'ok';
  await recordAudit(db, { actor, action: 'pin.failed', entityType: holder.entityType, entityId: holder.id });
  return 'wrong';
}
