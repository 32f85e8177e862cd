// A caretaker chooses (or changes) their own PIN, the one they enter to bill a charge or record cash.
// A change asks for the current PIN first. The new PIN is hashed before it is kept between messages, so
// the snapshot never holds a PIN; typing it twice must match.
import { assign, fromPromise, setup } from 'xstate';
import { caretakerTexts as ct } from '../src/messages/caretaker-messages.js';
import { chat } from '../src/messages/chat-messages.js';
import type { Text } from '../src/messages/text.js';
import { isBack } from './input.js';
import type { PinCheck } from './landlord-setup.machine.js';
import { afterPinCheck, pinGuards, pinQuestion } from './pin-step.js';
import { ask, reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

interface PinContext extends FlowInput {
  newPinHash: string | null;
  mismatch: boolean;
  pinAttempts: number;
  reply: ReturnType<typeof reply>;
  output: FlowOutput | null;
}

const PIN = /^\d{4,6}$/;

export const caretakerPinMachine = setup({
  types: {} as { context: PinContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadPinState: fromPromise<{ hasPin: boolean }, { phone: string }>(providedByRuntime('loadPinState')),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(providedByRuntime('verifyPin')),
    hashPin: fromPromise<string, { pin: string }>(providedByRuntime('hashPin')),
    savePin: fromPromise<void, { hash: string }>(providedByRuntime('savePin')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    hasPin: (_, params: { hasPin: boolean }) => params.hasPin,
    validPin: ({ event }) => PIN.test(event.text.trim()),
    ...pinGuards,
  },
  actions: {
    askOldPin: assign({
      reply: ({ context }) => pinQuestion(context.pinAttempts, ct.enterOldPin),
    }),
    countWrongPin: assign({ pinAttempts: ({ context }) => context.pinAttempts + 1 }),
    askNewPin: assign({ reply: ({ context }) => ask(context.mismatch ? chat.pinMismatch : ct.choosePin), mismatch: false, newPinHash: null }),
    sayBadPin: assign({ reply: () => reply([chat.badPin, ct.choosePin], undefined, { back: true }) }),
    keepPinHash: assign({ newPinHash: (_, params: { hash: string }) => params.hash }),
    askPinAgain: assign({ reply: () => ask(chat.confirmPin) }),
    noteMismatch: assign({ mismatch: true }),
    finish: assign({ output: (_, params: { say: Text }) => toMenu(reply([params.say])) }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'caretakerPin',
  context: ({ input }) => ({ ...input, newPinHash: null, mismatch: false, pinAttempts: 0, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadPinState',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [{ guard: { type: 'hasPin', params: ({ event }) => event.output }, target: 'oldPin' }, { target: 'choosing' }],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    oldPin: {
      entry: 'askOldPin',
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'checkingOldPin' }] },
    },
    checkingOldPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: null }),
        onDone: afterPinCheck({ ok: 'choosing', retry: 'oldPin' }),
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    choosing: {
      entry: 'askNewPin',
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { guard: 'validPin', target: 'hashing' }, { actions: 'sayBadPin' }] },
    },
    hashing: {
      tags: ['busy'],
      invoke: {
        src: 'hashPin',
        input: ({ event }) => ({ pin: (event as FlowEvent).text.trim() }),
        onDone: { target: 'again', actions: { type: 'keepPinHash', params: ({ event }) => ({ hash: event.output }) } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    again: {
      entry: 'askPinAgain',
      on: { INPUT: [{ guard: 'wantsBack', target: 'choosing' }, { target: 'matching' }] },
    },
    matching: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: context.newPinHash }),
        onDone: [
          { guard: { type: 'pinIs', params: ({ event }) => ({ check: event.output, expected: 'ok' as const }) }, target: 'saving' },
          { target: 'choosing', actions: 'noteMismatch' },
        ],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'savePin',
        input: ({ context }) => ({ hash: context.newPinHash! }),
        onDone: { target: 'done', actions: { type: 'finish', params: { say: ct.pinSaved } } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
