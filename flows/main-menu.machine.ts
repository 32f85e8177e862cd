// The main menu, by who is writing: a tenant (pay rent, status, language), a landlord (payout, report,
// tenants, charges, cash, unmatched money, language, caretakers), a caretaker (the landlord's office
// without the payout, unmatched money or caretakers) or an unknown number (register, or whom to ask). Numbers and free words
// both work: "pay"/"lipa", "status"/"salio", "help"/"msaada", "language"/"lugha".
import { assign, setup } from 'xstate';
import { chat } from '../src/messages/chat-messages.js';
import { manageTexts, tenantTexts } from '../src/messages/tenant-messages.js';
import { signupTexts } from '../src/messages/signup-messages.js';
import { caretakerTexts } from '../src/messages/caretaker-messages.js';
import { moneyTexts } from '../src/messages/landlord-money-messages.js';
import type { Channel } from '../src/domain/types.js';
import type { Text } from '../src/messages/text.js';
import { normalizeWord, optionNumber } from './input.js';
import { reply, type Reply } from './reply.js';
import { endWith, type Area, type FlowEvent, type FlowInput, type FlowOutput, type Person, type Role } from './types.js';

export interface MenuInput extends FlowInput {
  person: Person;
}

interface MenuContext extends MenuInput {
  reply: Reply;
  next: FlowOutput | null;
}

type Choice = { area: Area; quickPay?: boolean; as?: Role; endWith?: Text };

const WORDS: Record<string, Area> = {
  pay: 'payRent',
  lipa: 'payRent',
  'pay rent': 'payRent',
  'lipa kodi': 'payRent',
  kulipa: 'payRent',
  'kulipa kodi': 'payRent',
  'nataka kulipa': 'payRent',
  'nataka kulipa kodi': 'payRent',
  'nataka kulipia kodi': 'payRent',
  'i want to pay': 'payRent',
  'i want to pay rent': 'payRent',
  'pay my rent': 'payRent',
  rent: 'payRent',
  kodi: 'payRent',
  status: 'status',
  salio: 'status',
  'salio langu': 'status',
  deni: 'status',
  'deni langu': 'status',
  balance: 'status',
  'my balance': 'status',
  'balance yangu': 'status',
  receipt: 'status',
  'risiti zangu': 'status',
  'my receipts': 'status',
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
  add: 'addTenant',
  'add tenant': 'addTenant',
  'add tenants': 'addTenant',
  'new tenant': 'addTenant',
  ongeza: 'addTenant',
  'ongeza mpangaji': 'addTenant',
  charge: 'charge',
  water: 'charge',
  maji: 'charge',
  toza: 'charge',
  cash: 'cash',
  'record cash': 'cash',
  taslimu: 'cash',
  statement: 'manageTenant',
  'move out': 'manageTenant',
  unmatched: 'assign',
  suspense: 'assign',
  caretaker: 'caretakers',
  caretakers: 'caretakers',
  msimamizi: 'caretakers',
  wasimamizi: 'caretakers',
  pin: 'caretakerPin',
  csv: 'monthFile',
  spreadsheet: 'monthFile',
  excel: 'monthFile',
  faili: 'monthFile',
};

/** What only the landlord does: a caretaker who asks is told so. */
const LANDLORD_ONLY: Area[] = ['setup', 'assign', 'caretakers'];

/** The options shown, in order, for this person; each maps to where it leads. */
export function menuOptions(person: Person): { text: Text; choice: Choice }[] {
  if (person.role === 'tenant') {
    const options: { text: Text; choice: Choice }[] = [];
    if (person.quickPay) options.push({ text: chat.optPayNow(person.quickPay.amount), choice: { area: 'payRent', quickPay: true } });
    options.push({ text: chat.optPayRent, choice: { area: 'payRent' } });
    options.push({ text: chat.optStatus, choice: { area: 'status' } }, { text: chat.optLanguage, choice: { area: 'language' } });
    if (person.alsoLandlord) options.push({ text: chat.optMyProperty, choice: { area: 'menu', as: 'landlord' } });
    return options;
  }
  if (person.role === 'landlord' && person.caretakerFor) {
    return [
      { text: caretakerTexts.optMyPin, choice: { area: 'caretakerPin' } },
      { text: chat.optReport, choice: { area: 'status' } },
      { text: tenantTexts.optAddTenant, choice: { area: 'addTenant' } },
      { text: manageTexts.optManage, choice: { area: 'manageTenant' } },
      { text: moneyTexts.optCharge, choice: { area: 'charge' } },
      { text: moneyTexts.optCash, choice: { area: 'cash' } },
      { text: chat.optLanguage, choice: { area: 'language' } },
      ...(person.alsoTenant ? [{ text: chat.optMyRent, choice: { area: 'menu' as const, as: 'tenant' as const } }] : []),
    ];
  }
  if (person.role === 'landlord') {
    return [
      { text: chat.optSetupPayout, choice: { area: 'setup' } },
      { text: chat.optReport, choice: { area: 'status' } },
      { text: tenantTexts.optAddTenant, choice: { area: 'addTenant' } },
      { text: manageTexts.optManage, choice: { area: 'manageTenant' } },
      { text: moneyTexts.optCharge, choice: { area: 'charge' } },
      { text: moneyTexts.optCash, choice: { area: 'cash' } },
      { text: moneyTexts.optAssign, choice: { area: 'assign' } },
      { text: chat.optLanguage, choice: { area: 'language' } },
      { text: caretakerTexts.optCaretakers, choice: { area: 'caretakers' } },
      ...(person.alsoTenant ? [{ text: chat.optMyRent, choice: { area: 'menu' as const, as: 'tenant' as const } }] : []),
    ];
  }
  if (person.role === 'both') {
    return [
      { text: chat.optMyRent, choice: { area: 'menu', as: 'tenant' } },
      { text: chat.optMyProperty, choice: { area: 'menu', as: 'landlord' } },
    ];
  }
  return [
    ...(person.signupOpen ? [{ text: signupTexts.optRegister, choice: { area: 'signup' as const } }] : []),
    { text: signupTexts.optTenant, choice: { area: 'menu', endWith: signupTexts.askTenantLandlord(person.pastLandlord) } },
    { text: chat.optLanguage, choice: { area: 'language' } },
  ];
}

