// The main menu, by who is writing: a tenant (pay rent, status, language), a landlord (payout setup,
// report, language) or an unknown number (what RentEase is and how to register). Numbers and free words
// both work: "pay"/"lipa", "status"/"salio", "help"/"msaada", "language"/"lugha".
import { assign, setup } from 'xstate';
import { chat } from '../src/messages/chat-messages.js';
import { normalizeWord, optionNumber, reply, type Reply } from './reply.js';
import type { Area, FlowEvent, FlowInput, FlowOutput, Person } from './types.js';

export interface MenuInput extends FlowInput {
  person: Person;
}

interface MenuContext extends MenuInput {
  reply: Reply;
  next: FlowOutput | null;
}

type Choice = { area: Area; quickPay?: boolean };

const WORDS: Record<string, Area> = {
  pay: 'payRent',
  lipa: 'payRent',
  'pay rent': 'payRent',
  'lipa kodi': 'payRent',
  rent: 'payRent',
  kodi: 'payRent',
  status: 'status',
  salio: 'status',
  balance: 'status',
  report: 'status',
  ripoti: 'status',
  receipts: 'status',
  risiti: 'status',
  language: 'language',
  lugha: 'language',
  english: 'language',
  kiswahili: 'language',
  swahili: 'language',
  setup: 'setup',
  paybill: 'setup',
  till: 'setup',
};

/** The options shown, in order, for this person; each maps to where it leads. */
export function menuOptions(person: Person): { text: Reply['lines'][number]; choice: Choice }[] {
  if (person.role === 'tenant') {
    const options: { text: Reply['lines'][number]; choice: Choice }[] = [];
    if (person.quickPay) options.push({ text: chat.optPayNow(person.quickPay.amount), choice: { area: 'payRent', quickPay: true } });
    options.push({ text: chat.optPayRent, choice: { area: 'payRent' } });
    options.push({ text: chat.optStatus, choice: { area: 'status' } }, { text: chat.optLanguage, choice: { area: 'language' } });
    return options;
  }
  if (person.role === 'landlord') {
    return [
      { text: chat.optSetupPayout, choice: { area: 'setup' } },
      { text: chat.optReport, choice: { area: 'status' } },
      { text: chat.optLanguage, choice: { area: 'language' } },
    ];
  }
  return [{ text: chat.optLanguage, choice: { area: 'language' } }];
}

export function menuReply(person: Person): Reply {
  const lines =
    person.role === 'tenant'
      ? [chat.greetTenant(person.name), person.quickPay ? chat.rentDue(person.quickPay.unit, person.quickPay.periods, person.due) : chat.nothingDue(person.credit)]
      : person.role === 'landlord'
        ? [chat.greetLandlord(person.name)]
        : [chat.unknownNumber];
  return reply(
    lines,
    menuOptions(person).map((o) => o.text),
  );
}

function choose(person: Person, input: string): Choice | undefined {
  const options = menuOptions(person);
  const n = optionNumber(input);
  if (n !== undefined) return options[n - 1]?.choice;
  const area = WORDS[normalizeWord(input)];
  if (!area) return undefined;
  // A word only leads where this person may go (a tenant has no payout setup).
  const allowed = options.find((o) => o.choice.area === area && !o.choice.quickPay);
  return allowed?.choice;
}

const isHelp = (input: string) => ['help', 'msaada', '?'].includes(normalizeWord(input) || input.trim());

export const mainMenuMachine = setup({
  types: {} as { context: MenuContext; input: MenuInput; events: FlowEvent; output: FlowOutput },
}).createMachine({
  id: 'mainMenu',
  context: ({ input }) => ({ ...input, reply: menuReply(input.person), next: null }),
  initial: 'showing',
  states: {
    showing: {
      on: {
        INPUT: [
          {
            guard: ({ context, event }) => choose(context.person, event.text) !== undefined,
            target: 'chosen',
            actions: assign({
              next: ({ context, event }) => {
                const choice = choose(context.person, event.text)!;
                return { next: choice.area, ...(choice.quickPay ? { quickPay: true } : {}) };
              },
            }),
          },
          {
            guard: ({ event }) => isHelp(event.text),
            actions: assign({ reply: ({ context }) => ({ ...menuReply(context.person), lines: [chat.help, ...menuReply(context.person).lines.slice(1)] }) }),
          },
          {
            // The first words of a conversation ("hi", "habari") just open the menu.
            guard: ({ event }) => event.first === true,
            actions: assign({ reply: ({ context }) => menuReply(context.person) }),
          },
          { actions: assign({ reply: ({ context }) => ({ ...menuReply(context.person), lines: [chat.notUnderstood, ...menuReply(context.person).lines.slice(1)] }) }) },
        ],
      },
    },
    chosen: { type: 'final' },
  },
  output: ({ context }) => context.next ?? { next: 'end' },
});
