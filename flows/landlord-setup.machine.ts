// A landlord sets up where rent goes, by chat: paybill or till (store number + till), account number,
// business name; a PIN set and confirmed on first setup and asked for every later change; a summary
// to confirm; then a KES 1 test push to the landlord's own phone, which activates the payout when it
// succeeds. Secrets (own Daraja credentials) are never asked for here. The PIN never enters the
// persisted snapshot: only its scrypt hash does.
import { assign, fromPromise, setup } from 'xstate';
import type { BusinessType } from '../db/schema.js';
import { chat } from '../src/messages/chat-messages.js';
import { optionNumber, reply, type Reply } from './reply.js';
import type { FlowEvent, FlowInput, FlowOutput } from './types.js';

export interface SetupData {
  landlordName: string;
  hasPin: boolean;
  payout: { type: BusinessType; shortCode: string; till: string | null; active: boolean; lastTestFailed: boolean } | null;
}

export interface PayoutDraft {
  type: BusinessType;
  shortCode: string;
  till: string | null;
  account: string | null;
  name: string;
}

export type PinCheck = 'ok' | 'wrong' | 'locked';

interface SetupContext extends FlowInput {
  data: SetupData | null;
  draft: Partial<PayoutDraft>;
  /** scrypt hash of a PIN chosen in this conversation (first setup only). */
  newPinHash: string | null;
  /** The confirmation differed from the PIN chosen: ask for a new one, saying why. */
  pinMismatch: boolean;
  pinAttempts: number;
  reply: Reply;
  output: FlowOutput | null;
}

const MAX_PIN_ATTEMPTS = 3;
const isBack = (text: string) => text.trim() === '0';
const SHORT_CODE = /^\d{5,7}$/;
const PIN = /^\d{4,6}$/;
const ACCOUNT = /^[A-Za-z0-9 _-]{1,12}$/;
const ask = (text: Reply['lines'][number], options?: Reply['lines']) => reply([text], options, { back: true });
const endWith = (r: Reply): FlowOutput => ({ next: 'end', reply: { ...r, end: true } });

function summary(ctx: SetupContext): Reply {
  const d = ctx.draft as PayoutDraft;
  const line = d.type === 'paybill' ? chat.summaryPaybill(d.shortCode, d.account, d.name) : chat.summaryTill(d.shortCode, d.till!, d.name);
  return reply([line, chat.ownCredentialsNote], [chat.optSaveAndTest, chat.optCancel], { back: true });
}

