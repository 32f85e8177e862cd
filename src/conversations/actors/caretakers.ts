// The caretaker flows' actors. For the landlord: the list, adding one (with a welcome message to them)
// and removing one (they are told), each audited. For a caretaker: their own PIN, chosen and changed.
import { fromPromise } from 'xstate';
import { recordAudit } from '../../../db/queries/audit.js';
import { addCaretaker, findCaretakerByPhone, listCaretakers, removeCaretaker, setCaretakerPin } from '../../../db/queries/caretakers.js';
import { listPropertyNames } from '../../../db/queries/tenancies.js';
import type { AddResult, CaretakersData } from '../../../flows/caretakers.machine.js';
import type { PinCheck } from '../../../flows/landlord-setup.machine.js';
import { hashPin, verifyPin } from '../../crypto/pin.js';
import { caretakerTexts } from '../../messages/caretaker-messages.js';
import { queueMessage } from '../../outbox/queue-message.js';
import type { Turn, TurnOf } from '../turn.js';
import { checkOfficePin } from './landlord-pin.js';
import { auditActorOf, landlordOnly, officeOf } from './office.js';

export function caretakersActors(current: TurnOf) {
  return {
    loadCaretakers: fromPromise<CaretakersData, { phone: string }>(async ({ system }) => {
      const turn = current(system);
      const office = landlordOnly(turn);
      const [caretakers, properties] = await Promise.all([listCaretakers(turn.tx, office.landlordId), listPropertyNames(turn.tx, office)]);
      return { hasPin: turn.profile.landlord!.hasPin, caretakers, properties };
    }),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input, system }) => checkOfficePin(current(system), input.pin)),
    addCaretaker: fromPromise<AddResult, { name: string; phone: string; property: string | null }>(async ({ input, system }) => {
      const turn = current(system);
      const office = landlordOnly(turn);
      const result = await addCaretaker(turn.tx, { landlordId: office.landlordId, ...input });
      if (!result.ok) return result.problem;
      await recordAudit(turn.tx.orm, { actor: auditActorOf(turn), action: 'caretaker.added', entityType: 'caretaker', entityId: result.id, details: { by: turn.phone, phone: input.phone, property: input.property } });
      await queueMessage(turn.tx.orm, { to: input.phone, text: caretakerTexts.welcome(office.landlordName, input.property), idempotencyKey: `caretaker-welcome:${result.id}` });
      return 'added';
    }),
    removeCaretaker: fromPromise<void, { id: string }>(async ({ input, system }) => {
      const turn = current(system);
      const office = landlordOnly(turn);
      const removed = await removeCaretaker(turn.tx, office.landlordId, input.id);
      if (!removed) return; // removed already (another conversation): nothing more to say
      await recordAudit(turn.tx.orm, { actor: auditActorOf(turn), action: 'caretaker.removed', entityType: 'caretaker', entityId: input.id, details: { by: turn.phone, phone: removed.phone } });
      await queueMessage(turn.tx.orm, { to: removed.phone, text: caretakerTexts.goodbye(office.landlordName), idempotencyKey: `caretaker-removed:${input.id}` });
    }),
  };
}

export function caretakerPinActors(current: TurnOf) {
  return {
    loadPinState: fromPromise<{ hasPin: boolean }, { phone: string }>(async ({ system }) => ({ hasPin: caretakerOf(current(system)).hasPin })),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input, system }) => {
      // Typing the new PIN again: compared with its hash, no lock-out involved.
      if (input.hash) return (await verifyPin(input.pin, input.hash)) ? 'ok' : 'wrong';
      return checkOfficePin(current(system), input.pin);
    }),
    hashPin: fromPromise<string, { pin: string }>(({ input, system }) => hashPin(input.pin)),
    savePin: fromPromise<void, { hash: string }>(async ({ input, system }) => {
      const turn = current(system);
      const { id } = caretakerOf(turn);
      const caretaker = await findCaretakerByPhone(turn.tx, turn.phone);
      if (caretaker?.id !== id) throw new Error('no longer a caretaker');
      await setCaretakerPin(turn.tx, id, input.hash);
      await recordAudit(turn.tx.orm, { actor: auditActorOf(turn), action: 'pin.set', entityType: 'caretaker', entityId: id });
    }),
  };
}

function caretakerOf(turn: Turn) {
  const office = officeOf(turn);
  if (!office.caretaker) throw new Error('only a caretaker chooses a caretaker PIN here');
  return { id: office.caretaker.id, hasPin: turn.profile.landlord!.hasPin };
}
