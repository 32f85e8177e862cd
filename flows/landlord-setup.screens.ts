// The screens of the landlord-setup flow, built from its context: the summary to confirm, the choices
// after a failed test, the payout type, and what each number step asks for.
import { chat } from '../src/messages/chat-messages.js';
import type { Text } from '../src/messages/text.js';
import type { NumberStep, PayoutDraft, SetupContext } from './landlord-setup.machine.js';
import { reply, type Reply } from './reply.js';

export const NUMBER_PROMPTS: Record<NumberStep, Text> = { paybill: chat.enterPaybill, store: chat.enterStore, till: chat.enterTill };

export function summary(ctx: SetupContext): Reply {
  const d = ctx.draft as PayoutDraft;
  const line = d.type === 'paybill' ? chat.summaryPaybill(d.shortCode, d.account, d.name) : chat.summaryTill(d.shortCode, d.till!, d.name);
  return reply([line, chat.ownCredentialsNote], [chat.optSaveAndTest, chat.optCancel], { back: true });
}

export function afterFailedTest(ctx: SetupContext): Reply {
  const p = ctx.data!.payout!;
  return reply([chat.currentPayout(p.type, p.shortCode, p.till, p.active), chat.testFailedChoices], [chat.optActivateAnyway, chat.optTestAgain, chat.optChangeDetails], { back: true });
}

export function typeChoice(ctx: SetupContext): Reply {
  const p = ctx.data!.payout;
  const lines = p ? [chat.currentPayout(p.type, p.shortCode, p.till, p.active), chat.chooseType] : [chat.chooseType];
  return reply(lines, [chat.optPaybill, chat.optTill], { back: true });
}