export const landlordSetupMachine = setup({
  types: {} as { context: SetupContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadSetup: fromPromise<SetupData, { phone: string }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
    hashPin: fromPromise<string, { pin: string }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
    savePayout: fromPromise<void, { phone: string; draft: PayoutDraft; newPinHash: string | null }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
    activatePayout: fromPromise<void, { phone: string }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
    sendPayoutTest: fromPromise<void, { phone: string }>(async () => {
      throw new Error('provided by the conversation runtime');
    }),
  },
}).createMachine({
  id: 'landlordSetup',
  context: ({ input }) => ({ ...input, data: null, draft: {}, newPinHash: null, pinMismatch: false, pinAttempts: 0, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadSetup',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [
          { guard: ({ event }) => event.output.hasPin, target: 'askingPin', actions: assign({ data: ({ event }) => event.output }) },
          { target: 'authorized', actions: assign({ data: ({ event }) => event.output }) },
        ],
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    askingPin: {
      entry: assign({
        reply: ({ context }) =>
          context.pinAttempts > 0 ? reply([chat.wrongPin(MAX_PIN_ATTEMPTS - context.pinAttempts), chat.enterPin], undefined, { back: true }) : ask(chat.enterPin),
      }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'done', actions: assign({ output: () => ({ next: 'menu' }) }) },
          { target: 'checkingPin' },
        ],
      },
    },
    checkingPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: null }),
        onDone: [
          { guard: ({ event }) => event.output === 'ok', target: 'authorized' },
          { guard: ({ event }) => event.output === 'locked', target: 'done', actions: assign({ output: () => endWith(reply([chat.pinLocked])) }) },
          {
            guard: ({ context }) => context.pinAttempts + 1 >= MAX_PIN_ATTEMPTS,
            target: 'done',
            actions: assign({ output: () => endWith(reply([chat.pinLocked])) }),
          },
          {
            target: 'askingPin',
            actions: assign({ pinAttempts: ({ context }) => context.pinAttempts + 1 }),
          },
        ],
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    authorized: {
      always: [
        {
          guard: ({ context }) => Boolean(context.data!.payout && !context.data!.payout.active && context.data!.payout.lastTestFailed),
          target: 'afterFailedTest',
        },
        { target: 'choosingType' },
      ],
    },
    afterFailedTest: {
      entry: assign({
        reply: ({ context }) => {
          const p = context.data!.payout!;
          return reply([chat.currentPayout(p.type, p.shortCode, p.till, p.active), chat.testFailedChoices], [chat.optActivateAnyway, chat.optTestAgain, chat.optChangeDetails], { back: true });
        },
      }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'done', actions: assign({ output: () => ({ next: 'menu' }) }) },
          { guard: ({ event }) => optionNumber(event.text) === 1, target: 'activating' },
          { guard: ({ event }) => optionNumber(event.text) === 2, target: 'testing' },
          { guard: ({ event }) => optionNumber(event.text) === 3, target: 'choosingType' },
          { target: 'afterFailedTest', reenter: true },
        ],
      },
    },
    activating: {
      tags: ['busy'],
      invoke: {
        src: 'activatePayout',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'done', actions: assign({ output: () => endWith(reply([chat.activatedWithWarning])) }) },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    testing: {
      tags: ['busy'],
      invoke: {
        src: 'sendPayoutTest',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'done', actions: assign({ output: () => endWith(reply([chat.testSent])) }) },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    choosingType: {
      entry: assign({
        reply: ({ context }) => {
          const p = context.data!.payout;
          const lines = p ? [chat.currentPayout(p.type, p.shortCode, p.till, p.active), chat.chooseType] : [chat.chooseType];
          return reply(lines, [chat.optPaybill, chat.optTill], { back: true });
        },
      }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'done', actions: assign({ output: () => ({ next: 'menu' }) }) },
          { guard: ({ event }) => optionNumber(event.text) === 1, target: 'enteringPaybill', actions: assign({ draft: () => ({ type: 'paybill' as const, till: null }) }) },
          { guard: ({ event }) => optionNumber(event.text) === 2, target: 'enteringStore', actions: assign({ draft: () => ({ type: 'till' as const, account: null }) }) },
          { target: 'choosingType', reenter: true },
        ],
      },
    },
    enteringPaybill: {
      entry: assign({ reply: () => ask(chat.enterPaybill) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosingType' },
          { guard: ({ event }) => SHORT_CODE.test(event.text.trim()), target: 'enteringAccount', actions: assign({ draft: ({ context, event }) => ({ ...context.draft, shortCode: event.text.trim() }) }) },
          { actions: assign({ reply: () => reply([chat.badShortCode, chat.enterPaybill], undefined, { back: true }) }) },
        ],
      },
    },
    enteringAccount: {
      entry: assign({ reply: () => ask(chat.enterAccount) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'enteringPaybill' },
          { guard: ({ event }) => event.text.trim() === '1', target: 'enteringName', actions: assign({ draft: ({ context }) => ({ ...context.draft, account: null }) }) },
          { guard: ({ event }) => ACCOUNT.test(event.text.trim()), target: 'enteringName', actions: assign({ draft: ({ context, event }) => ({ ...context.draft, account: event.text.trim().toUpperCase() }) }) },
          { actions: assign({ reply: () => reply([chat.badAccount, chat.enterAccount], undefined, { back: true }) }) },
        ],
      },
    },
    enteringStore: {
      entry: assign({ reply: () => ask(chat.enterStore) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosingType' },
          { guard: ({ event }) => SHORT_CODE.test(event.text.trim()), target: 'enteringTill', actions: assign({ draft: ({ context, event }) => ({ ...context.draft, shortCode: event.text.trim() }) }) },
          { actions: assign({ reply: () => reply([chat.badShortCode, chat.enterStore], undefined, { back: true }) }) },
        ],
      },
    },
    enteringTill: {
      entry: assign({ reply: () => ask(chat.enterTill) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'enteringStore' },
          { guard: ({ event }) => SHORT_CODE.test(event.text.trim()), target: 'enteringName', actions: assign({ draft: ({ context, event }) => ({ ...context.draft, till: event.text.trim() }) }) },
          { actions: assign({ reply: () => reply([chat.badShortCode, chat.enterTill], undefined, { back: true }) }) },
        ],
      },
    },
    enteringName: {
      entry: assign({ reply: () => ask(chat.enterBusinessName) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosingType' },
          {
            guard: ({ event }) => event.text.trim() === '1' || (event.text.trim().length >= 2 && event.text.trim().length <= 40),
            target: 'namedDraft',
            actions: assign({ draft: ({ context, event }) => ({ ...context.draft, name: event.text.trim() === '1' ? context.data!.landlordName : event.text.trim() }) }),
          },
          { actions: assign({ reply: () => reply([chat.badBusinessName, chat.enterBusinessName], undefined, { back: true }) }) },
        ],
      },
    },
    namedDraft: {
      always: [{ guard: ({ context }) => context.data!.hasPin, target: 'summary' }, { target: 'choosingPin' }],
    },
    choosingPin: {
      entry: assign({ reply: ({ context }) => ask(context.pinMismatch ? chat.pinMismatch : chat.choosePin), pinMismatch: false }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'enteringName' },
          { guard: ({ event }) => PIN.test(event.text.trim()), target: 'hashingPin' },
          { actions: assign({ reply: () => reply([chat.badPin, chat.choosePin], undefined, { back: true }) }) },
        ],
      },
    },
    hashingPin: {
      tags: ['busy'],
      invoke: {
        src: 'hashPin',
        input: ({ event }) => ({ pin: (event as FlowEvent).text.trim() }),
        onDone: { target: 'confirmingPin', actions: assign({ newPinHash: ({ event }) => event.output }) },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    confirmingPin: {
      entry: assign({ reply: () => ask(chat.confirmPin) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosingPin', actions: assign({ newPinHash: null }) },
          { target: 'matchingPin' },
        ],
      },
    },
    matchingPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: context.newPinHash }),
        onDone: [
          { guard: ({ event }) => event.output === 'ok', target: 'summary' },
          { target: 'choosingPin', actions: assign({ newPinHash: null, pinMismatch: true }) },
        ],
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    summary: {
      entry: assign({ reply: ({ context }) => summary(context) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosingType' },
          { guard: ({ event }) => optionNumber(event.text) === 1, target: 'saving' },
          { guard: ({ event }) => optionNumber(event.text) === 2, target: 'done', actions: assign({ output: () => endWith(reply([chat.setupCancelled])) }) },
          { target: 'summary', reenter: true },
        ],
      },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'savePayout',
        input: ({ context }) => ({ phone: context.phone, draft: context.draft as PayoutDraft, newPinHash: context.newPinHash }),
        onDone: { target: 'done', actions: assign({ output: () => endWith(reply([chat.setupSaved])) }) },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
