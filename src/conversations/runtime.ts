// The conversation runtime (DESIGN.md "Conversation runtime"): for each inbound message, one
// transaction of two round trips. The first locks the conversation row (messages from one phone are
// handled one after the other, never interleaved), checks for a replay, and loads everything the screens
// may need about the person; the flows then run on that data (flow-step.ts); the second round trip
// persists the settled snapshot, the reply and whatever the turn queued, with COMMIT. A repeated
// provider message id replays the stored reply with no second effect.
import { queueOutboxMessageLater } from '../../db/queries/outbox.js';
import { endConversation, loadTurn, lockConversation, recordInboundReply, saveConversation, setLanguage, setRemindersStoppedLater } from '../../db/queries/turns.js';
import type { Executor } from '../../db/sql.js';
import { reminderCommand } from '../../flows/input.js';
import { reply, type Reply } from '../../flows/reply.js';
import { chat } from '../messages/chat-messages.js';
import type { Area, Role } from '../../flows/types.js';
import type { Channel, Language } from '../domain/types.js';
import type { Logger } from '../log.js';
import { deferredPushAmount } from '../payments/deferred-push.js';
import { PUSH_WINDOW_MS } from '../payments/initiate-payment.js';
import { renderChatText, renderUssdScreen } from '../rendering/render.js';
import { isGreeting, isMenuCommand, stepFlows, type StepInput, type StoredConversation } from './flow-step.js';
import { MACHINE_VERSION } from './machines.js';
import { viewProfile } from './profile.js';
import type { Turn, TurnSettings } from './turn.js';
import type { Metrics } from '../metrics.js';

export interface InboundMessage {
  channel: Channel;
  /** 2547…/2541… */
  from: string;
  text: string;
  /** Twilio MessageSid / Africa's Talking message id: replays are answered from the store. */
  providerId?: string | undefined;
  /** USSD: the session id keys the conversation (a new session starts at the menu). */
  sessionId?: string | undefined;
}

export interface TurnResult {
  /** The reply as the channel shows it (a USSD screen body without CON/END). */
  text: string;
  /** The conversation ended (USSD answers END). */
  end: boolean;
  /** An STK Push was queued: kick the outbox after answering. */
  pushQueued: boolean;
}

export interface RuntimeOptions {
  sql: Executor;
  logger: Logger;
  /** The largest amount one STK Push may ask for (MPESA_MAX_AMOUNT). */
  maxAmount: number;
  /** Seconds between a USSD END and its STK Push. */
  ussdPushDelaySeconds: number;
  /** How long a machine may take to settle; well under the providers' 15 s. */
  settleTimeoutMs?: number;
  /** Named in messages as ways to pay (USSD_SERVICE_CODE, TWILIO_WHATSAPP_FROM), and the quiet hours. */
  settings?: TurnSettings;
  metrics: Metrics;
}

const IDLE_MINUTES: Record<Channel, number> = { whatsapp: 15, sms: 15, ussd: 3 };

