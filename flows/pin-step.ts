// The PIN step every money and payout flow shares: the question (saying how many tries are left after a
// wrong PIN), the guards, and what follows the check: right → on; locked, or the third wrong PIN in this
// conversation → "too many"; wrong → ask again. The PIN itself never enters the snapshot.
import { chat } from '../src/messages/chat-messages.js';
import type { Text } from '../src/messages/text.js';
import type { PinCheck } from './landlord-setup.machine.js';
import { ask, reply, type Reply } from './reply.js';

export const MAX_PIN_ATTEMPTS = 3;

/** The PIN question; after a wrong PIN, with the tries left. */
export const pinQuestion = (pinAttempts: number, question: Text): Reply =>
  pinAttempts > 0 ? reply([chat.wrongPin(MAX_PIN_ATTEMPTS - pinAttempts), question], undefined, { back: true }) : ask(question);

export const pinGuards = {
  pinIs: (_: unknown, params: { check: PinCheck; expected: PinCheck }) => params.check === params.expected,
  outOfPinAttempts: ({ context }: { context: { pinAttempts: number } }) => context.pinAttempts + 1 >= MAX_PIN_ATTEMPTS,
};

const pinIs = (expected: PinCheck) => ({ type: 'pinIs' as const, params: ({ event }: { event: { output: PinCheck } }) => ({ check: event.output, expected }) });
const tooMany = { type: 'finish' as const, params: { say: chat.pinLocked } };

/** The transitions after the check (the machine has the guards above, `finish` and `countWrongPin`). */
export function afterPinCheck(targets: { ok: string; retry: string }) {
  return [
    { guard: pinIs('ok'), target: targets.ok },
    { guard: pinIs('locked'), target: 'done', actions: tooMany },
    { guard: 'outOfPinAttempts' as const, target: 'done', actions: tooMany },
    { target: targets.retry, actions: 'countWrongPin' as const },
  ];
}
