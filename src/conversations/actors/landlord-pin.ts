// A landlord's PIN, checked for anything that moves money or changes the payout: five wrong PINs in
// 15 minutes lock it for that landlord, across conversations; each failure is audited.
import { countAuditSince, recordAudit } from '../../../db/queries/audit.js';
import type { PinCheck } from '../../../flows/landlord-setup.machine.js';
import { verifyPin } from '../../crypto/pin.js';
import type { Turn } from '../turn.js';

const PIN_FAILURES_ALLOWED = 5;
const PIN_WINDOW_MS = 15 * 60_000;

export async function checkLandlordPin(turn: Turn, landlord: { id: string; pinHash: string | null }, pin: string): Promise<PinCheck> {
  const tx = turn.tx.orm;
  const failures = await countAuditSince(tx, { entityId: landlord.id, action: 'pin.failed', since: new Date(Date.now() - PIN_WINDOW_MS) });
  if (failures >= PIN_FAILURES_ALLOWED) return 'locked';
  if (landlord.pinHash && (await verifyPin(pin, landlord.pinHash))) return 'ok';
  await recordAudit(tx, { actor: `chat:${turn.channel}`, action: 'pin.failed', entityType: 'landlord', entityId: landlord.id });
  return 'wrong';
}
