// A landlord (or caretaker) adds a tenant by chat: name, phone, unit, the property when they have several,
// monthly rent and due day, then a confirmation; the tenant gets a welcome message. On WhatsApp and SMS a
// message of several lines "name, phone, unit, rent" adds them all at once and answers with a summary of
// who was added and what was refused and why. A unit already let in that property is refused.
import { and, assign, fromPromise, setup } from 'xstate';
import { looksLikeTenantList, parseRent, type ParsedLine, type TenantLine } from '../src/domain/tenant-lines.js';
import { normalizePhone } from '../src/domain/phone.js';
import { chat, PHONE_REJECTIONS } from '../src/messages/chat-messages.js';
import { problemText, tenantTexts as tx } from '../src/messages/tenant-messages.js';
import type { Language } from '../src/domain/types.js';
import { isBack, isNo, isYes, optionNumber } from './input.js';
import { ask, notUnderstood, reply, type Reply } from './reply.js';
import { providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export interface NewTenant extends TenantLine {
  property: string | null;
}

/** What saving one tenant came to. */
export type SaveResult = { ok: true; accountNumber: string } | { ok: false; problem: 'unit_taken' };

/** What saving a pasted list came to, line by line. */
export interface BulkResult {
  /** The lines as read (the refused ones say why). */
  lines: ParsedLine[];
  added: { name: string; unit: string; account: string }[];
  taken: { line: number; text: string; unit: string }[];
}

interface AddTenantContext extends FlowInput {
  properties: string[];
  draft: Partial<NewTenant>;
  reply: Reply;
  output: FlowOutput | null;
}

const trimmed = (text: string) => text.trim().replace(/\s+/g, ' ');

function propertyChoice(ctx: AddTenantContext): Reply {
  return reply([tx.askProperty], ctx.properties.map((p) => ({ en: p, sw: p })), { back: true });
}

function confirmation(ctx: AddTenantContext): Reply {
  const d = ctx.draft as NewTenant;
  return reply([tx.confirm({ name: d.name, phone: d.phone, unit: d.unit, property: d.property, rent: d.monthlyRent, dueDay: d.dueDay })], [tx.optAdd, tx.optCancel], { back: true });
}

/** The property typed or chosen: an option number picks a listed one; other text names a new one. */
function chosenProperty(ctx: AddTenantContext, text: string): string | undefined {
  const n = optionNumber(text);
  if (n !== undefined) return ctx.properties[n - 1];
  const name = trimmed(text);
  return name.length >= 1 && name.length <= 80 ? name : undefined;
}


export const addTenantMachine = setup({
  types: {} as { context: AddTenantContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadProperties: fromPromise<string[], { phone: string }>(providedByRuntime('loadProperties')),
    saveTenant: fromPromise<SaveResult, { tenant: NewTenant; language: Language }>(providedByRuntime('saveTenant')),
    saveTenants: fromPromise<BulkResult, { text: string; property: string | null; language: Language }>(providedByRuntime('saveTenants')),
  },
  guards: {
    wantsBack: ({ event }) => isBack(event.text),
    isList: ({ context, event }) => context.channel !== 'ussd' && looksLikeTenantList(event.text),
    validName: ({ event }) => trimmed(event.text).length >= 2 && trimmed(event.text).length <= 120 && !/^\d+$/.test(event.text.trim()),
    validPhone: ({ event }) => normalizePhone(event.text).ok,
    validUnit: ({ event }) => trimmed(event.text).length >= 1 && trimmed(event.text).length <= 40,
    severalProperties: ({ context }) => context.properties.length >= 2,
    validProperty: ({ context, event }) => chosenProperty(context, event.text) !== undefined,
    validRent: ({ event }) => parseRent(event.text) !== undefined,
    validDueDay: ({ event }) => /^\s*\d{1,2}\s*$/.test(event.text) && Number(event.text) >= 1 && Number(event.text) <= 31,
    yes: ({ event }) => isYes(event.text),
    no: ({ event }) => isNo(event.text),
    saved: (_, params: { result: SaveResult }) => params.result.ok,
  },
  actions: {
    keepName: assign({ draft: ({ context, event }) => ({ ...context.draft, name: trimmed(event.text) }) }),
    keepPhone: assign({ draft: ({ context, event }) => ({ ...context.draft, phone: (normalizePhone(event.text) as { phone: string }).phone }) }),
    keepUnit: assign({ draft: ({ context, event }) => ({ ...context.draft, unit: trimmed(event.text) }) }),
    keepOnlyProperty: assign({ draft: ({ context }) => ({ ...context.draft, property: context.properties[0] ?? null }) }),
    keepProperty: assign({ draft: ({ context, event }) => ({ ...context.draft, property: chosenProperty(context, event.text)! }) }),
    keepRent: assign({ draft: ({ context, event }) => ({ ...context.draft, monthlyRent: parseRent(event.text)! }) }),
    keepDueDay: assign({ draft: ({ context, event }) => ({ ...context.draft, dueDay: Number(event.text) }) }),
    askName: assign({ reply: () => ask(tx.askName) }),
    askPhone: assign({ reply: ({ context }) => ask(tx.askPhone(context.draft.name!)) }),
    askUnit: assign({ reply: () => ask(tx.askUnit) }),
    askProperty: assign({ reply: ({ context }) => propertyChoice(context) }),
    askRent: assign({ reply: () => ask(tx.askRent) }),
    askDueDay: assign({ reply: () => ask(tx.askDueDay) }),
    confirm: assign({ reply: ({ context }) => confirmation(context) }),
    sayBadName: assign({ reply: () => ask(tx.badName) }),
    sayBadPhone: assign({ reply: ({ context, event }) => {
      const result = normalizePhone(event.text);
      return reply([result.ok ? tx.askPhone(context.draft.name!) : PHONE_REJECTIONS[result.reason], tx.askPhone(context.draft.name!)], undefined, { back: true });
    } }),
    sayBadUnit: assign({ reply: () => ask(tx.badUnit) }),
    sayBadRent: assign({ reply: () => ask(tx.badRent) }),
    sayBadDueDay: assign({ reply: () => ask(tx.badDueDay) }),
    sayNotUnderstood: assign({ reply: ({ context }) => notUnderstood(context.reply) }),
    sayUnitTaken: assign({ reply: ({ context }) => ask(tx.unitTaken(context.draft.unit!)) }),
    sayAdded: assign({ output: ({ context }, params: { account: string }) => toMenu(reply([tx.added(context.draft.name!, context.draft.unit!, params.account)])) }),
    sayBulkSummary: assign({
      output: (_, params: { result: BulkResult }) => {
        const refused = [
          ...params.result.lines.flatMap((l) => (l.ok ? [] : [{ line: l.line, text: l.text, reason: problemText(l.problem) }])),
          ...params.result.taken.map((t) => ({ line: t.line, text: t.text, reason: tx.unitTaken(t.unit) })),
        ].sort((a, b) => a.line - b.line);
        return toMenu(reply([tx.bulkSummary(params.result.added, refused)]));
      },
    }),
    sayCancelled: assign({ output: () => toMenu(reply([tx.cancelled])) }),
    sayBusy: assign({ output: () => toMenu(reply([chat.busy])) }),
    goToMenu: assign({ output: () => toMenu() }),
  },
}).createMachine({
  id: 'addTenant',
  context: ({ input }) => ({ ...input, properties: [], draft: {}, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadProperties',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'name', actions: assign({ properties: ({ event }) => event.output }) },
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    name: {
      description: 'The name; or, on chat, a pasted list of tenants.',
      entry: 'askName',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'done', actions: 'goToMenu' },
          { guard: 'isList', target: 'savingList' },
          { guard: 'validName', target: 'phone', actions: 'keepName' },
          { actions: 'sayBadName' },
        ],
      },
    },
    phone: {
      entry: 'askPhone',
      on: { INPUT: [{ guard: 'wantsBack', target: 'name' }, { guard: 'validPhone', target: 'unit', actions: 'keepPhone' }, { actions: 'sayBadPhone' }] },
    },
    unit: {
      description: 'Then the property, asked only when the landlord has several; otherwise their one (or none).',
      entry: 'askUnit',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'phone' },
          { guard: and(['validUnit', 'severalProperties']), target: 'choosingProperty', actions: 'keepUnit' },
          { guard: 'validUnit', target: 'rent', actions: ['keepUnit', 'keepOnlyProperty'] },
          { actions: 'sayBadUnit' },
        ],
      },
    },
    choosingProperty: {
      entry: 'askProperty',
      on: { INPUT: [{ guard: 'wantsBack', target: 'unit' }, { guard: 'validProperty', target: 'rent', actions: 'keepProperty' }, { actions: 'sayNotUnderstood' }] },
    },
    rent: {
      entry: 'askRent',
      on: { INPUT: [{ guard: 'wantsBack', target: 'unit' }, { guard: 'validRent', target: 'dueDay', actions: 'keepRent' }, { actions: 'sayBadRent' }] },
    },
    dueDay: {
      entry: 'askDueDay',
      on: { INPUT: [{ guard: 'wantsBack', target: 'rent' }, { guard: 'validDueDay', target: 'confirming', actions: 'keepDueDay' }, { actions: 'sayBadDueDay' }] },
    },
    confirming: {
      entry: 'confirm',
      on: {
        INPUT: [
          { guard: 'wantsBack', target: 'dueDay' },
          { guard: 'yes', target: 'saving' },
          { guard: 'no', target: 'done', actions: 'sayCancelled' },
          { actions: 'sayNotUnderstood' },
        ],
      },
    },
    saving: {
      tags: ['busy'],
      invoke: {
        src: 'saveTenant',
        input: ({ context }) => ({ tenant: context.draft as NewTenant, language: context.language }),
        onDone: [
          { guard: { type: 'saved', params: ({ event }) => ({ result: event.output }) }, target: 'done', actions: { type: 'sayAdded', params: ({ event }) => ({ account: (event.output as { accountNumber: string }).accountNumber }) } },
          { target: 'retypingUnit', actions: 'sayUnitTaken' },
        ],
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    retypingUnit: {
      description: 'The unit was let already: type another, then confirm again.',
      on: { INPUT: [{ guard: 'wantsBack', target: 'confirming' }, { guard: 'validUnit', target: 'confirming', actions: 'keepUnit' }, { actions: 'sayBadUnit' }] },
    },
    savingList: {
      tags: ['busy'],
      invoke: {
        src: 'saveTenants',
        input: ({ context, event }) => ({ text: (event as FlowEvent).text, property: context.properties.length === 1 ? context.properties[0]! : null, language: context.language }),
        onDone: { target: 'done', actions: { type: 'sayBulkSummary', params: ({ event }) => ({ result: event.output }) } },
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
