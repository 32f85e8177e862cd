// Driving the chat webhooks as the providers do: Twilio-signed WhatsApp forms, Africa's Talking SMS
// and USSD forms, with the twilio SDK computing the signature.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import twilio from 'twilio';
import type { TestApp } from './app.js';

export const TWILIO_TEST_TOKEN = 'twilio-test-auth-token';

export function whatsapp(app: TestApp, phone: string) {
  /** `signedUrl`: the URL the signature is made for (by default the webhook's, as configured). */
  return async (body: string, options: { messageSid?: string; signature?: string; signedUrl?: string } = {}) => {
    const params = { From: `whatsapp:+${phone}`, To: 'whatsapp:+14155238886', Body: body, MessageSid: options.messageSid ?? `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
    const url = options.signedUrl ?? `${app.config.publicBaseUrl}/webhooks/whatsapp`;
    const signature = options.signature ?? twilio.getExpectedTwilioSignature(app.config.twilioAuthToken ?? TWILIO_TEST_TOKEN, url, params);
    const res = await request(app.url).post('/webhooks/whatsapp').set('X-Twilio-Signature', signature).type('form').send(params);
    return { status: res.status, twiml: res.text, text: messageText(res.text) };
  };
}

/** The text of the <Message> in a TwiML answer. */
export function messageText(twiml: string): string {
  const m = /<Message>([\s\S]*)<\/Message>/.exec(twiml);
  return (m?.[1] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

/** A USSD session: each call sends the cumulative `*`-joined text, as Africa's Talking does. */
export function ussdSession(app: TestApp, phone: string) {
  const sessionId = `ATUid_${randomBytes(8).toString('hex')}`;
  const inputs: string[] = [];
  let started = false;
  return async (input?: string) => {
    if (started && input !== undefined) inputs.push(input);
    started = true;
    const res = await request(app.url)
      .post('/webhooks/ussd')
      .type('form')
      .send({ sessionId, serviceCode: '*384*123#', phoneNumber: `+${phone}`, networkCode: '63902', text: inputs.join('*') });
    return { status: res.status, text: res.text, contentType: res.headers['content-type'] };
  };
}

export function sms(app: TestApp, phone: string) {
  return async (text: string, id = `ATXid_${randomBytes(6).toString('hex')}`) => {
    const res = await request(app.url).post('/webhooks/sms').type('form').send({ from: `+${phone}`, to: '20880', text, date: new Date().toISOString(), id, linkId: '' });
    return { status: res.status };
  };
}
