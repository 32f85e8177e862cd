// The conversation runtime (DESIGN.md "Conversation runtime"): for each inbound message, in one
// transaction, lock the conversation row, restore the area's machine from its snapshot, send the
// input, wait until the machine settles, persist the settled snapshot, and produce the reply.
// Messages from one phone are therefore handled one after the other, never interleaved, and a
// repeated provider message id replays the stored reply with no second effect.
import { createActor, waitFor, type AnyActorRef } from 'xstate';
import { queueOutboxMessageLater } from '../../db/queries/outbox.js';
import { endConversation, findInboundReply, loadPersonProfile, lockConversation, recordInboundReply, saveConversation, setLanguage } from '../../db/queries/turns.js';
import type { Executor } from '../../db/sql.js';
import { normalizeWord } from '../../flows/input.js';
import { joinReplies, reply, type Reply } from '../../flows/reply.js';
import type { Area, FlowInput, FlowOutput } from '../../flows/types.js';
import type { Channel, Language } from '../domain/types.js';
import type { Logger } from '../log.js';
import { chat } from '../messages/chat-messages.js';
import { deferredPushAmount } from '../payments/deferred-push.js';
import { PUSH_WINDOW_MS } from '../payments/initiate-payment.js';
import { renderChatText, renderUssdScreen } from '../rendering/render.js';
import { MACHINE_VERSION, machineFor } from './machines.js';
import { personFrom, viewProfile } from './profile.js';
import type { Turn } from './turn.js';

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
}

const IDLE_MINUTES: Record<Channel, number> = { whatsapp: 15, sms: 15, ussd: 3 };
const MENU_WORDS = new Set(['menu', 'menyu', 'start', 'anza', 'hi', 'hello', 'habari', 'jambo', 'mambo']);
const isMenuCommand = (text: string) => text.trim() === '00' || ['menu', 'menyu', 'start', 'anza'].includes(normalizeWord(text));

interface Stored {
  area: Area;
  state: unknown;
}

