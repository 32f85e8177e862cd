// A landlord (or caretaker) asks for the month as a file ("csv"): it is sent in a message of its own
// (WhatsApp attaches it; SMS carries the link) and the reply says so. Not offered on USSD.
import { assign, fromPromise, setup } from 'xstate';
import { chat } from '../src/messages/chat-messages.js';
import { reportTexts } from '../src/messages/report-messages.js';
import { reply } from './reply.js';
import { endWith, providedByRuntime, type FlowEvent, type FlowInput, type FlowOutput } from './types.js';

export const monthFileMachine = setup({
  types: {} as { context: FlowInput & { output: FlowOutput | null }; input: FlowInput; events: FlowEvent; output: FlowOutput },
  actors: {
    /** Queues the file's message; answers the month (YYYY-MM) it is for. */
    sendMonthFile: fromPromise<string, { phone: string }>(providedByRuntime('sendMonthFile')),
  },
  actions: {
    saySending: assign({ output: (_, params: { period: string }) => endWith(reply([reportTexts.sending(params.period)])) }),
    sayBusy: assign({ output: () => endWith(reply([chat.busy])) }),
  },
}).createMachine({
  id: 'monthFile',
  context: ({ input }) => ({ ...input, output: null }),
  initial: 'sending',
  states: {
    sending: {
      tags: ['busy'],
      invoke: {
        src: 'sendMonthFile',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: { target: 'done', actions: { type: 'saySending', params: ({ event }) => ({ period: event.output }) } },
        onError: { target: 'done', actions: 'sayBusy' },
      },
    },
    done: { type: 'final' },
  },
  output: ({ context }) => context.output ?? endWith(reply([chat.busy])),
});
