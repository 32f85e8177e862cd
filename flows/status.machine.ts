// Status: for a tenant, the balance per bill, credit, a pending payment and the last three receipts;
// for a landlord, this month's collections, who has not paid, and the latest payments. WhatsApp and
// SMS get it in one message; USSD pages it, three lines a screen.
import { assign, fromPromise, setup } from 'xstate';
import type { Channel } from '../src/domain/types.js';
import { chat } from '../src/messages/chat-messages.js';
import { reportTexts } from '../src/messages/report-messages.js';
import type { Text } from '../src/messages/text.js';
import { normalizeWord, optionNumber } from './input.js';
import { reply, type Reply } from './reply.js';
import { endWith, providedByRuntime, toMenu, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export type StatusData =
  | {
      role: 'tenant';
      accounts: { unit: string; bills: { period: string; amount: number; paid: number; balance: number }[]; credit: number }[];
      pending: { amount: number; status: string } | null;
      /** `at`: ISO instants (the snapshot is JSON); written as dates in the reader's language. */
      receipts: { at: string; amount: number; receipt: string | null; periods: string[]; unit: string | null }[];
    }
  | {
      role: 'landlord';
      payout: { type: string; shortCode: string; active: boolean } | null;
      /** YYYY-MM, this month in Nairobi. */
      period: string;
      /** This month: billed, collected; owed on bills due by today, and on bills not due yet. */
      totals: { billed: number; collected: number; count: number; due: number; upcoming: number };
      /** Per property, when the landlord has more than one. */
      properties: { name: string; billed: number; collected: number; due: number }[];
      /** Every tenant who owes on a bill due by today, by property and unit. */
      unpaid: { name: string; unit: string; due: number }[];
      latest: { at: string; amount: number; receipt: string | null; name: string | null; unit: string | null }[];
    };

interface StatusContext extends FlowInput {
  lines: Text[];
  page: number;
  reply: Reply;
  output: FlowOutput | null;
}

/** Lines a screen: USSD fits three in 160 characters; a chat message holds fifteen and stays readable. */
const LINES_PER_PAGE = { ussd: 3, chat: 15 };
const perPage = (ctx: Pick<StatusContext, 'channel'>) => (ctx.channel === 'ussd' ? LINES_PER_PAGE.ussd : LINES_PER_PAGE.chat);

export function statusLines(data: StatusData, channel: Channel = 'whatsapp'): Text[] {
  if (data.role === 'tenant') {
    const lines: Text[] = [];
    for (const account of data.accounts) {
      const open = account.bills.filter((b) => b.balance > 0);
      if (open.length === 0) lines.push(chat.nothingDue(account.credit));
      for (const bill of open) lines.push(chat.billLine(bill.period, bill.amount, bill.paid, bill.balance));
      if (account.credit > 0 && open.length > 0) lines.push(chat.creditLine(account.credit));
    }
    if (data.pending) lines.push(chat.pendingLine(data.pending.amount, data.pending.status));
    if (data.receipts.length === 0) lines.push(chat.noReceipts);
    else lines.push(chat.receiptsTitle, ...data.receipts.map((r) => chat.receiptLine(r.at, r.amount, r.receipt, r.periods, r.unit)));
    return lines;
  }
  const { totals } = data;
  const lines: Text[] = [
    data.payout ? chat.payoutLine(data.payout.type, data.payout.shortCode, data.payout.active) : chat.noPayout,
    chat.monthTotals(data.period, totals.billed, totals.collected, totals.count),
    chat.outstandingLine(totals.due, totals.upcoming),
    ...data.properties.map((p) => chat.propertyLine(p.name, p.billed, p.collected, p.due)),
  ];
  if (data.unpaid.length === 0) lines.push(chat.allPaid);
  else lines.push(chat.unpaidTitle(data.unpaid.length), ...data.unpaid.map((u) => chat.unpaidLine(u.name, u.unit, u.due)));
  if (data.latest.length > 0) lines.push(chat.receiptsTitle, ...data.latest.map((p) => chat.paymentLine(p.at, p.amount, p.receipt, p.name, p.unit)));
  if (channel !== 'ussd') lines.push(reportTexts.fileHint);
  return lines;
}

function page(ctx: StatusContext): Reply {
  const size = perPage(ctx);
  const start = ctx.page * size;
  const more = start + size < ctx.lines.length;
  return reply(ctx.lines.slice(start, start + size), more ? [chat.more] : undefined, { back: true });
}

const hasNextPage = (ctx: StatusContext) => (ctx.page + 1) * perPage(ctx) < ctx.lines.length;
const asksForMore = (text: string) => optionNumber(text) === 1 || ['more', 'zaidi'].includes(normalizeWord(text));

export const statusMachine = setup({
  types: {} as { context: StatusContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadStatus: fromPromise<StatusData, { phone: string }>(providedByRuntime('loadStatus')),
  },
  guards: {
    /** WhatsApp and SMS get it in one message when it fits one page; USSD and long reports are paged. */
    fitsOneMessage: ({ context }, params: { data: StatusData }) => context.channel !== 'ussd' && statusLines(params.data, context.channel).length <= LINES_PER_PAGE.chat,
    wantsNextPage: ({ context, event }) => asksForMore(event.text) && hasNextPage(context),
    asksForFile: ({ context, event }) => context.channel !== 'ussd' && normalizeWord(event.text) === 'csv',
  },
  actions: {
    sayAllAndEnd: assign({ output: ({ context }, params: { data: StatusData }) => endWith(reply(statusLines(params.data, context.channel))) }),
    keepLines: assign({ lines: ({ context }, params: { data: StatusData }) => statusLines(params.data, context.channel) }),
    showPage: assign({ reply: ({ context }) => page(context) }),
    turnPage: assign({ page: ({ context }) => context.page + 1 }),
    sayBusy: assign({ output: () => endWith(reply([chat.busy])) }),
    goToMenu: assign({ output: () => toMenu() }),
    goToFile: assign({ output: () => ({ next: 'monthFile' }) satisfies FlowOutput }),
  },
}).createMachine({
  id: 'status',
  context: ({ input }) => ({ ...input, lines: [], page: 0, reply: reply([]), output: null }),
  initial: 'loading',
  states: {
    loading: {
      tags: ['busy'],
      invoke: {
        src: 'loadStatus',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [
          {
            guard: { type: 'fitsOneMessage', params: ({ event }) => ({ data: event.output }) },
            target: 'done',
            actions: { type: 'sayAllAndEnd', params: ({ event }) => ({ data: event.output }) },
          },
          { target: 'paging', actions: { type: 'keepLines', params: ({ event }) => ({ data: event.output }) } },
        ],
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    paging: {
      description: 'Three lines a USSD screen, fifteen a chat message; "1"/"more" for the next; "csv" for the file; anything else goes back to the menu.',
      entry: 'showPage',
      on: {
        INPUT: [
          { guard: 'wantsNextPage', target: 'paging', reenter: true, actions: 'turnPage' },
          { guard: 'asksForFile', target: 'done', actions: 'goToFile' },
          { target: 'done', actions: 'goToMenu' },
        ],
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? toMenu(),
});
