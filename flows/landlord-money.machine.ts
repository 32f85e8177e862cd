// A landlord (or caretaker) moves money by chat: bills a one-off charge to a tenant (water, a deposit,
// electricity, or something else with a label), records cash or a bank payment a tenant made, or gives
// money that arrived without a matching account (the suspense list) to the right tenant. Each picks the
// tenant by unit, account number or name, confirms, and asks for the PIN; the PIN never enters the
// snapshot. One machine, built for each of the three areas.
import { and, assign, fromPromise, setup } from 'xstate';
import { caretakerTexts } from '../src/messages/caretaker-messages.js';
import { chat } from '../src/messages/chat-messages.js';
import { moneyTexts as mx } from '../src/messages/landlord-money-messages.js';
import type { Text } from '../src/messages/text.js';
import { isBack, isNo, isYes, optionNumber, parseTypedAmount } from './input.js';
import type { PinCheck } from './landlord-setup.machine.js';
import { afterTenantSearch, tenantGuards } from './tenant-step.js';
import { afterPinCheck, pinGuards, pinQuestion } from './pin-step.js';
import { ask, notUnderstood, reply, type Reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export type MoneyMode = 'charge' | 'cash' | 'assign';

/** Money in the suspense list: paid to the landlord's shortcode, matching no tenant. */
export interface SuspenseItem {
  id: string;
  amount: number;
  /** ISO instant. */
  at: string;
  /** What the payer typed as the account. */
  reference: string;
  phone: string;
}
/** What the flow needs first: whether the writer has a PIN (a caretaker chooses their own), and the suspense list. */
export interface MoneyStart {
  hasPin: boolean;
  caretaker?: boolean;
  items: SuspenseItem[];
}

export type ChargeKind = 'water' | 'deposit' | 'electricity' | 'other';
const KINDS: ChargeKind[] = ['water', 'deposit', 'electricity', 'other'];

export interface TenantMatch {
  id: string;
  name: string;
  unit: string;
  property: string | null;
}

interface MoneyContext extends FlowInput {
  items: SuspenseItem[];
  item: SuspenseItem | null;
  matches: TenantMatch[];
  query: string;
  tenant: TenantMatch | null;
  kind: ChargeKind | null;
  label: string | null;
  amount: number | null;
  note: string | null;
  pinAttempts: number;
  reply: Reply;
  output: FlowOutput | null;
}

const MAX_AMOUNT = 10_000_000;

function confirmation(mode: MoneyMode, ctx: MoneyContext): Reply {
  const t = ctx.tenant!;
  const what = ctx.kind === 'other' ? { en: ctx.label!, sw: ctx.label! } : mx.kind[ctx.kind ?? 'other'];
  const line =
    mode === 'charge'
      ? mx.confirmCharge(t.unit, t.name, what, ctx.amount!)
      : mode === 'cash'
        ? mx.confirmCash(t.unit, t.name, ctx.amount!, ctx.note)
        : mx.confirmAssign(ctx.item!.amount, ctx.item!.at, ctx.item!.reference, t.unit, t.name);
  return reply([line], [mx.optConfirm, mx.optCancel], { back: true });
}

export function landlordMoneyMachine(mode: MoneyMode) {
  return setup({
    types: {} as { context: MoneyContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
    actors: {
      loadStart: fromPromise<MoneyStart, { phone: string; mode: MoneyMode }>(providedByRuntime('loadStart')),
      findTenants: fromPromise<TenantMatch[], { query: string }>(providedByRuntime('findTenants')),
      verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(providedByRuntime('verifyPin')),
      saveCharge: fromPromise<void, { tenancyId: string; kind: ChargeKind; label: string | null; amount: number }>(providedByRuntime('saveCharge')),
      recordCash: fromPromise<string, { tenancyId: string; amount: number; note: string | null }>(providedByRuntime('recordCash')),
      assignPayment: fromPromise<void, { paymentId: string; tenancyId: string }>(providedByRuntime('assignPayment')),
    },
    guards: {
      wantsBack: ({ event }) => isBack(event.text),
      isCharge: () => mode === 'charge',
      isCash: () => mode === 'cash',
      isAssign: () => mode === 'assign',
      nothingInSuspense: (_, params: { items: SuspenseItem[] }) => mode === 'assign' && params.items.length === 0,
      choseItem: ({ context, event }) => context.items[(optionNumber(event.text) ?? 0) - 1] !== undefined,
      ...tenantGuards,
      choseKind: ({ event }) => KINDS[(optionNumber(event.text) ?? 0) - 1] !== undefined,
      choseOther: ({ event }) => KINDS[(optionNumber(event.text) ?? 0) - 1] === 'other',
      validLabel: ({ event }) => event.text.trim().length >= 1 && event.text.trim().length <= 60,
      validAmount: ({ event }) => parseTypedAmount(event.text, MAX_AMOUNT) !== undefined,
      noNote: ({ event }) => event.text.trim() === '1',
      validNote: ({ event }) => /^[A-Za-z0-9 #/_-]{1,30}$/.test(event.text.trim()),
      yes: ({ event }) => isYes(event.text),
      no: ({ event }) => isNo(event.text),
      lacksPin: (_, params: { hasPin: boolean }) => !params.hasPin,
      ...pinGuards,
    },
    actions: {
      askTenant: assign({ reply: () => ask(mx.askTenant) }),
      keepItems: assign({ items: (_, params: { items: SuspenseItem[] }) => params.items }),
      askItem: assign({ reply: ({ context }) => reply([mx.suspenseTitle(context.items.length)], context.items.map((i) => mx.suspenseOption(i.amount, i.at, i.reference)), { back: true }) }),
      keepItem: assign({ item: ({ context, event }) => context.items[optionNumber(event.text)! - 1]!, items: () => [] }),
      sayAssigned: assign({ output: ({ context }) => toMenu(reply([mx.assigned(context.item!.amount, context.tenant!.unit)])) }),
      keepQuery: assign({ query: ({ event }) => event.text.trim().slice(0, 60) }),
      keepMatches: assign({ matches: (_, params: { matches: TenantMatch[] }) => params.matches }),
      takeOnlyMatch: assign({ tenant: ({ context }) => context.matches[0]!, matches: () => [] }),
      takeChosenMatch: assign({ tenant: ({ context, event }) => context.matches[optionNumber(event.text)! - 1]!, matches: () => [] }),
      sayNoTenant: assign({ reply: ({ context }) => ask(mx.noTenant(context.query)) }),
      askWhichTenant: assign({ reply: ({ context }) => reply([mx.chooseTenant], context.matches.map((m) => mx.tenantOption(m.unit, m.name, m.property)), { back: true }) }),
      askKind: assign({ reply: () => reply([mx.askKind], KINDS.map((k) => mx.kind[k]), { back: true }) }),
      keepKind: assign({ kind: ({ event }) => KINDS[optionNumber(event.text)! - 1]!, label: () => null }),
      askLabel: assign({ reply: () => ask(mx.askLabel) }),
      keepLabel: assign({ label: ({ event }) => event.text.trim() }),
      sayBadLabel: assign({ reply: () => ask(mx.badLabel) }),
      askAmount: assign({ reply: () => ask(mx.askAmount) }),
      keepAmount: assign({ amount: ({ event }) => parseTypedAmount(event.text, MAX_AMOUNT)! }),
      sayBadAmount: assign({ reply: () => ask(mx.badAmount) }),
      askNote: assign({ reply: () => ask(mx.askNote) }),
      keepNote: assign({ note: ({ event }) => (event.text.trim() === '1' ? null : event.text.trim()) }),
      sayBadNote: assign({ reply: () => ask(mx.badNote) }),
      confirm: assign({ reply: ({ context }) => confirmation(mode, context) }),
      askPin: assign({
        reply: ({ context }) => pinQuestion(context.pinAttempts, mx.enterPin),
      }),
      countWrongPin: assign({ pinAttempts: ({ context }) => context.pinAttempts + 1 }),
      sayNotUnderstood: assign({ reply: ({ context }) => notUnderstood(context.reply) }),
      finish: assign({ output: (_, params: { say: Text }) => toMenu(reply([params.say])) }),
      sayCharged: assign({ output: ({ context }) => toMenu(reply([mx.charged(context.tenant!.unit, context.amount!)])) }),
      sayRecorded: assign({ output: ({ context }, params: { reference: string }) => toMenu(reply([mx.recorded(context.tenant!.unit, context.amount!, params.reference)])) }),
      goToMenu: assign({ output: () => toMenu() }),
    },
  }).createMachine({
    id: { charge: 'billCharge', cash: 'recordCash', assign: 'assignSuspense' }[mode],
    context: ({ input }) => ({ ...input, items: [], item: null, matches: [], query: '', tenant: null, kind: null, label: null, amount: null, note: null, pinAttempts: 0, reply: reply([]), output: null }),
    initial: 'loading',
    states: {
      loading: {
        tags: ['busy'],
        invoke: {
          src: 'loadStart',
          input: ({ context }) => ({ phone: context.phone, mode }),
          onDone: [
            {
              guard: { type: 'lacksPin', params: ({ event }) => event.output },
              target: 'done',
              actions: { type: 'finish', params: ({ event }) => ({ say: event.output.caretaker ? caretakerTexts.needPin : mx.needPin }) },
            },
            { guard: { type: 'nothingInSuspense', params: ({ event }) => event.output }, target: 'done', actions: { type: 'finish', params: { say: mx.noSuspense } } },
            { guard: 'isAssign', target: 'item', actions: { type: 'keepItems', params: ({ event }) => event.output } },
            { target: 'tenant' },
          ],
          onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
        },
      },
      item: {
        description: 'The suspense list, newest first: which money to give to a tenant.',
        entry: 'askItem',
        on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { guard: 'choseItem', target: 'tenant', actions: 'keepItem' }, { actions: 'sayNotUnderstood' }] },
      },
      tenant: {
        entry: 'askTenant',
        on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'finding', actions: 'keepQuery' }] },
      },
      finding: {
        tags: ['busy'],
        invoke: {
          src: 'findTenants',
          input: ({ context }) => ({ query: context.query }),
          onDone: afterTenantSearch('details'),
          onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
        },
      },
      tenantNotFound: {
        on: { INPUT: [{ guard: 'wantsBack', target: 'done', actions: 'goToMenu' }, { target: 'finding', actions: 'keepQuery' }] },
      },
      choosingTenant: {
        entry: 'askWhichTenant',
        on: { INPUT: [{ guard: 'wantsBack', target: 'tenant' }, { guard: 'choseMatch', target: 'details', actions: 'takeChosenMatch' }, { actions: 'sayNotUnderstood' }] },
      },
      details: {
        description: 'A charge: its kind (and a label for "other"); cash: straight to the amount.',
        always: [{ guard: 'isCharge', target: 'kind' }, { guard: 'isCash', target: 'amount' }, { target: 'confirming' }],
      },
      kind: {
        entry: 'askKind',
        on: {
          INPUT: [
            { guard: 'wantsBack', target: 'tenant' },
            { guard: 'choseOther', target: 'label', actions: 'keepKind' },
            { guard: 'choseKind', target: 'amount', actions: 'keepKind' },
            { actions: 'sayNotUnderstood' },
          ],
        },
      },
      label: {
        entry: 'askLabel',
        on: { INPUT: [{ guard: 'wantsBack', target: 'kind' }, { guard: 'validLabel', target: 'amount', actions: 'keepLabel' }, { actions: 'sayBadLabel' }] },
      },
      amount: {
        entry: 'askAmount',
        on: {
          INPUT: [
            { guard: 'wantsBack', target: 'tenant' },
            { guard: 'validAmount', target: 'afterAmount', actions: 'keepAmount' },
            { actions: 'sayBadAmount' },
          ],
        },
      },
      afterAmount: { always: [{ guard: 'isCharge', target: 'confirming' }, { target: 'note' }] },
      note: {
        entry: 'askNote',
        on: { INPUT: [{ guard: 'wantsBack', target: 'amount' }, { guard: 'noNote', target: 'confirming', actions: 'keepNote' }, { guard: 'validNote', target: 'confirming', actions: 'keepNote' }, { actions: 'sayBadNote' }] },
      },
      confirming: {
        entry: 'confirm',
        on: {
          INPUT: [
            { guard: and(['wantsBack', 'isAssign']), target: 'tenant' },
            { guard: 'wantsBack', target: 'amount' },
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
      saving: {
        tags: ['busy'],
        always: [{ guard: 'isCharge', target: 'savingCharge' }, { guard: 'isCash', target: 'savingCash' }, { target: 'savingAssign' }],
      },
      savingCharge: {
        tags: ['busy'],
        invoke: {
          src: 'saveCharge',
          input: ({ context }) => ({ tenancyId: context.tenant!.id, kind: context.kind!, label: context.label, amount: context.amount! }),
          onDone: { target: 'done', actions: 'sayCharged' },
          onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
        },
      },
      savingCash: {
        tags: ['busy'],
        invoke: {
          src: 'recordCash',
          input: ({ context }) => ({ tenancyId: context.tenant!.id, amount: context.amount!, note: context.note }),
          onDone: { target: 'done', actions: { type: 'sayRecorded', params: ({ event }) => ({ reference: event.output }) } },
          onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
        },
      },
      savingAssign: {
        tags: ['busy'],
        invoke: {
          src: 'assignPayment',
          input: ({ context }) => ({ paymentId: context.item!.id, tenancyId: context.tenant!.id }),
          onDone: { target: 'done', actions: 'sayAssigned' },
          onError: { target: 'done', actions: { type: 'finish', params: { say: chat.busy } } },
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => context.output ?? { next: 'menu' },
  });
}
