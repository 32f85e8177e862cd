// Outbound WhatsApp through the twilio SDK (messages.create). twilio is CommonJS: default import only
// (reference/stack.md pitfall 1). Outside the 24-hour window a message goes as its approved template
// (Content API: contentSid + contentVariables, no body); when it has none, or Twilio answers that the
// window is closed (error 63016), the sender says so and the outbox sends the text by SMS.
import twilio from 'twilio';
import type { TwilioTemplates } from '../../config.js';
import { PermanentSendError, WindowClosedError, type MessageSender } from '../../outbox/sender.js';

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** e.g. "whatsapp:+14155238886" or "+14155238886" */
  whatsappFrom: string;
  templates: TwilioTemplates;
}

/** "Failed to send freeform message because you are outside the allowed window" (reference/channels.md §3). */
const OUTSIDE_WINDOW = 63016;

export function twilioWhatsAppSender(config: TwilioSenderConfig): MessageSender {
  const client = twilio(config.accountSid, config.authToken, { timeout: 10_000 });
  const from = config.whatsappFrom.startsWith('whatsapp:') ? config.whatsappFrom : `whatsapp:${config.whatsappFrom}`;
  return {
    name: 'twilio:whatsapp',
    async send(message) {
      const to = `whatsapp:+${message.to}`;
      let content: { body: string; mediaUrl?: string[] } | { contentSid: string; contentVariables: string } = {
        body: message.body,
        ...(message.mediaUrl ? { mediaUrl: [message.mediaUrl] } : {}),
      };
      if (message.template) {
        const sids = config.templates[message.template.kind];
        const contentSid = sids && (message.template.language === 'sw' ? (sids.sw ?? sids.en) : sids.en);
        if (!contentSid) throw new WindowClosedError(`no WhatsApp template configured for ${message.template.kind}`);
        content = { contentSid, contentVariables: JSON.stringify(message.template.variables) };
      }
      try {
        const sent = await client.messages.create({ from, to, ...content });
        return { providerMessageId: sent.sid };
      } catch (error) {
        const { status, code } = error as { status?: number; code?: number };
        if (code === OUTSIDE_WINDOW) throw new WindowClosedError(`Twilio: outside the WhatsApp 24-hour window (${OUTSIDE_WINDOW})`);
        // Other 4xx from Twilio (invalid number, not on WhatsApp): retrying cannot help.
        if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
          throw new PermanentSendError(`Twilio refused the message: ${(error as Error).message}`);
        }
        throw error;
      }
    },
  };
}