export function menuReply(person: Person): Reply {
  const lines =
    person.role === 'tenant'
      ? [chat.greetTenant(person.name), person.quickPay ? chat.rentDue(person.quickPay.unit, person.quickPay.periods, person.due) : chat.nothingDue(person.credit)]
      : person.role === 'landlord'
        ? [person.caretakerFor ? caretakerTexts.greet(person.name, person.caretakerFor.landlord, person.caretakerFor.property) : chat.greetLandlord(person.name)]
        : person.role === 'both'
          ? [chat.greetLandlord(person.name), chat.whichRole]
          : person.signupOpen
            ? [signupTexts.welcome]
            : [signupTexts.welcome, signupTexts.signupClosed];
  return reply(
    lines,
    menuOptions(person).map((o) => o.text),
  );
}

/** The menu again, its greeting replaced by `first` (help, or "not understood"). */
const menuAfter = (person: Person, first: Text): Reply => ({ ...menuReply(person), lines: [first, ...menuReply(person).lines.slice(1)] });

function choose(person: Person, input: string, channel: Channel): Choice | undefined {
  const options = menuOptions(person);
  const n = optionNumber(input);
  if (n !== undefined) return options[n - 1]?.choice;
  const area = WORDS[normalizeWord(input)];
  if (!area) return undefined;
  // The month as a file: asked for by word after the report, in chat (a USSD screen cannot carry it).
  if (area === 'monthFile') return person.role === 'landlord' && channel !== 'ussd' ? { area } : person.role === 'both' && channel !== 'ussd' ? { area, as: 'landlord' } : undefined;
  // Someone with two roles who says "pay" means their rent; "paybill" means their property.
  if (person.role === 'both' && area === 'payRent') return { area, as: 'tenant' };
  if (person.role === 'both' && ['setup', 'addTenant', 'manageTenant', 'charge', 'cash', 'assign', 'caretakers'].includes(area)) return { area, as: 'landlord' };
  // A word only leads where this person may go (a tenant has no payout setup).
  const allowed = options.find((o) => o.choice.area === area && !o.choice.quickPay);
  return allowed?.choice;
}

/** A caretaker asking, by word, for what only the landlord does (the payout, unmatched money, caretakers). */
function refusedToCaretaker(person: Person, input: string): boolean {
  const area = WORDS[normalizeWord(input)];
  return person.role === 'landlord' && person.caretakerFor !== undefined && area !== undefined && LANDLORD_ONLY.includes(area);
}

const isHelp = (input: string) => ['help', 'msaada', '?'].includes(normalizeWord(input) || input.trim());

export const mainMenuMachine = setup({
  types: {} as { context: MenuContext; input: MenuInput; events: FlowEvent; output: FlowOutput },
  guards: {
    choseAnOption: ({ context, event }) => choose(context.person, event.text, context.channel) !== undefined,
    askedForHelp: ({ event }) => isHelp(event.text),
    refusedToCaretaker: ({ context, event }) => refusedToCaretaker(context.person, event.text),
    /** The first words of a conversation ("hi", "habari") just open the menu. */
    isFirstMessage: ({ event }) => event.first === true,
  },
  actions: {
    rememberChoice: assign({
      next: ({ context, event }) => {
        const choice = choose(context.person, event.text, context.channel)!;
        if (choice.endWith) return endWith(reply([choice.endWith]));
        return { next: choice.area, ...(choice.quickPay ? { quickPay: true } : {}), ...(choice.as ? { as: choice.as } : {}) };
      },
    }),
    showHelp: assign({ reply: ({ context }) => menuAfter(context.person, chat.help) }),
    showMenu: assign({ reply: ({ context }) => menuReply(context.person) }),
    sayNotUnderstood: assign({ reply: ({ context }) => menuAfter(context.person, chat.notUnderstood) }),
    sayLandlordOnly: assign({
      reply: ({ context }) => menuAfter(context.person, caretakerTexts.landlordOnly(context.person.role === 'landlord' ? (context.person.caretakerFor?.landlord ?? '') : '')),
    }),
  },
}).createMachine({
  id: 'mainMenu',
  context: ({ input }) => ({ ...input, reply: menuReply(input.person), next: null }),
  initial: 'showing',
  states: {
    showing: {
      description: 'The menu for this person, waiting for a number or a word.',
      on: {
        INPUT: [
          { guard: 'choseAnOption', target: 'chosen', actions: 'rememberChoice' },
          { guard: 'askedForHelp', actions: 'showHelp' },
          { guard: 'refusedToCaretaker', actions: 'sayLandlordOnly' },
          { guard: 'isFirstMessage', actions: 'showMenu' },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    chosen: { type: 'final' },
  },
  output: ({ context }) => context.next ?? { next: 'end' },
});
