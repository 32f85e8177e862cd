// A landlord's caretakers by chat: the list, adding one (name, phone, which property or all of them) and
// removing one, each confirmed and then the landlord's PIN. The caretaker is told by message either way.
// Only the landlord reaches this flow (the menu offers it to no caretaker; the actors check again).
import { assign, fromPromise, setup } from 'xstate';
import { normalizePhone } from '../src/domain/phone.js';
import { caretakerTexts as ct } from '../src/messages/caretaker-messages.js';
import { chat, PHONE_REJECTIONS } from '../src/messages/chat-messages.js';
import { moneyTexts as mx } from '../src/messages/landlord-money-messages.js';
import { signupTexts } from '../src/messages/signup-messages.js';
import type { Text } from '../src/messages/text.js';
import { isBack, isNo, isYes, optionNumber } from './input.js';
import type { PinCheck } from './landlord-setup.machine.js';
import { afterPinCheck, pinGuards, pinQuestion } from './pin-step.js';
import { ask, notUnderstood, reply, type Reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export interface Caretaker {
  id: string;
  name: string;
  phone: string;
  property: string | null;
}

export interface CaretakersData {
  hasPin: boolean;
  caretakers: Caretaker[];
  properties: string[];
}

export type AddResult = 'added' | 'is_landlord' | 'already_caretaker';

interface CaretakersContext extends FlowInput {
  data: CaretakersData;
  draft: { name?: string; phone?: string; property?: string | null };
  removing: Caretaker | null;
  pinAttempts: number;
  reply: Reply;
  output: FlowOutput | null;
}

const validName = (s: string) => s.trim().length >= 2 && s.trim().length <= 60;

function listing(data: CaretakersData): Reply {
  return reply([ct.list(data.caretakers)], data.caretakers.length ? [ct.optAdd, ct.optRemove] : [ct.optAdd], { back: true });
}

export const caretakersMachine = setup({
  types: {} as { context: CaretakersContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadCaretakers: fromPromise<CaretakersData, { phone: string }>(providedByRuntime('loadCaretakers')),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(providedByRuntime('verifyPin')),
    addCaretaker: fromPromise<AddResult, { name: string; phone: string; property: string | null }>(providedByRuntime('addCaretaker')),
    removeCaretaker: fromPromise<void, { id: string }>(providedByRuntime('removeCaretaker')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    lacksPin: (_, params: { data: CaretakersData }) => !params.data.hasPin,
    choseAdd: ({ event }) => optionNumber(event.text) === 1,
    choseRemove: ({ context, event }) => optionNumber(event.text) === 2 && context.data.caretakers.length > 0,
    choseCaretaker: ({ context, event }) => context.data.caretakers[(optionNumber(event.text) ?? 0) - 1] !== undefined,
    validName: ({ event }) => validName(event.text),
    validPhone: ({ event }) => normalizePhone(event.text).ok,
    severalProperties: ({ context }) => context.data.properties.length >= 2,
    choseProperty: ({ context, event }) => {
      const n = optionNumber(event.text) ?? 0;
      return n >= 1 && n <= context.data.properties.length + 1;
    },
    adding: ({ context }) => context.removing === null,
    yes: ({ event }) => isYes(event.text),
    no: ({ event }) => isNo(event.text),
    ...pinGuards,
    resultIs: (_, params: { result: AddResult; expected: AddResult }) => params.result === params.expected,
  },
  actions: {
    keepData: assign({ data: (_, params: { data: CaretakersData }) => params.data }),
    showList: assign({ reply: ({ context }) => listing(context.data), draft: () => ({}), removing: () => null }),
    askName: assign({ reply: () => ask(ct.askName) }),
    sayBadName: assign({ reply: () => ask(signupTexts.badName) }),
    keepName: assign({ draft: ({ context, event }) => ({ ...context.draft, name: event.text.trim() }) }),
    askPhone: assign({ reply: () => ask(ct.askPhone) }),
    sayBadPhone: assign({
      reply: ({ event }) => {
        const result = normalizePhone(event.text);
        return ask(result.ok ? ct.askPhone : PHONE_REJECTIONS[result.reason]);
      },
    }),
    keepPhone: assign({ draft: ({ context, event }) => ({ ...context.draft, phone: (normalizePhone(event.text) as { phone: string }).phone }) }),
    // One property (or none): the caretaker looks after everything, which also covers a property added later.
    keepAllProperties: assign({ draft: ({ context }) => ({ ...context.draft, property: null }) }),
    askProperty: assign({ reply: ({ context }) => reply([ct.askProperty], [...context.data.properties.map((p) => ({ en: p, sw: p })), ct.optAllProperties], { back: true }) }),
    keepProperty: assign({ draft: ({ context, event }) => ({ ...context.draft, property: context.data.properties[optionNumber(event.text)! - 1] ?? null }) }),
    askWhichToRemove: assign({ reply: ({ context }) => reply([ct.chooseToRemove], context.data.caretakers.map((c) => ct.caretakerOption(c.name, c.phone)), { back: true }) }),
    keepRemoving: assign({ removing: ({ context, event }) => context.data.caretakers[optionNumber(event.text)! - 1]! }),
    confirm: assign({
      reply: ({ context }) => {
        const line = context.removing ? ct.confirmRemove(context.removing.name) : ct.confirmAdd(context.draft.name!, context.draft.phone!, context.draft.property ?? null);
        return reply([line], [mx.optConfirm, mx.optCancel], { back: true });
      },
    }),
    askPin: assign({
      reply: ({ context }) => pinQuestion(context.pinAttempts, mx.enterPin),
    }),
    countWrongPin: assign({ pinAttempts: ({ context }) => context.pinAttempts + 1 }),
    sayNotUnderstood: assign({ reply: ({ context }) => notUnderstood(context.reply) }),
    finish: assign({ output: (_, params: { say: Text }) => toMenu(reply([params.say])) }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'caretakers',
  context: ({ input }) => ({ ...input, data: { hasPin: false, caretakers: [], properties: [] }, draft: {}, removing: null, pinAttempts: 0, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadCaretakers',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [
          { guard: { type: 'lacksPin', params: ({ event }) => ({ data: event.output }) }, target: 'done', actions: { type: 'finish', params: { say: mx.needPin } } },
          { target: 'listing', actions: { type: 'keepData', params: ({ event }) => ({ data: event.output }) } },
        ],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    listing: {
      entry: 'showList',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: 'choseAdd', target: 'name' },
          { guard: 'choseRemove', target: 'choosingToRemove' },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    name: {
      entry: 'askName',
      on: { INPUT: [{ guard: 'wantsBack', target: 'listing' }, { guard: 'validName', target: 'phone', actions: 'keepName' }, { actions: 'sayBadName' }] },
    },
    phone: {
      entry: 'askPhone',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'name' },
          { guard: 'validPhone', target: 'whichProperty', actions: 'keepPhone' },
          { actions: 'sayBadPhone' },
        ],
      },
    },
    whichProperty: { always: [{ guard: 'severalProperties', target: 'property' }, { target: 'confirming', actions: 'keepAllProperties' }] },
    property: {
      entry: 'askProperty',
      on: { INPUT: [{ guard: 'wantsBack', target: 'phone' }, { guard: 'choseProperty', target: 'confirming', actions: 'keepProperty' }, { actions: 'sayNotUnderstood' }] },
    },
    choosingToRemove: {
      entry: 'askWhichToRemove',
      on: { INPUT: [{ guard: 'wantsBack', target: 'listing' }, { guard: 'choseCaretaker', target: 'confirming', actions: 'keepRemoving' }, { actions: 'sayNotUnderstood' }] },
    },
    confirming: {
      entry: 'confirm',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'listing' },
          { guard: 'yes', target: 'pin' },
          { guard: 'no', target: 'done', actions: { type: 'finish', params: { say: mx.cancelled } } },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    pin: {
      entry: 'askPin',
      on: { INPUT: [{ guard: 'wantsBack', target: 'confirming' }, { target: 'checkingPin' }] },
    },
    checkingPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: null }),
        onDone: afterPinCheck({ ok: 'saving', retry: 'pin' }),
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    saving: { always: [{ guard: 'adding', target: 'addingCaretaker' }, { target: 'removingCaretaker' }] },
    addingCaretaker: {
      tags: ['busy'],
      invoke: {
        src: 'addCaretaker',
        input: ({ context }) => ({ name: context.draft.name!, phone: context.draft.phone!, property: context.draft.property ?? null }),
        onDone: [
          { guard: { type: 'resultIs', params: ({ event }) => ({ result: event.output, expected: 'is_landlord' as const }) }, target: 'done', actions: { type: 'finish', params: { say: ct.isLandlord } } },
          { guard: { type: 'resultIs', params: ({ event }) => ({ result: event.output, expected: 'already_caretaker' as const }) }, target: 'done', actions: { type: 'finish', params: { say: ct.alreadyCaretaker } } },
          { target: 'done', actions: { type: 'finish', params: ({ context }) => ({ say: ct.added(context.draft.name!) }) } },
        ],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    removingCaretaker: {
      tags: ['busy'],
      invoke: {
        src: 'removeCaretaker',
        input: ({ context }) => ({ id: context.removing!.id }),
        onDone: { target: 'done', actions: { type: 'finish', params: ({ context }) => ({ say: ct.removed(context.removing!.name) }) } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
