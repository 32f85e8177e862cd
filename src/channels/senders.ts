// Which sender each channel uses: the provider's SDK when it is configured, the log otherwise.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { logSender, type MessageSender } from './sender.js';
import { africasTalkingSmsSender } from './sms/africastalking-sender.js';
import { twilioWhatsAppSender } from './whatsapp/twilio-sender.js';

export function createSenders(config: Config, logger: Logger): { whatsapp: MessageSender; sms: MessageSender } {
  return {
    whatsapp: config.twilio ? twilioWhatsAppSender(config.twilio) : logSender(logger, 'whatsapp'),
    sms: config.africasTalking ? africasTalkingSmsSender(config.africasTalking) : logSender(logger, 'sms'),
  };
}
