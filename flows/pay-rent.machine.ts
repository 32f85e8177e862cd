// Paying rent: the open balance, then pay it all, another amount, or from another M-Pesa number;
// confirm; the STK Push is queued and the tenant told to check their phone. From the menu's quick
// option it starts at the confirmation, so one open bill is paid in three replies (or USSD screens).
// A tenant renting several units chooses one first; on USSD that list is paged, four units a screen.
import { assign, fromPromise, setup } from 'xstate';
import { normalizePhone } from '../src/domain/phone.js';
import { chat } from '../src/messages/chat-messages.js';
import { isBack, isNo, isYes, normalizeWord, optionNumber, parseTypedAmount } from './input.js';
import { notUnderstood, reply, type Reply } from './reply.js';
import { endWith, providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export interface PayableAccount {
  tenancyId: string;
  unit: string;
  due: number;
  credit: number;
  periods: string[];
  /** The tenancy's account number, for paying from the M-Pesa menu (C2B). */
  accountNumber: string;
  /** Who the tenant pays: the landlord's business name or name. */
  payee: string;
  /** Null while the landlord's payout is not set up and active. */
  payout: { type: 'paybill' | 'till'; shortCode: string; account: string | null } | null;
}

export interface PayRentData {
  accounts: PayableAccount[];
  /** A payment already waiting for a PIN: Daraja allows one prompt per phone at a time. */
  pending: { amount: number; phone: string } | null;
}

export interface StartRequest {
  tenancyId: string;
  amount: number;
  phone: string;
}

export type StartResult = { ok: true } | { ok: false; reason: 'pending' | 'not_ready' } | { ok: false; reason: 'too_many'; retryInMinutes: number };

export interface PayRentInput extends FlowInput {
  quickPay?: boolean;
  /** The accounts and any payment waiting, from the turn's profile (src/conversations/flow-step.ts). */
  data: PayRentData;
}

interface PayRentContext extends PayRentInput {
  /** The page of the unit list on screen (USSD only; chat shows every unit at once). */
  unitPage: number;
  account: PayableAccount | null;
  amount: number;
  payer: string;
  reply: Reply;
  output: FlowOutput | null;
}

/** The most one push may ask for now: the balance, capped at MPESA_MAX_AMOUNT (the rest in later pushes). */
const payableNow = (ctx: PayRentContext) => Math.min(ctx.account?.due ?? 0, ctx.maxAmount);

function choices(ctx: PayRentContext): Reply {
  const account = ctx.account!;
  const first = account.due > ctx.maxAmount ? chat.optPayMaxNow(ctx.maxAmount) : chat.optPayFull(account.due);
  return reply([chat.rentDue(account.unit, account.periods, account.due)], [first, chat.optOtherAmount, chat.optOtherNumber], { back: true });
}

function confirmation(ctx: PayRentContext): Reply {
  return reply([chat.confirmPay(ctx.amount, ctx.account!.payee, ctx.payer)], [chat.optConfirm, chat.optCancel], { back: true });
}

/** Four units and "More" fit a 160-character screen with room for the question and "0. Back". */
const USSD_UNITS_PER_PAGE = 4;

/** The units on screen now, and whether a "More" option follows them. */
function unitsOnScreen(ctx: PayRentContext): { units: PayableAccount[]; more: boolean } {
  const accounts = ctx.data.accounts;
  if (ctx.channel !== 'ussd') return { units: accounts, more: false };
  const start = ctx.unitPage * USSD_UNITS_PER_PAGE;
  return { units: accounts.slice(start, start + USSD_UNITS_PER_PAGE), more: start + USSD_UNITS_PER_PAGE < accounts.length };
}

function unitChoice(ctx: PayRentContext): Reply {
  const { units, more } = unitsOnScreen(ctx);
  const options = units.map((a) => chat.unitOption(a.unit, a.due));
  return reply([chat.chooseUnit], more ? [...options, chat.more] : options, { back: true });
}

/** The unit an option number picks on the screen shown, if it picks one. */
function chosenUnit(ctx: PayRentContext, text: string): PayableAccount | undefined {
  const n = optionNumber(text);
  return n === undefined ? undefined : unitsOnScreen(ctx).units[n - 1];
}

/** "More": the option after the units, or the word. */
function asksForMore(ctx: PayRentContext, text: string): boolean {
  const { units, more } = unitsOnScreen(ctx);
  return more && (optionNumber(text) === units.length + 1 || ['more', 'zaidi'].includes(normalizeWord(text)));
}

const wantsFullAmount = (text: string) => optionNumber(text) === 1 || ['pay', 'lipa', 'all', 'yote'].includes(normalizeWord(text));

function startedReply(ctx: PayRentContext, result: StartResult): FlowOutput {
  const payout = ctx.account!.payout;
  const hint = payout ? chat.payByMenu(payout.shortCode, payout.type === 'paybill' ? ctx.account!.accountNumber : null) : undefined;
  if (result.ok) return endWith(reply([ctx.payer === ctx.phone ? chat.checkPhone(ctx.payer) : chat.checkOtherPhone(ctx.payer)]));
  if (result.reason === 'pending') return endWith(reply([chat.pendingPayment(ctx.amount, ctx.payer)]));
  if (result.reason === 'too_many') return endWith(reply(hint ? [chat.tooManyPrompts(result.retryInMinutes), hint] : [chat.tooManyPrompts(result.retryInMinutes)]));
  return endWith(reply([chat.landlordNotReady]));
}

export const payRentMachine = setup({
  types: {} as { context: PayRentContext; input: PayRentInput; events: FlowEvent; output: FlowOutput },
  actors: {
    startPayment: fromPromise<StartResult, StartRequest>(providedByRuntime('startPayment')),
    /** The tenant is told to wait for the landlord's payout and promised word when it is ready. */
    noteWaiting: fromPromise<void, { tenancyId: string }>(providedByRuntime('noteWaiting')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    onLaterUnitPage: ({ context, event }) => isBack(event.text) && context.unitPage > 0,
    hasPendingPayment: ({ context }) => context.data.pending !== null,
    mustChooseUnit: ({ context }) => context.data.accounts.length > 1 && !context.quickPay,
    choseUnit: ({ context, event }) => chosenUnit(context, event.text) !== undefined,
    wantsMoreUnits: ({ context, event }) => asksForMore(context, event.text),
    noAccount: ({ context }) => !context.account,
    landlordNotReady: ({ context }) => !context.account!.payout,
    nothingDue: ({ context }) => context.account!.due === 0,
    cameForQuickPay: ({ context }) => context.quickPay === true,
    wantsFullAmount: ({ event }) => wantsFullAmount(event.text),
    wantsOtherAmount: ({ event }) => optionNumber(event.text) === 2,
    wantsOtherNumber: ({ event }) => optionNumber(event.text) === 3,
    typedAmount: ({ context, event }) => parseTypedAmount(event.text, context.maxAmount) !== undefined,
    typedPhone: ({ event }) => normalizePhone(event.text).ok,
    saidYes: ({ event }) => isYes(event.text),
    saidNo: ({ event }) => isNo(event.text),
  },
  actions: {
    sayPending: assign({ output: ({ context }) => endWith(reply([chat.pendingPayment(context.data.pending!.amount, context.data.pending!.phone)])) }),
    showUnits: assign({ reply: ({ context }) => unitChoice(context) }),
    previousUnitPage: assign({ unitPage: ({ context }) => context.unitPage - 1 }),
    nextUnitPage: assign({ unitPage: ({ context }) => context.unitPage + 1 }),
    takeChosenUnit: assign({ account: ({ context, event }) => chosenUnit(context, event.text)! }),
    takeFirstOwingUnit: assign({ account: ({ context }) => context.data.accounts.find((a) => a.due > 0) ?? context.data.accounts[0] ?? null }),
    unitNotUnderstood: assign({ reply: ({ context }) => ({ ...unitChoice(context), lines: [chat.notUnderstood, chat.chooseUnit] }) }),
    sayNothingDue: assign({ output: ({ context }) => endWith(reply([chat.nothingDue(context.account?.credit ?? 0)])) }),
    sayLandlordNotReady: assign({ output: () => endWith(reply([chat.landlordNotReady])) }),
    takeFullAmount: assign({ amount: ({ context }) => payableNow(context) }),
    showChoices: assign({ reply: ({ context }) => choices(context) }),
    choicesNotUnderstood: assign({ reply: ({ context }) => notUnderstood(choices(context)) }),
    askAmount: assign({ reply: ({ context }) => reply([chat.enterAmount(context.maxAmount)], undefined, { back: true }) }),
    takeTypedAmount: assign({ amount: ({ context, event }) => parseTypedAmount(event.text, context.maxAmount)! }),
    sayBadAmount: assign({ reply: ({ context }) => reply([chat.badAmount(context.maxAmount)], undefined, { back: true }) }),
    askPhone: assign({ reply: () => reply([chat.enterPhone], undefined, { back: true }) }),
    takeTypedPhone: assign({
      payer: ({ event }) => (normalizePhone(event.text) as { phone: string }).phone,
      amount: ({ context }) => (context.amount > 0 ? context.amount : payableNow(context)),
    }),
    sayBadPhone: assign({
      reply: ({ event }) => {
        const result = normalizePhone(event.text);
        return reply(result.ok ? [chat.enterPhone] : [chat.badPhone(result.reason), chat.enterPhone], undefined, { back: true });
      },
    }),
    showConfirmation: assign({ reply: ({ context }) => confirmation(context) }),
    confirmationNotUnderstood: assign({ reply: ({ context }) => notUnderstood(confirmation(context)) }),
    sayCancelled: assign({ output: () => endWith(reply([chat.paymentCancelled])) }),
    sayStarted: assign({ output: ({ context }, params: { result: StartResult }) => startedReply(context, params.result) }),
    sayBusy: assign({ output: () => endWith(reply([chat.busy])) }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'payRent',
  context: ({ input }) => ({ ...input, unitPage: 0, account: null, amount: 0, payer: input.phone, reply: reply([]), output: null }),
  initial: 'routing',
  states: {
    routing: {
      description: 'A prompt already open ends here; several units are chosen from; one goes straight on.',
      always: [
        { guard: 'hasPendingPayment', target: 'done', actions: 'sayPending' },
        { guard: 'mustChooseUnit', target: 'choosingUnit', actions: 'showUnits' },
        { target: 'accountChosen', actions: 'takeFirstOwingUnit' },
      ],
    },
    choosingUnit: {
      description: 'On USSD the list is paged, four units a screen; 0 goes back a page, and from the first to the menu.',
      on: {
        INPUT: [
          { guard: 'onLaterUnitPage', actions: ['previousUnitPage', 'showUnits'] },
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: 'choseUnit', target: 'accountChosen', actions: 'takeChosenUnit' },
          { guard: 'wantsMoreUnits', actions: ['nextUnitPage', 'showUnits'] },
          { actions: 'unitNotUnderstood' },
        ],
      },
    },
    accountChosen: {
      always: [
        { guard: 'noAccount', target: 'done', actions: 'sayNothingDue' },
        { guard: 'landlordNotReady', target: 'notReady' },
        { guard: 'nothingDue', target: 'done', actions: 'sayNothingDue' },
        { guard: 'cameForQuickPay', target: 'confirming', actions: 'takeFullAmount' },
        { target: 'choosing' },
      ],
    },
    notReady: {
      tags: ['busy'],
      invoke: {
        src: 'noteWaiting',
        input: ({ context }) => ({ tenancyId: context.account!.tenancyId }),
        onDone: { target: 'done', actions: 'sayLandlordNotReady' },
        onError: { target: 'done', actions: 'sayLandlordNotReady' },
      },
    },
    choosing: {
      description: 'Pay it all, another amount, or from another M-Pesa number.',
      entry: 'showChoices',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: 'wantsFullAmount', target: 'confirming', actions: 'takeFullAmount' },
          { guard: 'wantsOtherAmount', target: 'enteringAmount' },
          { guard: 'wantsOtherNumber', target: 'enteringPhone' },
          { actions: 'choicesNotUnderstood' },
        ],
      },
    },
    enteringAmount: {
      entry: 'askAmount',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'choosing' },
          { guard: 'typedAmount', target: 'confirming', actions: 'takeTypedAmount' },
          { actions: 'sayBadAmount' },
        ],
      },
    },
    enteringPhone: {
      entry: 'askPhone',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'choosing' },
          { guard: 'typedPhone', target: 'confirming', actions: 'takeTypedPhone' },
          { actions: 'sayBadPhone' },
        ],
      },
    },
    confirming: {
      entry: 'showConfirmation',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'choosing' },
          { guard: 'saidYes', target: 'starting' },
          { guard: 'saidNo', target: 'done', actions: 'sayCancelled' },
          { actions: 'confirmationNotUnderstood' },
        ],
      },
    },
    starting: {
      description: 'The push is queued in the outbox, sent after the commit (on USSD, after the session ends).',
      tags: ['busy'],
      invoke: {
        src: 'startPayment',
        input: ({ context }) => ({ tenancyId: context.account!.tenancyId, amount: context.amount, phone: context.payer }),
        onDone: { target: 'done', actions: { type: 'sayStarted', params: ({ event }) => ({ result: event.output }) } },
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? toMenu(),
});
