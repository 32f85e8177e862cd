// The real twilio and africastalking SDKs, with their HTTP intercepted by msw: tests see exactly
// what the SDKs send and answer as the providers do.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

export interface Captured {
  url: string;
  headers: Record<string, string>;
  form: Record<string, string>;
}

export const TWILIO_SID = `AC${'a1'.repeat(16)}`;
export const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
export const AT_KEY = 'at-api-key-for-tests';

export function providerMocks() {
  const twilio: Captured[] = [];
  const sms: Captured[] = [];
  let smsAnswer: (form: Record<string, string>) => Response = (form) =>
    HttpResponse.json(
      { SMSMessageData: { Message: 'Sent to 1/1 Total Cost: KES 0.8000', Recipients: [{ statusCode: 101, number: form.to, status: 'Success', cost: 'KES 0.8000', messageId: `ATXid_${sms.length}` }] } },
      { status: 201 },
    );
  let twilioAnswer: (form: Record<string, string>) => Response = () => HttpResponse.json({ sid: `SM${String(twilio.length).padStart(32, '0')}`, status: 'queued' }, { status: 201 });

  const capture = async (request: Request): Promise<Captured> => ({
    url: request.url,
    headers: Object.fromEntries(request.headers.entries()),
    form: Object.fromEntries(new URLSearchParams(await request.text())),
  });

  const server = setupServer(
    http.post('https://api.twilio.com/2010-04-01/Accounts/:sid/Messages.json', async ({ request }) => {
      const captured = await capture(request);
      twilio.push(captured);
      return twilioAnswer(captured.form);
    }),
    http.post('https://api.africastalking.com/version1/messaging', async ({ request }) => {
      const captured = await capture(request);
      sms.push(captured);
      return smsAnswer(captured.form);
    }),
  );
  return {
    twilio,
    sms,
    listen: () =>
      server.listen({
        // supertest and the app talk over loopback: let those through, refuse anything else unmocked.
        onUnhandledRequest: (request, print) => {
          if (['127.0.0.1', 'localhost'].includes(new URL(request.url).hostname)) return;
          print.error();
        },
      }),
    close: () => server.close(),
    answerSms: (fn: typeof smsAnswer) => (smsAnswer = fn),
    answerTwilio: (fn: typeof twilioAnswer) => (twilioAnswer = fn),
  };
}

/** The app configured with both providers (their HTTP intercepted by providerMocks). */
export const providerEnv = {
  TWILIO_ACCOUNT_SID: TWILIO_SID,
  TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
  TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
  AT_USERNAME: 'rentease',
  AT_API_KEY: AT_KEY,
  AT_SMS_FROM: 'RENTEASE',
};
