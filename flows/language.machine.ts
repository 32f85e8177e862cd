// Choosing English or Kiswahili; the runtime remembers the choice for the person, on every channel.
import { assign, setup } from 'xstate';
import type { Language } from '../src/domain/types.js';
import { chat } from '../src/messages/chat-messages.js';
import { isBack, normalizeWord, optionNumber } from './input.js';
import { reply, type Reply } from './reply.js';
import type { FlowEvent, FlowInput, FlowOutput } from './types.js';

interface LanguageContext extends FlowInput {
  reply: Reply;
  chosen: Language | null;
}

const ask = () => reply([chat.chooseLanguage], [chat.english, chat.kiswahili], { back: true });

function pick(input: string): Language | undefined {
  const n = optionNumber(input);
  if (n === 1) return 'en';
  if (n === 2) return 'sw';
  const word = normalizeWord(input);
  if (['english', 'kiingereza', 'en'].includes(word)) return 'en';
  if (['kiswahili', 'swahili', 'sw'].includes(word)) return 'sw';
  return undefined;
}

export const languageMachine = setup({
  types: {} as { context: LanguageContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    pickedLanguage: ({ event }) => pick(event.text) !== undefined,
  },
  actions: {
    rememberLanguage: assign({ chosen: ({ event }) => pick(event.text)! }),
    sayNotUnderstood: assign({ reply: () => ({ ...ask(), lines: [chat.notUnderstood, chat.chooseLanguage] }) }),
  },
}).createMachine({
  id: 'language',
  context: ({ input }) => ({ ...input, reply: ask(), chosen: null }),
  initial: 'asking',
  states: {
    asking: {
      on: {
        INPUT: [{ guard: 'wantsBack', target: 'back' }, { guard: 'pickedLanguage', target: 'chosen', actions: 'rememberLanguage' }, { actions: 'sayNotUnderstood' }],
      },
    },
    chosen: { type: 'final' },
    back: { type: 'final' },
  },
  output: ({ context }) => (context.chosen ? { next: 'menu', language: context.chosen, reply: reply([chat.languageSet]) } : { next: 'menu' }),
});
