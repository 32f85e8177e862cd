// Whom a landlord-side chat acts for, and as whom: the landlord themself, or a caretaker they added for
// one property or all. Every landlord-side actor asks here, so a caretaker's scope and the audit's "who"
// are decided in one place.
import type { CaretakerOf } from '../../../db/queries/turns.js';
import type { Scope } from '../../../db/queries/tenancies.js';
import type { Turn } from '../turn.js';

export interface Office extends Scope {
  landlordName: string;
  /** Set when a caretaker is writing. */
  caretaker: CaretakerOf | null;
}

export function officeOf(turn: Turn): Office {
  const landlord = turn.profile.landlord;
  if (!landlord) throw new Error('only a landlord or their caretaker acts for a property');
  return { landlordId: landlord.id, landlordName: landlord.name, propertyId: landlord.caretaker?.propertyId ?? null, caretaker: landlord.caretaker ?? null };
}

/** The landlord themself, for what a caretaker may never do (payout, unmatched money, caretakers). */
export function landlordOnly(turn: Turn): Office {
  const office = officeOf(turn);
  if (office.caretaker) throw new Error('a caretaker may not do this');
  return office;
}

/** The audit log's actor for a chat action: the channel, and for a caretaker who they are. */
export function auditActorOf(turn: Turn): string {
  const caretaker = turn.profile.landlord?.caretaker;
  return caretaker ? `chat:${turn.channel}:caretaker:${turn.phone}` : `chat:${turn.channel}`;
}
