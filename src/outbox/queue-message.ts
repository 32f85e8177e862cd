// Writing outgoing messages into the outbox, inside the caller's transaction (DESIGN.md decision 6):
// if the state change commits, so does the message; if it rolls back, nothing is sent.
import type { Db } from '../../db/client.js';
import { findContacts } from '../../db/queries/contacts.js';
import { insertOutboxMessages, type NewOutboxMessage, type OutboxTemplate } from '../../db/queries/outbox.js';
import type { Channel, Language, TemplateKind } from '../domain/types.js';
import type { Localized } from '../messages/text.js';

/** What the channel choice needs to know of a person. */
export interface ContactChannels {
  phone: string;
  language: Language | null;
  lastChannel: Channel | null;
  preferredChannel: Channel | null;
  lastInboundAt: Date | null;
}

/** WhatsApp allows free-form messages only within 24 h of the person's last message (reference/channels.md §3). */
const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The channel a message goes out on: the one the person last wrote on, else their stored preference,
 * else SMS. USSD cannot carry a message that we start, so it becomes SMS; WhatsApp outside the 24-hour
 * window would need an approved template, so it becomes SMS too.
 */
export function chooseChannel(contact: Omit<ContactChannels, 'phone' | 'language'> | undefined, now: Date = new Date()): Channel {
  const usable = (channel: Channel | null | undefined): Channel | undefined => {
    if (!channel) return undefined;
    if (channel === 'ussd') return 'sms';
    if (channel === 'whatsapp') {
      const last = contact?.lastInboundAt;
      return last && now.getTime() - last.getTime() < WHATSAPP_WINDOW_MS ? 'whatsapp' : undefined;
    }
    return channel;
  };
  return usable(contact?.lastChannel) ?? usable(contact?.preferredChannel) ?? 'sms';
}

export interface QueueMessageInput {
  to: string;
  text: Localized;
  /** Makes the message happen once, however often the state change is retried (e.g. `receipt:tenant:<paymentId>`). */
  idempotencyKey: string;
  /** Send no earlier than this. */
  runAt?: Date;
  /** Force a channel (an SMS reply goes by SMS whatever was used last). */
  channel?: Channel;
  /**
   * The pre-approved WhatsApp template this message has (bill notices, reminders, receipts), with its
   * variables in each language: a person whose WhatsApp window has closed still gets it on WhatsApp.
   * When no template is configured for it, the sender hands it back and it goes by SMS (src/outbox/worker.ts).
   */
  template?: { kind: TemplateKind; variables: Record<Language, Record<string, string>> };
  /** A file WhatsApp attaches; the text must carry the same link for other channels. */
  mediaUrl?: string;
}

/** Queues a message in the person's language on their channel; false when the key was queued before. */
export async function queueMessage(tx: Db, input: QueueMessageInput): Promise<boolean> {
  return (await queueMessages(tx, [input])) > 0;
}

/** Each message addressed: in its reader's language, on their channel (a template where WhatsApp needs one). */
export function addressMessages(inputs: QueueMessageInput[], contacts: ContactChannels[], now: Date = new Date()): NewOutboxMessage[] {
  const byPhone = new Map(contacts.map((c) => [c.phone, c]));
  return inputs.map((input) => {
    const contact = byPhone.get(input.to);
    const language = contact?.language ?? 'en';
    let channel = input.channel ?? chooseChannel(contact, now);
    let template: OutboxTemplate | undefined;
    const wantsWhatsApp = (contact?.lastChannel ?? contact?.preferredChannel) === 'whatsapp';
    if (!input.channel && channel === 'sms' && wantsWhatsApp && input.template) {
      // Outside the 24-hour window WhatsApp takes only an approved template (reference/channels.md §3).
      channel = 'whatsapp';
      template = { kind: input.template.kind, language, variables: input.template.variables[language] };
    }
    return { idempotencyKey: input.idempotencyKey, channel, recipient: input.to, body: input.text[language], runAt: input.runAt, template, mediaUrl: input.mediaUrl };
  });
}

/** Queues several messages with one look-up and one insert; returns how many were new. */
export async function queueMessages(tx: Db, inputs: QueueMessageInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  return insertOutboxMessages(tx, addressMessages(inputs, await findContacts(tx, inputs.map((i) => i.to))));
}
