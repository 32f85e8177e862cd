// What the outbox needs from a channel: send one text to one phone. The channel adapters implement it
// with the provider's SDK (src/channels/*/…-sender.ts); the log sender stands in when a provider is not
// configured. The interface lives here, below the channels, so the outbox never imports a channel.
import type { OutboxTemplate } from '../../db/queries/outbox.js';
import type { Channel } from '../domain/types.js';
import { maskPhone } from '../domain/phone.js';
import type { Logger } from '../log.js';

export interface OutboundMessage {
  /** 2547…/2541… */
  to: string;
  body: string;
  /** Send this approved template instead of the body (WhatsApp, outside its 24-hour window). */
  template?: OutboxTemplate | undefined;
  /** A file to attach on WhatsApp (Twilio fetches it); other channels send the body, which has the link. */
  mediaUrl?: string | undefined;
}

export interface MessageSender {
  readonly name: string;
  send(message: OutboundMessage): Promise<{ providerMessageId: string | undefined }>;
}

/**
 * WhatsApp will not take this message: its 24-hour window has closed (Twilio error 63016), or it needs a
 * template none is configured for. The outbox sends the same text by SMS instead.
 */
export class WindowClosedError extends Error {
  override name = 'WindowClosedError';
}

/** A provider refused the message for good (bad number, blocked user): retrying will not help. */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

export function logSender(logger: Logger, channel: Channel): MessageSender {
  return {
    name: `log:${channel}`,
    async send(message) {
      logger.info({ channel, to: maskPhone(message.to), body: message.body, ...(message.mediaUrl ? { mediaUrl: message.mediaUrl } : {}) }, 'outbound message (log transport)');
      return { providerMessageId: undefined };
    },
  };
}