export function createConversationRuntime(options: RuntimeOptions) {
  const { sql, logger } = options;
  const settleTimeoutMs = options.settleTimeoutMs ?? 8_000;

  async function handle(message: InboundMessage): Promise<TurnResult> {
    const key = message.channel === 'ussd' ? (message.sessionId ?? message.from) : message.from;
    return sql.transaction(async (tx) => {
      // The first round trip: BEGIN, the lock (with the contact), the replay check and the person's profile,
      // sent together. The lock is taken first: the profile is read under it.
      const [row, seen, loaded] = await Promise.all([
        lockConversation(tx, { channel: message.channel, key, phone: message.from, machineVersion: MACHINE_VERSION }),
        message.providerId ? findInboundReply(tx, message.providerId) : Promise.resolve(undefined),
        loadPersonProfile(tx, message.from, new Date(Date.now() - PUSH_WINDOW_MS)),
      ]);
      // A replay touches the contact too, which is true: they did write.
      if (seen !== undefined) return { text: seen, end: false, pushQueued: false };
      let language: Language = row.language ?? 'en';

      const turn: Turn = {
        tx,
        phone: message.from,
        profile: viewProfile(loaded, deferredPushAmount),
        channel: message.channel,
        maxAmount: options.maxAmount,
        pushDelaySeconds: message.channel === 'ussd' ? options.ussdPushDelaySeconds : 0,
        pushQueued: false,
      };
      const flowInput = (): FlowInput => ({ phone: message.from, channel: message.channel, language, maxAmount: options.maxAmount });
      const start = async (area: Area, extra: object = {}): Promise<AnyActorRef> => {
        const input = area === 'menu' ? { ...flowInput(), person: personFrom(turn.profile, options.maxAmount) } : { ...flowInput(), ...extra };
        return createActor(machineFor(area, turn), { input }).start();
      };

      // Restore the conversation, unless it is new, idle too long, from an older machine version, or reset by "00"/"menu".
      let notice: Reply | undefined;
      let actor: AnyActorRef | undefined;
      let area: Area = 'menu';
      const stored = row.snapshot as Partial<Stored>;
      const live = row.expiresAt.getTime() > Date.now() && stored.area !== undefined;
      if (live && !isMenuCommand(message.text)) {
        if (row.machineVersion === MACHINE_VERSION) {
          try {
            area = stored.area!;
            actor = createActor(machineFor(area, turn), { snapshot: stored.state as never, input: flowInput() as never }).start();
          } catch (error) {
            logger.warn({ err: error, area: stored.area }, 'unreadable conversation snapshot; starting again');
            actor = undefined;
          }
        }
        if (!actor) notice = reply([chat.restarted]);
      }

      if (actor) {
        actor.send({ type: 'INPUT', text: message.text });
      } else {
        area = 'menu';
        actor = await start('menu');
        const opening = message.text.trim();
        // The first words may already say what the person wants ("pay", "salio"); greetings just open the menu.
        // After a restart the words answered a screen that is gone, so they are not acted on.
        if (opening && !notice && !isMenuCommand(opening) && !MENU_WORDS.has(normalizeWord(opening))) actor.send({ type: 'INPUT', text: opening, first: true });
      }
      await settle(actor);

      // Follow the flows from one area to the next until one waits for input or the conversation ends.
      let prefix = notice;
      let end = false;
      for (let hops = 0; actor.getSnapshot().status === 'done'; hops++) {
        const output = actor.getSnapshot().output as FlowOutput;
        if (output.language) {
          language = output.language;
          setLanguage(tx, message.from, language);
        }
        if (output.next === 'end' || hops > 4) {
          prefix = joinReplies(prefix, output.reply ?? reply([chat.goodbye], undefined, { end: true }));
          end = true;
          break;
        }
        prefix = output.reply ? joinReplies(prefix, output.reply) : prefix;
        area = output.next;
        actor = await start(area, output.quickPay ? { quickPay: true } : {});
        await settle(actor);
      }
      const finalReply: Reply = end ? { ...prefix!, end: true } : joinReplies(prefix, actor.getSnapshot().context.reply as Reply);

      // The second round trip: these writes, and COMMIT.
      if (end) endConversation(tx, row.id);
      else {
        const state: Stored = { area, state: actor.getPersistedSnapshot() };
        saveConversation(tx, row.id, { snapshot: state, machineVersion: MACHINE_VERSION, expiresAt: new Date(Date.now() + IDLE_MINUTES[message.channel] * 60_000) });
      }
      actor.stop();

      const text = render(finalReply, message.channel, language, area);
      if (message.providerId) recordInboundReply(tx, { providerId: message.providerId, channel: message.channel, phone: message.from, reply: text });
      if (message.channel === 'sms') {
        // SMS replies are messages we send: through the outbox, committed with the conversation.
        queueOutboxMessageLater(tx, { idempotencyKey: `sms-reply:${message.providerId ?? `${row.id}:${Date.now()}`}`, channel: 'sms', recipient: message.from, body: text });
      }
      return { text, end, pushQueued: turn.pushQueued };
    });
  }

  /** The reply as the channel shows it; a USSD screen that had to cut a choice is a bug in a flow's texts. */
  function render(finalReply: Reply, channel: Channel, language: Language, area: Area): string {
    if (channel !== 'ussd') return renderChatText(finalReply, language);
    const screen = renderUssdScreen(finalReply, language);
    if (screen.cut === 'options') logger.error({ area, language }, 'USSD screen cut its options to fit 160 characters');
    return screen.text;
  }

  /** Waits until no invoked service is running; a stuck turn rolls back rather than persisting half a step. */
  async function settle(actor: AnyActorRef): Promise<void> {
    await waitFor(actor, (s) => s.status !== 'active' || !s.hasTag('busy'), { timeout: settleTimeoutMs });
  }

  return { handle };
}

export type ConversationRuntime = ReturnType<typeof createConversationRuntime>;
