// africastalking 0.8.3 ships no types; only what we use is declared (reference/stack.md pitfall 2).
declare module 'africastalking' {
  interface SmsRecipient {
    statusCode: number;
    number: string;
    status: string;
    cost: string;
    messageId: string;
  }
  interface SmsSendResult {
    SMSMessageData: { Message: string; Recipients: SmsRecipient[] };
  }
  interface AfricasTalkingClient {
    SMS: { send(options: { to: string | string[]; message: string; from?: string; enqueue?: boolean }): Promise<SmsSendResult> };
  }
  function AfricasTalking(options: { apiKey: string; username: string }): AfricasTalkingClient;
  export default AfricasTalking;
}
