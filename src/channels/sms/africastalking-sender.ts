// Outbound SMS through the africastalking SDK (SMS.send). The SDK resolves only on HTTP 201 and
// rejects with the response body otherwise (reference/stack.md pitfall 2).
import AfricasTalking from 'africastalking';
import { PermanentSendError, type MessageSender } from '../../outbox/sender.js';

export interface AfricasTalkingSenderConfig {
  username: string;
  apiKey: string;
  smsFrom: string | undefined;
}

// Recipient statusCode 101 is "Sent"; 102 "Queued". Codes 401–409 are refusals that retrying cannot fix.
const ACCEPTED = new Set([100, 101, 102]);

export function africasTalkingSmsSender(config: AfricasTalkingSenderConfig): MessageSender {
  const client = AfricasTalking({ username: config.username, apiKey: config.apiKey });
  return {
    name: 'africastalking:sms',
    async send(message) {
      let result;
      try {
        result = await client.SMS.send({ to: [`+${message.to}`], message: message.body, ...(config.smsFrom ? { from: config.smsFrom } : {}) });
      } catch (error) {
        throw error instanceof Error ? error : new Error(`Africa's Talking refused the SMS: ${JSON.stringify(error)}`);
      }
      const recipient = result.SMSMessageData.Recipients[0];
      if (!recipient) throw new PermanentSendError(`Africa's Talking sent to nobody: ${result.SMSMessageData.Message}`);
      if (!ACCEPTED.has(recipient.statusCode)) {
        const transient = recipient.statusCode === 500 || recipient.statusCode === 501;
        const reason = `Africa's Talking: ${recipient.status} (${recipient.statusCode})`;
        throw transient ? new Error(reason) : new PermanentSendError(reason);
      }
      return { providerMessageId: recipient.messageId };
    },
  };
}
