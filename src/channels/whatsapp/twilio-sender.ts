// Outbound WhatsApp through the twilio SDK (messages.create). twilio is CommonJS: default import only
// (reference/stack.md pitfall 1).
import twilio from 'twilio';
import { PermanentSendError, type MessageSender } from '../../outbox/sender.js';

export interface TwilioSenderConfig {
  accountSid: string;
  authToken: string;
  /** e.g. "whatsapp:+14155238886" or "+14155238886" */
  whatsappFrom: string;
}

export function twilioWhatsAppSender(config: TwilioSenderConfig): MessageSender {
  const client = twilio(config.accountSid, config.authToken, { timeout: 10_000 });
  const from = config.whatsappFrom.startsWith('whatsapp:') ? config.whatsappFrom : `whatsapp:${config.whatsappFrom}`;
  return {
    name: 'twilio:whatsapp',
    async send(message) {
      try {
        const sent = await client.messages.create({ from, to: `whatsapp:+${message.to}`, body: message.body });
        return { providerMessageId: sent.sid };
      } catch (error) {
        // 4xx from Twilio (invalid number, not on WhatsApp, outside the 24 h window): retrying cannot help.
        const status = (error as { status?: number }).status;
        if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
          throw new PermanentSendError(`Twilio refused the message: ${(error as Error).message}`);
        }
        throw error;
      }
    },
  };
}
