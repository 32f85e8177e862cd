// A landlord (or caretaker) looks after one tenant by chat: picks them by unit, account number or name,
// sees who they are and what they owe, then reads their statement, changes the rent (from the next bill)
// or the phone, or moves them out (no more bills; what they owe stays on record).
import { assign, fromPromise, setup } from 'xstate';
import { normalizePhone } from '../src/domain/phone.js';
import { chat, PHONE_REJECTIONS } from '../src/messages/chat-messages.js';
import { moneyTexts as mx } from '../src/messages/landlord-money-messages.js';
import { manageTexts as tx } from '../src/messages/tenant-messages.js';
import type { Text } from '../src/messages/text.js';
import { isBack, isNo, isYes, optionNumber, parseTypedAmount } from './input.js';
import type { TenantMatch } from './landlord-money.machine.js';
import { afterTenantSearch, tenantGuards } from './tenant-step.js';
import { ask, notUnderstood, reply, type Reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export interface TenantSummary {
  name: string;
  unit: string;
  phone: string;
  rent: number;
  dueDay: number;
  due: number;
  credit: number;
  endsOn: string | null;
  /** The statement: the latest bills (what for, amount, paid) and payments (day, amount, receipt). */
  bills: { what: Text; amount: number; paid: number }[];
  payments: { day: Text; amount: number; receipt: string | null }[];
}

export type TenantChange = { monthlyRent: number } | { phone: string } | { moveOut: true };

type Action = 'statement' | 'rent' | 'phone' | 'moveOut';
const ACTIONS: Action[] = ['statement', 'rent', 'phone', 'moveOut'];

interface ManageContext extends FlowInput {
  query: string;
  matches: TenantMatch[];
  tenant: TenantMatch | null;
  summary: TenantSummary | null;
  change: TenantChange | null;
  reply: Reply;
  output: FlowOutput | null;
}


function statement(s: TenantSummary): Reply {
  return reply([
    tx.statementTitle(s.name, s.unit),
    ...s.bills.map((b) => ({ en: tx.billLine(b.what.en, b.amount, b.paid).en, sw: tx.billLine(b.what.sw, b.amount, b.paid).sw })),
    ...(s.payments.length ? [tx.paymentsTitle, ...s.payments.map((p) => ({ en: tx.paymentLine(p.day.en, p.amount, p.receipt).en, sw: tx.paymentLine(p.day.sw, p.amount, p.receipt).sw }))] : []),
    tx.balanceLine(s.due, s.credit),
  ]);
}

function confirmation(ctx: ManageContext): Reply {
  const c = ctx.change!;
  const line = 'monthlyRent' in c ? tx.confirmRent(ctx.tenant!.unit, c.monthlyRent) : 'phone' in c ? tx.confirmPhone(ctx.tenant!.unit, c.phone) : tx.confirmMoveOut(ctx.tenant!.name, ctx.summary!.due);
  return reply([line], [mx.optConfirm, mx.optCancel], { back: true });
}

export const manageTenantMachine = setup({
  types: {} as { context: ManageContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    findTenants: fromPromise<TenantMatch[], { query: string }>(providedByRuntime('findTenants')),
    loadTenant: fromPromise<TenantSummary, { tenancyId: string }>(providedByRuntime('loadTenant')),
    saveChange: fromPromise<void, { tenancyId: string; change: TenantChange }>(providedByRuntime('saveChange')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    ...tenantGuards,
    chose: ({ event }, params: { action: Action }) => ACTIONS[(optionNumber(event.text) ?? 0) - 1] === params.action,
    validRent: ({ event }) => parseTypedAmount(event.text, 10_000_000) !== undefined,
    validPhone: ({ event }) => normalizePhone(event.text).ok,
    yes: ({ event }) => isYes(event.text),
    no: ({ event }) => isNo(event.text),
  },
  actions: {
    askTenant: assign({ reply: () => ask(mx.askTenant) }),
    keepQuery: assign({ query: ({ event }) => event.text.trim().slice(0, 60) }),
    keepMatches: assign({ matches: (_, params: { matches: TenantMatch[] }) => params.matches }),
    takeOnlyMatch: assign({ tenant: ({ context }) => context.matches[0]!, matches: () => [] }),
    takeChosenMatch: assign({ tenant: ({ context, event }) => context.matches[optionNumber(event.text)! - 1]!, matches: () => [] }),
    sayNoTenant: assign({ reply: ({ context }) => ask(mx.noTenant(context.query)) }),
    askWhichTenant: assign({ reply: ({ context }) => reply([mx.chooseTenant], context.matches.map((m) => mx.tenantOption(m.unit, m.name, m.property)), { back: true }) }),
    keepSummary: assign({ summary: (_, params: { summary: TenantSummary }) => params.summary }),
    showActions: assign({ reply: ({ context }) => reply([tx.summary(context.summary!)], [tx.optStatement, tx.optRent, tx.optPhone, tx.optMoveOut], { back: true }) }),
    showStatement: assign({ output: ({ context }) => toMenu(statement(context.summary!)) }),
    askRent: assign({ reply: () => ask(tx.askNewRent) }),
    askPhone: assign({ reply: () => ask(tx.askNewPhone) }),
    keepRent: assign({ change: ({ event }) => ({ monthlyRent: parseTypedAmount(event.text, 10_000_000)! }) }),
    keepPhone: assign({ change: ({ event }) => ({ phone: (normalizePhone(event.text) as { phone: string }).phone }) }),
    keepMoveOut: assign({ change: () => ({ moveOut: true as const }) }),
    sayBadRent: assign({ reply: () => ask(mx.badAmount) }),
    sayBadPhone: assign({ reply: ({ event }) => {
      const result = normalizePhone(event.text);
      return ask(result.ok ? tx.askNewPhone : PHONE_REJECTIONS[result.reason]);
    } }),
    confirm: assign({ reply: ({ context }) => confirmation(context) }),
    sayNotUnderstood: assign({ reply: ({ context }) => notUnderstood(context.reply) }),
    saySaved: assign({ output: ({ context }) => toMenu(reply([context.change && 'moveOut' in context.change ? tx.movedOut(context.tenant!.name) : tx.changed])) }),
    finish: assign({ output: (_, params: { say: Text }) => toMenu(reply([params.say])) }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'manageTenant',
  context: ({ input }) => ({ ...input, query: '', matches: [], tenant: null, summary: null, change: null, reply: reply([]), output: null }),
  initial: 'tenant',
  states: {
    tenant: {
      entry: 'askTenant',
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'finding', actions: 'keepQuery' }] },
    },
    finding: {
      tags: ['busy'],
      invoke: {
        src: 'findTenants',
        input: ({ context }) => ({ query: context.query }),
        onDone: afterTenantSearch('loading'),
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    tenantNotFound: {
      on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'finding', actions: 'keepQuery' }] },
    },
    choosingTenant: {
      entry: 'askWhichTenant',
      on: { INPUT: [{ guard: 'wantsBack', target: 'tenant' }, { guard: 'choseMatch', target: 'loading', actions: 'takeChosenMatch' }, { actions: 'sayNotUnderstood' }] },
    },
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadTenant',
        input: ({ context }) => ({ tenancyId: context.tenant!.id }),
        onDone: { target: 'acting', actions: { type: 'keepSummary', params: ({ event }) => ({ summary: event.output }) } },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    acting: {
      entry: 'showActions',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'tenant' },
          { guard: { type: 'chose', params: { action: 'statement' } }, target: 'done', actions: 'showStatement' },
          { guard: { type: 'chose', params: { action: 'rent' } }, target: 'rent' },
          { guard: { type: 'chose', params: { action: 'phone' } }, target: 'phone' },
          { guard: { type: 'chose', params: { action: 'moveOut' } }, target: 'confirming', actions: 'keepMoveOut' },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    rent: {
      entry: 'askRent',
      on: { INPUT: [{ guard: 'wantsBack', target: 'acting' }, { guard: 'validRent', target: 'confirming', actions: 'keepRent' }, { actions: 'sayBadRent' }] },
    },
    phone: {
      entry: 'askPhone',
      on: { INPUT: [{ guard: 'wantsBack', target: 'acting' }, { guard: 'validPhone', target: 'confirming', actions: 'keepPhone' }, { actions: 'sayBadPhone' }] },
    },
    confirming: {
      entry: 'confirm',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'acting' },
          { guard: 'yes', target: 'saving' },
          { guard: 'no', target: 'done', actions: { type: 'finish', params: { say: mx.cancelled } } },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'saveChange',
        input: ({ context }) => ({ tenancyId: context.tenant!.id, change: context.change! }),
        onDone: { target: 'done', actions: 'saySaved' },
        onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
