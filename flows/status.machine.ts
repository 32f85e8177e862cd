// Status: for a tenant, the balance per bill, credit, a pending payment and the last three receipts;
// for a landlord, this month's collections, who has not paid, and the latest payments. WhatsApp and
// SMS get it in one message; USSD pages it, three lines a screen.
import { assign, fromPromise, setup } from 'xstate';
import { chat } from '../src/messages/chat-messages.js';
import { normalizeWord, optionNumber, reply, type Reply, type Text } from './reply.js';
import type { FlowEvent, FlowInput, FlowOutput } from './types.js';

export type StatusData =
  | {
      role: 'tenant';
      accounts: { unit: string; bills: { period: string; amount: number; paid: number; balance: number }[]; credit: number }[];
      pending: { amount: number; status: string } | null;
      /** `at`: ISO instants (the snapshot is JSON); written as dates in the reader's language. */
      receipts: { at: string; amount: number; receipt: string | null }[];
    }
  | {
      role: 'landlord';
      payout: { type: string; shortCode: string; active: boolean } | null;
      collected: number;
      count: number;
      unpaid: { name: string; unit: string; due: number }[];
      latest: { at: string; amount: number; receipt: string | null; unit: string }[];
    };

interface StatusContext extends FlowInput {
  lines: Text[];
  page: number;
  reply: Reply;
  output: FlowOutput | null;
}

const USSD_LINES_PER_PAGE = 3;

export function statusLines(data: StatusData): Text[] {
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
    else lines.push(chat.receiptsTitle, ...data.receipts.map((r) => chat.receiptLine(r.at, r.amount, r.receipt)));
    return lines;
  }
  const lines: Text[] = [data.payout ? chat.payoutLine(data.payout.type, data.payout.shortCode, data.payout.active) : chat.noPayout, chat.collectedThisMonth(data.collected, data.count)];
  if (data.unpaid.length === 0) lines.push(chat.allPaid);
  else lines.push(chat.unpaidTitle(data.unpaid.length), ...data.unpaid.slice(0, 20).map((u) => chat.unpaidLine(u.name, u.unit, u.due)));
  if (data.latest.length > 0) lines.push(chat.receiptsTitle, ...data.latest.map((p) => chat.receiptLine(p.at, p.amount, p.receipt)));
  return lines;
}

function page(ctx: StatusContext): Reply {
  const start = ctx.page * USSD_LINES_PER_PAGE;
  const more = start + USSD_LINES_PER_PAGE < ctx.lines.length;
  return reply(ctx.lines.slice(start, start + USSD_LINES_PER_PAGE), more ? [chat.more] : undefined, { back: true });
}

export const statusMachine = setup({
  types: {} as { context: StatusContext; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    loadStatus: fromPromise<StatusData, { phone: string }>(async () => {
      throw new Error('loadStatus is provided by the conversation runtime');
    }),
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
            // One message holds it all on WhatsApp and SMS.
            guard: ({ context }) => context.channel !== 'ussd',
            target: 'done',
            actions: assign({ output: ({ event }) => ({ next: 'end', reply: { ...reply(statusLines(event.output)), end: true } }) }),
          },
          { target: 'paging', actions: assign({ lines: ({ event }) => statusLines(event.output) }) },
        ],
        onError: { target: 'done', actions: assign({ output: () => ({ next: 'end', reply: { ...reply([chat.busy]), end: true } }) }) },
      },
    },
    paging: {
      entry: assign({ reply: ({ context }) => page(context) }),
      on: {
        INPUT: [
          {
            guard: ({ context, event }) =>
              (optionNumber(event.text) === 1 || ['more', 'zaidi'].includes(normalizeWord(event.text))) && (context.page + 1) * USSD_LINES_PER_PAGE < context.lines.length,
            target: 'paging',
            reenter: true,
            actions: assign({ page: ({ context }) => context.page + 1 }),
          },
          { target: 'done', actions: assign({ output: () => ({ next: 'menu' }) }) },
        ],
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? { next: 'menu' },
});
