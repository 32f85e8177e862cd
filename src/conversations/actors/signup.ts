// The sign-up flow's actor: the new landlord, their language, and an audit entry, in the turn's
// transaction. A number that is a landlord already (a second sign-up in another conversation) changes nothing.
import { fromPromise } from 'xstate';
import { recordAudit } from '../../../db/queries/audit.js';
import { setContactLanguage } from '../../../db/queries/contacts.js';
import { createLandlord, findLandlordByPhone } from '../../../db/queries/landlords.js';
import type { Language } from '../../domain/types.js';
import type { Turn, TurnOf } from '../turn.js';

export function signupActors(current: TurnOf) {
  return {
    registerLandlord: fromPromise<void, { name: string; businessName: string | null; language: Language }>(async ({ input, system }) => {
      const turn = current(system);
      if (!turn.settings.signupOpen) throw new Error('sign-up is switched off');
      const tx = turn.tx.orm;
      if (await findLandlordByPhone(tx, turn.phone)) return;
      const landlord = await createLandlord(tx, { name: input.name, phone: turn.phone, businessName: input.businessName });
      await setContactLanguage(tx, turn.phone, input.language);
      await recordAudit(tx, { actor: `chat:${turn.channel}`, action: 'landlord.signed_up', entityType: 'landlord', entityId: landlord.id, details: { businessName: input.businessName } });
    }),
  };
}
