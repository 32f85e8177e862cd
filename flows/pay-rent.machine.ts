// Paying rent: the open balance, then pay it all, another amount, or from another M-Pesa number;
// confirm; the STK Push is queued and the tenant told to check their phone. From the menu's quick
// option it starts at the confirmation, so one open bill is paid in three replies (or USSD screens).
// A tenant renting several units chooses one first; on USSD that list is paged, four units a screen.
import { assign, fromPromise, setup } from 'xstate';
import { chat } from '../src/messages/chat-messages.js';
import { normalizePhone } from '../src/domain/phone.js';
import { normalizeWord, optionNumber, reply, type Reply } from './reply.js';
import type { FlowEvent, FlowInput, FlowOutput } from './types.js';

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

export type StartResult = { ok: true } | { ok: false; reason: 'pending' | 'too_many' | 'not_ready' };

export interface PayRentInput extends FlowInput {
  quickPay?: boolean;
}

interface PayRentContext extends PayRentInput {
  data: PayRentData | null;
  /** The page of the unit list on screen (USSD only; chat shows every unit at once). */
  unitPage: number;
  account: PayableAccount | null;
  amount: number;
  payer: string;
  reply: Reply;
  output: FlowOutput | null;
}

const isBack = (text: string) => text.trim() === '0';
const isYes = (text: string) => optionNumber(text) === 1 || ['yes', 'ndiyo', 'ndio', 'y', 'sawa', 'ok'].includes(normalizeWord(text));
const isNo = (text: string) => optionNumber(text) === 2 || ['no', 'hapana', 'n', 'cancel', 'ghairi'].includes(normalizeWord(text));

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
  const accounts = ctx.data!.accounts;
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

function parseAmount(text: string, max: number): number | undefined {
  const cleaned = text.replace(/[\s,]/g, '').replace(/^(kes|ksh|sh)/i, '');
  if (!/^\d{1,9}$/.test(cleaned)) return undefined;
  const amount = Number(cleaned);
  return amount >= 1 && amount <= max ? amount : undefined;
}

const endWith = (r: Reply): FlowOutput => ({ next: 'end', reply: { ...r, end: true } });

