// One step of the conversation's flows, on the data the turn loaded: restore the area's machine from
// its snapshot (or start at the menu), send the input, and follow the flows from area to area until one
// waits for input or the conversation ends. No SQL here: the actors read the turn's profile, and what
// they write waits for the turn's COMMIT.
import { waitFor, type AnyActorRef } from 'xstate';
import { normalizeWord } from '../../flows/input.js';
import { joinReplies, reply, type Reply } from '../../flows/reply.js';
import type { Area, FlowInput, FlowOutput, Role } from '../../flows/types.js';
import type { Language } from '../domain/types.js';
import type { Logger } from '../log.js';
import { chat } from '../messages/chat-messages.js';
import { payRentData } from './actors/pay-rent.js';
import { startInTurn } from './machines.js';
import { personFrom } from './profile.js';
import type { Turn } from './turn.js';

/** What a conversation row keeps between turns. */
export interface StoredConversation {
  area: Area;
  state: unknown;
  /** The role chosen by a person who has two (kept when "menu" starts the menu again). */
  as?: Role;
}

export interface StepInput {
  text: string;
  language: Language;
  /** The stored snapshot, when the conversation is live and of this machine version; 'stale' when it is not restorable. */
  stored: StoredConversation | 'stale' | undefined;
}

export interface StepResult {
  reply: Reply;
  /** The conversation is over (USSD answers END); `snapshot` is then undefined. */
  end: boolean;
  area: Area;
  snapshot: StoredConversation | undefined;
  /** Set when the person chose another language in this step. */
  language: Language | undefined;
}

// Greetings in English, Kiswahili and Sheng: they open the menu rather than being read as a choice.
const MENU_WORDS = new Set(['menu', 'menyu', 'start', 'anza', 'hi', 'hello', 'hey', 'hallo', 'habari', 'jambo', 'hujambo', 'mambo', 'sasa', 'niaje', 'vipi', 'sema', 'salaam', 'good morning', 'good evening', 'habari yako', 'habari za asubuhi']);
/** "hi", "habari" …: they open the menu (and, said at the menu, draw it afresh for who the person is now). */
export const isGreeting = (text: string) => MENU_WORDS.has(normalizeWord(text));
export const isMenuCommand = (text: string) => text.trim() === '00' || ['menu', 'menyu', 'start', 'anza'].includes(normalizeWord(text));

/**
 * What an area's machine starts with from the turn's profile, in its input: the menu who is writing, pay
 * rent the accounts. Read from memory, so the machine takes no asynchronous step (a child actor, a promise,
 * a wait) to get it.
 */
const FROM_PROFILE: Partial<Record<Area, (turn: Turn) => object>> = {
  menu: (turn) => ({ person: personFrom(turn.profile, turn.maxAmount, turn.as, turn.settings.signupOpen) }),
  payRent: (turn) => ({ data: payRentData(turn) }),
};

export async function stepFlows(turn: Turn, input: StepInput, options: { logger: Logger; settleTimeoutMs: number }): Promise<StepResult> {
  let language = input.language;
  let chosenLanguage: Language | undefined;
  const flowInput = (): FlowInput => ({ phone: turn.phone, channel: turn.channel, language, maxAmount: turn.maxAmount });
  const start = (area: Area, extra: object = {}): AnyActorRef => startInTurn(turn, area, { input: { ...flowInput(), ...FROM_PROFILE[area]?.(turn), ...extra } });
  // Most steps settle synchronously (no actor invoked): then there is nothing to wait for, and waitFor's
  // timer and promise would be the step's only cost.
  const settled = (s: ReturnType<AnyActorRef['getSnapshot']>) => s.status !== 'active' || !s.hasTag('busy');
  const settle = async (actor: AnyActorRef) => {
    if (!settled(actor.getSnapshot())) await waitFor(actor, settled, { timeout: options.settleTimeoutMs });
  };

  // Restore the conversation, unless it is new, idle too long, from an older machine version, or reset by "00"/"menu".
  let notice: Reply | undefined;
  let actor: AnyActorRef | undefined;
  let area: Area = 'menu';
  if (input.stored === 'stale') notice = reply([chat.restarted]);
  else if (input.stored) {
    try {
      area = input.stored.area;
      actor = startInTurn(turn, area, { snapshot: input.stored.state, input: flowInput() });
    } catch (error) {
      options.logger.warn({ err: error, area }, 'unreadable conversation snapshot; starting again');
      notice = reply([chat.restarted]);
      actor = undefined;
    }
  }

  if (actor) {
    actor.send({ type: 'INPUT', text: input.text });
  } else {
    area = 'menu';
    actor = start('menu');
    const opening = input.text.trim();
    // The first words may already say what the person wants ("pay", "salio"); greetings just open the menu.
    // After a restart the words answered a screen that is gone, so they are not acted on.
    if (opening && !notice && !isMenuCommand(opening) && !isGreeting(opening)) actor.send({ type: 'INPUT', text: opening, first: true });
  }
  await settle(actor);

  // Follow the flows from one area to the next until one waits for input or the conversation ends.
  let prefix = notice;
  for (let hops = 0; actor.getSnapshot().status === 'done'; hops++) {
    const output = actor.getSnapshot().output as FlowOutput;
    if (output.language) language = chosenLanguage = output.language;
    if (output.as) turn.as = output.as;
    if (output.next === 'end' || hops > 4) {
      actor.stop();
      const last = joinReplies(prefix, output.reply ?? reply([chat.goodbye], undefined, { end: true }));
      return { reply: { ...last, end: true }, end: true, area, snapshot: undefined, language: chosenLanguage };
    }
    prefix = output.reply ? joinReplies(prefix, output.reply) : prefix;
    area = output.next;
    actor = start(area, output.quickPay ? { quickPay: true } : {});
    await settle(actor);
  }
  const result: StepResult = {
    reply: joinReplies(prefix, actor.getSnapshot().context.reply as Reply),
    end: false,
    area,
    snapshot: { area, state: actor.getPersistedSnapshot(), ...(turn.as ? { as: turn.as } : {}) },
    language: chosenLanguage,
  };
  actor.stop();
  return result;
}