export function createConversationRuntime(options: RuntimeOptions) {
  const { sql, logger } = options;
  const settleTimeoutMs = options.settleTimeoutMs ?? 8_000;

  async function handle(message: InboundMessage): Promise<TurnResult> {
    const key = message.channel === 'ussd' ? (message.sessionId ?? message.from) : message.from;
    return sql.transaction(async (tx) => {
      // The first round trip: BEGIN, the lock (with the contact), and the conversation with the replay check
      // and the person's profile, sent together. The lock is taken first: the rest is read under it (a
      // repeated message waits here for the first to commit, then finds its reply).
      const [, loaded] = await Promise.all([
        lockConversation(tx, { channel: message.channel, key, phone: message.from, machineVersion: MACHINE_VERSION }),
        loadTurn(tx, { channel: message.channel, key, phone: message.from, pushWindowStart: new Date(Date.now() - PUSH_WINDOW_MS), providerId: message.providerId }),
      ]);
      const { conversation, language: chosenLanguage, seenReply } = loaded;
      // A replay has touched the contact's last message time too (to the minute), which is true: they did write.
      if (seenReply !== undefined) {
        tx.afterCommit(() => options.metrics.turns.inc({ flow: 'none', outcome: 'replayed' }));
        return { text: seenReply, end: false, pushQueued: false };
      }

      const answer = (text: string, end: boolean, pushQueued: boolean): TurnResult => {
        if (message.providerId) recordInboundReply(tx, { providerId: message.providerId, channel: message.channel, phone: message.from, reply: text });
        if (message.channel === 'sms') {
          // SMS replies are messages we send: through the outbox, committed with the conversation.
          queueOutboxMessageLater(tx, { idempotencyKey: `sms-reply:${message.providerId ?? `${conversation.id}:${Date.now()}`}`, channel: 'sms', recipient: message.from, body: text });
        }
        return { text, end, pushQueued };
      };

      // STOP / START (chat only: a USSD menu is never a command) work wherever the conversation is.
      const command = message.channel === 'ussd' ? undefined : reminderCommand(message.text);
      if (command) setRemindersStoppedLater(tx, message.from, command === 'stop');
      if (command) tx.afterCommit(() => options.metrics.turns.inc({ flow: 'none', outcome: 'command' }));
      if (command === 'stop') return answer(renderChatText(reply([chat.remindersStopped]), chosenLanguage ?? 'en'), false, false);

      const turn: Turn = {
        tx,
        phone: message.from,
        profile: viewProfile(loaded.profile, deferredPushAmount),
        channel: message.channel,
        maxAmount: options.maxAmount,
        pushDelaySeconds: message.channel === 'ussd' ? options.ussdPushDelaySeconds : 0,
        pushQueued: false,
        as: rememberedRole(conversation),
        settings: options.settings ?? { ussdCode: undefined, whatsappNumber: undefined, quietHours: null, signupOpen: true },
        metrics: options.metrics,
      };
      // START also opens the main menu, as "menu" would.
      const text = command === 'start' ? 'menu' : message.text;
      const input: StepInput = { text, language: chosenLanguage ?? 'en', stored: storedConversation(conversation, text) };
      const step = await stepFlows(turn, input, { logger, settleTimeoutMs });
      const language = step.language ?? input.language;
      // Counted once committed: a turn that fails is counted once, as failed, by the channel (src/channels/inbound.ts).
      tx.afterCommit(() => options.metrics.turns.inc({ flow: step.area, outcome: step.end ? 'ended' : 'continued' }));

      // The second round trip: these writes, and COMMIT.
      if (step.language) setLanguage(tx, message.from, step.language);
      const expiresAt = new Date(Date.now() + IDLE_MINUTES[message.channel] * 60_000);
      if (step.snapshot) saveConversation(tx, conversation.id, { snapshot: step.snapshot, machineVersion: MACHINE_VERSION, expiresAt });
      // The flow ended, but the role chosen stays with the conversation until it goes idle.
      else if (turn.as) saveConversation(tx, conversation.id, { snapshot: { as: turn.as }, machineVersion: MACHINE_VERSION, expiresAt });
      else endConversation(tx, conversation.id);
      const screen = render(step.reply, message.channel, language, step.area);
      const started = command === 'start' ? `${chat.remindersStarted[language]}\n\n` : '';
      return answer(started + screen, step.end, turn.pushQueued);
    });
  }

  /** The stored conversation to go on with: none when new, idle, or reset by "00"/"menu"; 'stale' from an older machine. */
  function storedConversation(row: { snapshot: unknown; machineVersion: number; expiresAt: Date }, text: string): StepInput['stored'] {
    const stored = row.snapshot as Partial<StoredConversation>;
    const live = row.expiresAt.getTime() > Date.now() && stored.area !== undefined;
    // A greeting at the menu starts it again, so it shows what the person may do now (a role added or removed).
    if (!live || isMenuCommand(text) || (stored.area === 'menu' && isGreeting(text))) return undefined;
    return row.machineVersion === MACHINE_VERSION ? (stored as StoredConversation) : 'stale';
  }

  /** The role a person with two chose in this conversation; forgotten when it goes idle. */
  function rememberedRole(row: { snapshot: unknown; expiresAt: Date }): Role | undefined {
    const as = (row.snapshot as Partial<StoredConversation>).as;
    return row.expiresAt.getTime() > Date.now() && (as === 'tenant' || as === 'landlord') ? as : undefined;
  }

  /** The reply as the channel shows it; a USSD screen that had to cut a choice is a bug in a flow's texts. */
  function render(finalReply: Reply, channel: Channel, language: Language, area: Area): string {
    if (channel !== 'ussd') return renderChatText(finalReply, language);
    const screen = renderUssdScreen(finalReply, language);
    if (screen.cut === 'options') logger.error({ area, language }, 'USSD screen cut its options to fit 160 characters');
    return screen.text;
  }

  return { handle };
}

export type ConversationRuntime = ReturnType<typeof createConversationRuntime>;