export const payRentMachine = setup({
  types: {} as { context: PayRentContext; input: PayRentInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadAccounts: fromPromise<PayRentData, { phone: string }>(async () => {
      throw new Error('loadAccounts is provided by the conversation runtime');
    }),
    startPayment: fromPromise<StartResult, StartRequest>(async () => {
      throw new Error('startPayment is provided by the conversation runtime');
    }),
  },
}).createMachine({
  id: 'payRent',
  context: ({ input }) => ({ ...input, data: null, unitPage: 0, account: null, amount: 0, payer: input.phone, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadAccounts',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'routing', actions: assign({ data: ({ event }) => event.output }) },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    routing: {
      always: [
        {
          guard: ({ context }) => context.data!.pending !== null,
          target: 'done',
          actions: assign({ output: ({ context }) => endWith(reply([chat.pendingPayment(context.data!.pending!.amount, context.data!.pending!.phone)])) }),
        },
        {
          guard: ({ context }) => context.data!.accounts.length > 1 && !context.quickPay,
          target: 'choosingUnit',
          actions: assign({ reply: ({ context }) => unitChoice(context) }),
        },
        { target: 'accountChosen', actions: assign({ account: ({ context }) => context.data!.accounts.find((a) => a.due > 0) ?? context.data!.accounts[0] ?? null }) },
      ],
    },
    choosingUnit: {
      on: {
        INPUT: [
          {
            // 0 goes back a page, and from the first page to the menu.
            guard: ({ context, event }) => isBack(event.text) && context.unitPage > 0,
            actions: [assign({ unitPage: ({ context }) => context.unitPage - 1 }), assign({ reply: ({ context }) => unitChoice(context) })],
          },
          { guard: ({ event }) => isBack(event.text), target: 'done', actions: assign({ output: () => ({ next: 'menu' }) }) },
          {
            guard: ({ context, event }) => chosenUnit(context, event.text) !== undefined,
            target: 'accountChosen',
            actions: assign({ account: ({ context, event }) => chosenUnit(context, event.text)! }),
          },
          {
            guard: ({ context, event }) => asksForMore(context, event.text),
            actions: [assign({ unitPage: ({ context }) => context.unitPage + 1 }), assign({ reply: ({ context }) => unitChoice(context) })],
          },
          { actions: assign({ reply: ({ context }) => ({ ...unitChoice(context), lines: [chat.notUnderstood, chat.chooseUnit] }) }) },
        ],
      },
    },
    accountChosen: {
      always: [
        { guard: ({ context }) => !context.account, target: 'done', actions: assign({ output: () => endWith(reply([chat.nothingDue(0)])) }) },
        { guard: ({ context }) => !context.account!.payout, target: 'done', actions: assign({ output: () => endWith(reply([chat.landlordNotReady])) }) },
        { guard: ({ context }) => context.account!.due === 0, target: 'done', actions: assign({ output: ({ context }) => endWith(reply([chat.nothingDue(context.account!.credit)])) }) },
        {
          guard: ({ context }) => context.quickPay === true,
          target: 'confirming',
          actions: assign({ amount: ({ context }) => payableNow(context) }),
        },
        { target: 'choosing' },
      ],
    },
    choosing: {
      entry: assign({ reply: ({ context }) => choices(context) }),
      on: {
        INPUT: [
          {
            guard: ({ event }) => isBack(event.text),
            target: 'done',
            actions: assign({ output: () => ({ next: 'menu' }) }),
          },
          { guard: ({ event }) => optionNumber(event.text) === 1 || ['pay', 'lipa', 'all', 'yote'].includes(normalizeWord(event.text)), target: 'confirming', actions: assign({ amount: ({ context }) => payableNow(context) }) },
          { guard: ({ event }) => optionNumber(event.text) === 2, target: 'enteringAmount' },
          { guard: ({ event }) => optionNumber(event.text) === 3, target: 'enteringPhone' },
          { target: 'choosing', reenter: true, actions: assign({ reply: ({ context }) => ({ ...choices(context), lines: [chat.notUnderstood, ...choices(context).lines] }) }) },
        ],
      },
    },
    enteringAmount: {
      entry: assign({ reply: ({ context }) => reply([chat.enterAmount(context.maxAmount)], undefined, { back: true }) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosing' },
          {
            guard: ({ context, event }) => parseAmount(event.text, context.maxAmount) !== undefined,
            target: 'confirming',
            actions: assign({ amount: ({ context, event }) => parseAmount(event.text, context.maxAmount)! }),
          },
          { actions: assign({ reply: ({ context }) => reply([chat.badAmount(context.maxAmount)], undefined, { back: true }) }) },
        ],
      },
    },
    enteringPhone: {
      entry: assign({ reply: () => reply([chat.enterPhone], undefined, { back: true }) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosing' },
          {
            guard: ({ event }) => normalizePhone(event.text).ok,
            target: 'confirming',
            actions: assign({
              payer: ({ event }) => (normalizePhone(event.text) as { phone: string }).phone,
              amount: ({ context }) => (context.amount > 0 ? context.amount : payableNow(context)),
            }),
          },
          {
            actions: assign({
              reply: ({ event }) => {
                const result = normalizePhone(event.text);
                return reply(result.ok ? [chat.enterPhone] : [chat.badPhone(result.reason), chat.enterPhone], undefined, { back: true });
              },
            }),
          },
        ],
      },
    },
    confirming: {
      entry: assign({ reply: ({ context }) => confirmation(context) }),
      on: {
        INPUT: [
          { guard: ({ event }) => isBack(event.text), target: 'choosing' },
          { guard: ({ event }) => isYes(event.text), target: 'starting' },
          { guard: ({ event }) => isNo(event.text), target: 'done', actions: assign({ output: () => endWith(reply([chat.paymentCancelled])) }) },
          { actions: assign({ reply: ({ context }) => ({ ...confirmation(context), lines: [chat.notUnderstood, ...confirmation(context).lines] }) }) },
        ],
      },
    },
    starting: {
      tags: ['busy'],
      invoke: {
        src: 'startPayment',
        input: ({ context }) => ({ tenancyId: context.account!.tenancyId, amount: context.amount, phone: context.payer }),
        onDone: {
          target: 'done',
          actions: assign({
            output: ({ context, event }) => {
              const payout = context.account!.payout;
              const hint = payout ? chat.payByMenu(payout.shortCode, payout.type === 'paybill' ? context.account!.accountNumber : null) : undefined;
              if (event.output.ok) return endWith(reply([chat.checkPhone(context.payer)]));
              if (event.output.reason === 'pending') return endWith(reply([chat.pendingPayment(context.amount, context.payer)]));
              if (event.output.reason === 'too_many') return endWith(reply(hint ? [chat.tooManyPrompts, hint] : [chat.tooManyPrompts]));
              return endWith(reply([chat.landlordNotReady]));
            },
          }),
        },
        onError: { target: 'done', actions: assign({ output: () => endWith(reply([chat.busy])) }) },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
