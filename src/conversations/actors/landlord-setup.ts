// The landlord-setup flow's actors: what is set up now, PIN checks with a lock-out across
// conversations, and saving a change through the one changePayout, followed by the notice to the
// landlord and the KES 1 test push (queued in the outbox, sent after the commit).
import { fromPromise } from 'xstate';
import { recordAudit } from '../../../db/queries/audit.js';
import { findLandlordByPhone, setLandlordPin, type Landlord } from '../../../db/queries/landlords.js';
import { queuePayoutReadyLater } from '../../../db/queries/outbox.js';
import { findLastPayoutTestStatus } from '../../../db/queries/payments.js';
import { findPayoutConfig, setPayoutActive } from '../../../db/queries/payouts.js';
import type { PayoutDraft, PinCheck, SetupData } from '../../../flows/landlord-setup.machine.js';
import { hashPin, verifyPin } from '../../crypto/pin.js';
import { checkLandlordPin } from './landlord-pin.js';
import { OPEN_PAYMENT_STATUSES } from '../../domain/types.js';
import { chat } from '../../messages/chat-messages.js';
import { queueMessage } from '../../outbox/queue-message.js';
import { queueDeferredPush } from '../../payments/deferred-push.js';
import { changePayout } from '../../payments/payout-changes.js';
import type { Turn, TurnOf } from '../turn.js';

/** `current` gives the turn an actor runs in (the machines are built once; src/conversations/machines.ts). */
export function landlordSetupActors(current: TurnOf) {
  const run = <I, O>(fn: (actions: ReturnType<typeof setupActions>, input: I) => Promise<O>) => fromPromise<O, I>(({ input, system }) => fn(setupActions(current(system)), input));
  return {
    loadSetup: run<{ phone: string }, SetupData>((a, input) => a.setupData(input.phone)),
    verifyPin: run<{ phone: string; pin: string; hash: string | null }, PinCheck>((a, input) => a.checkPin(input)),
    hashPin: fromPromise<string, { pin: string }>(({ input, system }) => hashPin(input.pin)),
    savePayout: run<{ phone: string; draft: PayoutDraft; newPinHash: string | null }, void>((a, input) => a.savePayout(input)),
    activatePayout: run<{ phone: string }, void>((a, input) => a.activate(input.phone)),
    sendPayoutTest: run<{ phone: string }, void>(async (a, input) => a.queuePayoutTest(await a.landlordFor(input.phone))),
  };
}

/** What a turn can do for the setup flow. Payout changes are rare: drizzle on the turn's connection, a round trip each. */
function setupActions(turn: Turn) {
  const tx = turn.tx.orm;
  const actor = `chat:${turn.channel}`;

  async function landlordFor(phone: string): Promise<Landlord> {
    const landlord = await findLandlordByPhone(tx, phone);
    if (!landlord) throw new Error('only a landlord can change payout details');
    return landlord;
  }

  async function setupData(phone: string): Promise<SetupData> {
    const landlord = await landlordFor(phone);
    const payout = await findPayoutConfig(tx, landlord.id);
    const lastTest = payout ? await findLastPayoutTestStatus(tx, landlord.id, payout.businessShortCode) : undefined;
    return {
      landlordName: landlord.name,
      hasPin: Boolean(landlord.pinHash),
      payout: payout
        ? {
            type: payout.businessType,
            shortCode: payout.businessShortCode,
            till: payout.tillNumber,
            active: payout.isActive,
            lastTestFailed: Boolean(lastTest && lastTest !== 'success' && !OPEN_PAYMENT_STATUSES.includes(lastTest)),
          }
        : null,
    };
  }

  async function checkPin(input: { phone: string; pin: string; hash: string | null }): Promise<PinCheck> {
    // Confirming a PIN chosen in this conversation: compare with its hash, no lock-out involved.
    if (input.hash) return (await verifyPin(input.pin, input.hash)) ? 'ok' : 'wrong';
    return checkLandlordPin(turn, await landlordFor(input.phone), input.pin);
  }

  async function savePayout(input: { phone: string; draft: PayoutDraft; newPinHash: string | null }): Promise<void> {
    const landlord = await landlordFor(input.phone);
    const { draft } = input;
    await changePayout(tx, landlord.id, draft, { actor, activeAtOnce: false });
    if (input.newPinHash) {
      await setLandlordPin(tx, landlord.id, input.newPinHash);
      await recordAudit(tx, { actor, action: 'pin.set', entityType: 'landlord', entityId: landlord.id });
    }
    const summary = draft.type === 'paybill' ? chat.summaryPaybill(draft.shortCode, draft.account, draft.name) : chat.summaryTill(draft.shortCode, draft.till!, draft.name);
    await queueMessage(tx, {
      to: landlord.phone,
      text: { en: chat.payoutChangedNotice(summary.en).en, sw: chat.payoutChangedNotice(summary.sw).sw },
      idempotencyKey: `payout-changed:${landlord.id}:${Date.now()}`,
    });
    await queuePayoutTest(landlord);
  }

  async function activate(phone: string): Promise<void> {
    const landlord = await landlordFor(phone);
    await setPayoutActive(tx, landlord.id, { isActive: true });
    // The tenants who were told to wait hear that they can pay now (activated without a test: it may fail).
    queuePayoutReadyLater(turn.tx, landlord.id);
    await recordAudit(tx, { actor, action: 'payout.activated_without_test', entityType: 'landlord', entityId: landlord.id });
    await queueMessage(tx, { to: landlord.phone, text: { en: chat.activatedWithWarning.en, sw: chat.activatedWithWarning.sw }, idempotencyKey: `payout-activated:${landlord.id}:${Date.now()}` });
  }

  async function queuePayoutTest(landlord: Landlord): Promise<void> {
    queueDeferredPush(turn.tx, { purpose: 'payout_test', landlordId: landlord.id, phone: landlord.phone, channel: turn.channel }, turn.pushDelaySeconds);
    turn.pushQueued = true;
  }

  return { landlordFor, setupData, checkPin, savePayout, activate, queuePayoutTest };
}
