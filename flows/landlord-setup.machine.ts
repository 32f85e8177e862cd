// A landlord sets up where rent goes, by chat: paybill or till (store number + till), account number,
// business name; a PIN set and confirmed on first setup and asked for every later change; a summary
// to confirm; then a KES 1 test push to the landlord's own phone, which activates the payout when it
// succeeds. Secrets (own Daraja credentials) are never asked for here. The PIN never enters the
// persisted snapshot: only its scrypt hash does.
import { assign, fromPromise, setup } from 'xstate';
import type { BusinessType } from '../src/domain/types.js';
import { chat } from '../src/messages/chat-messages.js';
import type { Text } from '../src/messages/text.js';
import { isBack, optionNumber } from './input.js';
import { afterFailedTest, NUMBER_PROMPTS, summary, typeChoice } from './landlord-setup.screens.js';
import { afterPinCheck, pinGuards, pinQuestion } from './pin-step.js';
import { notUnderstood, reply, type Reply } from './reply.js';
import { endWith, providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export interface SetupData {
  landlordName: string;
  hasPin: boolean;
  payout: { type: BusinessType; shortCode: string; till: string | null; active: boolean; lastTestFailed: boolean } | null;
}

/** What the landlord typed, to be saved as their payout config. */
export interface PayoutDraft {
  type: BusinessType;
  shortCode: string;
  till: string | null;
  account: string | null;
  name: string;
}

export type PinCheck = 'ok' | 'wrong' | 'locked';

/** The numbers a landlord types: a paybill; or a till's store (head-office) number, then the till. */
export type NumberStep = 'paybill' | 'store' | 'till';

export interface SetupContext extends FlowInput {
  data: SetupData | null;
  draft: Partial<PayoutDraft>;
  numberStep: NumberStep;
  /** scrypt hash of a PIN chosen in this conversation (first setup only). */
  newPinHash: string | null;
  /** The confirmation differed from the PIN chosen: ask for a new one, saying why. */
  pinMismatch: boolean;
  pinAttempts: number;
  reply: Reply;
  output: FlowOutput | null;
}

const SHORT_CODE = /^\d{5,7}$/;
const PIN = /^\d{4,6}$/;
const ACCOUNT = /^[A-Za-z0-9 _-]{1,12}$/;
const ask = (text: Text) => reply([text], undefined, { back: true });

const validName = (text: string) => text.trim() === '1' || (text.trim().length >= 2 && text.trim().length <= 40);

export const landlordSetupMachine = setup({
  types: {} as { context: SetupContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadSetup: fromPromise<SetupData, { phone: string }>(providedByRuntime('loadSetup')),
    verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(providedByRuntime('verifyPin')),
    hashPin: fromPromise<string, { pin: string }>(providedByRuntime('hashPin')),
    savePayout: fromPromise<void, { phone: string; draft: PayoutDraft; newPinHash: string | null }>(providedByRuntime('savePayout')),
    activatePayout: fromPromise<void, { phone: string }>(providedByRuntime('activatePayout')),
    sendPayoutTest: fromPromise<void, { phone: string }>(providedByRuntime('sendPayoutTest')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    option: ({ event }, params: { n: number }) => optionNumber(event.text) === params.n,
    hasPin: (_, params: { data: SetupData }) => params.data.hasPin,
    ...pinGuards,
    lastTestFailed: ({ context }) => Boolean(context.data!.payout && !context.data!.payout.active && context.data!.payout.lastTestFailed),
    knowsPin: ({ context }) => context.data!.hasPin,
    validShortCode: ({ event }) => SHORT_CODE.test(event.text.trim()),
    numberStepIs: ({ context }, params: { step: NumberStep }) => context.numberStep === params.step,
    /** Back from the till number goes to the store number; back from the first number, to the type. */
    backFromTill: ({ context, event }) => isBack(event.text) && context.numberStep === 'till',
    noAccount: ({ event }) => event.text.trim() === '1',
    validAccount: ({ event }) => ACCOUNT.test(event.text.trim()),
    validName: ({ event }) => validName(event.text),
    validPin: ({ event }) => PIN.test(event.text.trim()),
  },
  actions: {
    keepData: assign({ data: (_, params: { data: SetupData }) => params.data }),
    finish: assign({ output: (_, params: { say: Text }) => endWith(reply([params.say])) }),
    goToMenu: assign({ output: () => toMenu() }),
    askPin: assign({
      reply: ({ context }) => pinQuestion(context.pinAttempts, chat.enterPin),
    }),
    countWrongPin: assign({ pinAttempts: ({ context }) => context.pinAttempts + 1 }),
    showFailedTestChoices: assign({ reply: ({ context }) => afterFailedTest(context) }),
    failedTestNotUnderstood: assign({ reply: ({ context }) => notUnderstood(afterFailedTest(context)) }),
    showTypeChoice: assign({ reply: ({ context }) => typeChoice(context) }),
    typeNotUnderstood: assign({ reply: ({ context }) => notUnderstood(typeChoice(context)) }),
    startPaybill: assign({ draft: () => ({ type: 'paybill' as const, till: null }), numberStep: 'paybill' as NumberStep }),
    startTill: assign({ draft: () => ({ type: 'till' as const, account: null }), numberStep: 'store' as NumberStep }),
    askNumber: assign({ reply: ({ context }) => ask(NUMBER_PROMPTS[context.numberStep]) }),
    sayBadNumber: assign({ reply: ({ context }) => reply([chat.badShortCode, NUMBER_PROMPTS[context.numberStep]], undefined, { back: true }) }),
    takeNumber: assign({
      draft: ({ context, event }) => (context.numberStep === 'till' ? { ...context.draft, till: event.text.trim() } : { ...context.draft, shortCode: event.text.trim() }),
    }),
    setNumberStep: assign({ numberStep: (_, params: { step: NumberStep }) => params.step }),
    askAccount: assign({ reply: () => ask(chat.enterAccount) }),
    takeNoAccount: assign({ draft: ({ context }) => ({ ...context.draft, account: null }) }),
    takeAccount: assign({ draft: ({ context, event }) => ({ ...context.draft, account: event.text.trim().toUpperCase() }) }),
    sayBadAccount: assign({ reply: () => reply([chat.badAccount, chat.enterAccount], undefined, { back: true }) }),
    askName: assign({ reply: () => ask(chat.enterBusinessName) }),
    takeName: assign({ draft: ({ context, event }) => ({ ...context.draft, name: event.text.trim() === '1' ? context.data!.landlordName : event.text.trim() }) }),
    sayBadName: assign({ reply: () => reply([chat.badBusinessName, chat.enterBusinessName], undefined, { back: true }) }),
    askNewPin: assign({ reply: ({ context }) => ask(context.pinMismatch ? chat.pinMismatch : chat.choosePin), pinMismatch: false }),
    sayBadPin: assign({ reply: () => reply([chat.badPin, chat.choosePin], undefined, { back: true }) }),
    keepPinHash: assign({ newPinHash: (_, params: { hash: string }) => params.hash }),
    forgetPinHash: assign({ newPinHash: null }),
    notePinMismatch: assign({ newPinHash: null, pinMismatch: true }),
    askPinAgain: assign({ reply: () => ask(chat.confirmPin) }),
    showSummary: assign({ reply: ({ context }) => summary(context) }),
    summaryNotUnderstood: assign({ reply: ({ context }) => notUnderstood(summary(context)) }),
  },
}).createMachine({
  id: 'landlordSetup',
  context: ({ input }) => ({ ...input, data: null, draft: {}, numberStep: 'paybill', newPinHash: null, pinMismatch: false, pinAttempts: 0, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadSetup',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [
          { guard: { type: 'hasPin', params: ({ event }) => ({ data: event.output }) }, target: 'askingPin', actions: { type: 'keepData', params: ({ event }) => ({ data: event.output }) } },
          { target: 'authorized', actions: { type: 'keepData', params: ({ event }) => ({ data: event.output }) } },
        ],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    askingPin: {
      description: 'Every change after the first setup needs the PIN; three wrong ones end the conversation.',
      entry: 'askPin',
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'checkingPin' }] },
    },
    checkingPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: null }),
        onDone: afterPinCheck({ ok: 'authorized', retry: 'askingPin' }),
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    authorized: {
      always: [{ guard: 'lastTestFailed', target: 'afterFailedTest' }, { target: 'choosingType' }],
    },
    afterFailedTest: {
      description: 'The last KES 1 test failed: activate anyway, test again, or change the details.',
      entry: 'showFailedTestChoices',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: { type: 'option', params: { n: 1 } }, target: 'activating' },
          { guard: { type: 'option', params: { n: 2 } }, target: 'testing' },
          { guard: { type: 'option', params: { n: 3 } }, target: 'choosingType' },
          { actions: 'failedTestNotUnderstood' },
        ],
      },
    },
    activating: {
      tags: ['busy'],
      invoke: {
        src: 'activatePayout',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'done', actions: { type: 'finish', params: { say: chat.activatedWithWarning } } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    testing: {
      tags: ['busy'],
      invoke: {
        src: 'sendPayoutTest',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'done', actions: { type: 'finish', params: { say: chat.testSent } } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    choosingType: {
      entry: 'showTypeChoice',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: { type: 'option', params: { n: 1 } }, target: 'enteringNumber', actions: 'startPaybill' },
          { guard: { type: 'option', params: { n: 2 } }, target: 'enteringNumber', actions: 'startTill' },
          { actions: 'typeNotUnderstood' },
        ],
      },
    },
    enteringNumber: {
      description: 'One step for every number typed: the paybill; or the store number, then the till.',
      entry: 'askNumber',
      on: {
        INPUT: [
          { guard: 'backFromTill', target: 'enteringNumber', reenter: true, actions: { type: 'setNumberStep', params: { step: 'store' } } },
          { guard: 'wantsBack', target: 'choosingType' },
          { guard: 'validShortCode', target: 'numberTaken', actions: 'takeNumber' },
          { actions: 'sayBadNumber' },
        ],
      },
    },
    numberTaken: {
      always: [
        { guard: { type: 'numberStepIs', params: { step: 'paybill' } }, target: 'enteringAccount' },
        { guard: { type: 'numberStepIs', params: { step: 'store' } }, target: 'enteringNumber', actions: { type: 'setNumberStep', params: { step: 'till' } } },
        { target: 'enteringName' },
      ],
    },
    enteringAccount: {
      entry: 'askAccount',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'enteringNumber' },
          { guard: 'noAccount', target: 'enteringName', actions: 'takeNoAccount' },
          { guard: 'validAccount', target: 'enteringName', actions: 'takeAccount' },
          { actions: 'sayBadAccount' },
        ],
      },
    },
    enteringName: {
      entry: 'askName',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'choosingType' },
          { guard: 'validName', target: 'namedDraft', actions: 'takeName' },
          { actions: 'sayBadName' },
        ],
      },
    },
    namedDraft: {
      always: [{ guard: 'knowsPin', target: 'summary' }, { target: 'choosingPin' }],
    },
    choosingPin: {
      entry: 'askNewPin',
      on: {
        INPUT: [{ guard: 'wantsBack', target: 'enteringName' }, { guard: 'validPin', target: 'hashingPin' }, { actions: 'sayBadPin' }],
      },
    },
    hashingPin: {
      tags: ['busy'],
      invoke: {
        src: 'hashPin',
        input: ({ event }) => ({ pin: (event as FlowEvent).text.trim() }),
        onDone: { target: 'confirmingPin', actions: { type: 'keepPinHash', params: ({ event }) => ({ hash: event.output }) } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    confirmingPin: {
      entry: 'askPinAgain',
      on: { INPUT: [{ guard: 'wantsBack', target: 'choosingPin', actions: 'forgetPinHash' }, { target: 'matchingPin' }] },
    },
    matchingPin: {
      tags: ['busy'],
      invoke: {
        src: 'verifyPin',
        input: ({ context, event }) => ({ phone: context.phone, pin: (event as FlowEvent).text.trim(), hash: context.newPinHash }),
        onDone: [
          { guard: { type: 'pinIs', params: ({ event }) => ({ check: event.output, expected: 'ok' as const }) }, target: 'summary' },
          { target: 'choosingPin', actions: 'notePinMismatch' },
        ],
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    summary: {
      entry: 'showSummary',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'choosingType' },
          { guard: { type: 'option', params: { n: 1 } }, target: 'saving' },
          { guard: { type: 'option', params: { n: 2 } }, target: 'done', actions: { type: 'finish', params: { say: chat.setupCancelled } } },
          { actions: 'summaryNotUnderstood' },
        ],
      },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'savePayout',
        input: ({ context }) => ({ phone: context.phone, draft: context.draft as PayoutDraft, newPinHash: context.newPinHash }),
        onDone: { target: 'done', actions: { type: 'finish', params: { say: chat.setupSaved } } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? toMenu(),
});
