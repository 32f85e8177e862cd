// Which sender each channel uses: the provider's SDK when it is configured, the log otherwise.
// The SDKs are loaded only when configured: africastalking alone adds about 35 MB to a process.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { logSender, type MessageSender } from '../outbox/sender.js';

export async function createSenders(config: Config, logger: Logger): Promise<{ whatsapp: MessageSender; sms: MessageSender }> {
  const whatsapp = config.twilio ? (await import('./whatsapp/twilio-sender.js')).twilioWhatsAppSender(config.twilio) : logSender(logger, 'whatsapp');
  const sms = config.africasTalking
    ? (await import('./sms/africastalking-sender.js')).africasTalkingSmsSender(config.africasTalking)
    : logSender(logger, 'sms');
  return { whatsapp, sms };
}
