// An unknown number registers as a landlord by chat: their name, their business name and language; then
// the payout setup that exists (which chooses the PIN). An operator can switch sign-up off
// (SIGNUP_DISABLED); the menu then says how to be registered instead.
import { assign, fromPromise, setup } from 'xstate';
import type { Language } from '../src/domain/types.js';
import { chat } from '../src/messages/chat-messages.js';
import { signupTexts as sx } from '../src/messages/signup-messages.js';
import { isBack, optionNumber } from './input.js';
import { ask, notUnderstood, reply, type Reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

interface SignupContext extends FlowInput {
  name: string | null;
  businessName: string | null;
  reply: Reply;
  output: FlowOutput | null;
}

const trimmed = (text: string) => text.trim().replace(/\s+/g, ' ');
const validName = (text: string) => trimmed(text).length >= 2 && trimmed(text).length <= 60 && !/^\d+$/.test(text.trim());
const LANGUAGES: Language[] = ['en', 'sw'];

export const signupMachine = setup({
  types: {} as { context: SignupContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    registerLandlord: fromPromise<void, { name: string; businessName: string | null; language: Language }>(providedByRuntime('registerLandlord')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    validName: ({ event }) => validName(event.text),
    ownName: ({ event }) => event.text.trim() === '1',
    choseLanguage: ({ event }) => LANGUAGES[(optionNumber(event.text) ?? 0) - 1] !== undefined,
  },
  actions: {
    askName: assign({ reply: () => ask(sx.askName) }),
    askBusiness: assign({ reply: () => ask(sx.askBusiness) }),
    askLanguage: assign({ reply: () => reply([chat.chooseLanguage], [chat.english, chat.kiswahili], { back: true }) }),
    sayBadName: assign({ reply: () => ask(sx.badName) }),
    sayNotUnderstood: assign({ reply: ({ context }) => notUnderstood(context.reply) }),
    keepName: assign({ name: ({ event }) => trimmed(event.text) }),
    keepBusiness: assign({ businessName: ({ event }) => (event.text.trim() === '1' ? null : trimmed(event.text)) }),
    keepLanguage: assign({ language: ({ event }) => LANGUAGES[optionNumber(event.text)! - 1]! }),
    toSetup: assign({ output: ({ context }) => ({ next: 'setup', language: context.language, reply: reply([sx.registered(context.name!)]) }) satisfies FlowOutput }),
    sayBusy: assign({ output: () => ({ next: 'end', reply: reply([chat.busy], undefined, { end: true }) }) satisfies FlowOutput }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'signup',
  context: ({ input }) => ({ ...input, name: null, businessName: null, reply: reply([]), output: null }),
  initial: 'name',
  states: {
    name: {
      entry: 'askName',
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { guard: 'validName', target: 'business', actions: 'keepName' }, { actions: 'sayBadName' }] },
    },
    business: {
      entry: 'askBusiness',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'name' },
          { guard: 'ownName', target: 'language', actions: 'keepBusiness' },
          { guard: 'validName', target: 'language', actions: 'keepBusiness' },
          { actions: 'sayBadName' },
        ],
      },
    },
    language: {
      entry: 'askLanguage',
      on: { INPUT: [{ guard: 'wantsBack', target: 'business' }, { guard: 'choseLanguage', target: 'saving', actions: 'keepLanguage' }, { actions: 'sayNotUnderstood' }] },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'registerLandlord',
        input: ({ context }) => ({ name: context.name!, businessName: context.businessName, language: context.language }),
        onDone: { target: 'done', actions: 'toSetup' },
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? toMenu(),
});
