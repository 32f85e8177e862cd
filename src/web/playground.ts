// /playground (simulator mode only): try RentEase in a browser. Pick a phone; a WhatsApp pane, a USSD
// dialer, the SMS inbox and the simulated M-Pesa prompt. What you type goes to the bot through its real
// webhook routes, sent by this server exactly as `npm run chat` sends them (signed when a Twilio token is
// set), so the playground shows the true product.
import { randomBytes } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { listMessagesTo } from '../../db/queries/outbox.js';
import { normalizePhone } from '../domain/phone.js';
import { assetPath } from './assets.js';
import { html } from './html.js';
import { playgroundWords } from '../messages/web-messages.js';
import { layout } from './pages.js';
import { requestLanguage } from './session.js';

export interface PlaygroundDeps {
  db: Db;
  publicBaseUrl: string;
  twilioAuthToken: string | undefined;
}

const sendBody = z.object({
  channel: z.enum(['whatsapp', 'sms', 'ussd']),
  phone: z.string().max(20),
  text: z.string().max(1600),
  /** USSD: the session and the inputs so far (joined with "*" as Africa's Talking sends them). */
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
});

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function playgroundRouter(deps: PlaygroundDeps): Router {
  const router = Router();
  const self = (req: Request) => `http://127.0.0.1:${req.socket.localPort}`;

  router.get('/playground', (req, res) => {
    const lang = requestLanguage(req);
    const w = playgroundWords(lang);
    const body = html`<div class="phone" id="playground" data-dial="${w.dialToStart}" data-prompt="${w.prompt}">
      <section><h2>${w.title}</h2>
        <form id="pick" class="inline"><label for="phone">${w.phone}</label>
          <select id="preset"><option value="0712345678">${w.demoTenant} 0712345678</option><option value="0722000000">${w.demoLandlord} 0722000000</option><option value="">${w.another}</option></select>
          <input id="phone" value="0712345678" inputmode="tel" aria-label="${w.phoneNumber}"></form>
        <p class="muted">${w.explain}</p></section>
      <section class="prompt" id="prompt" hidden aria-live="assertive"><h2>M-Pesa</h2><p id="promptText"></p>
        <form id="pinForm" class="inline"><label for="pin">PIN</label><input id="pin" inputmode="numeric" size="6" autocomplete="off"><button>${w.send}</button><button type="button" id="cancel">${w.cancel}</button></form></section>
      <section><h2>WhatsApp</h2><div class="pane" id="wa" aria-live="polite"></div>
        <form id="waForm" class="inline"><label for="waText" class="hide-sm">${w.message}</label><input id="waText" placeholder="hi" autocomplete="off"><button>${w.send}</button></form></section>
      <section><h2>USSD</h2><div class="ussd" id="ussd" aria-live="polite">${w.dialToStart}</div>
        <form id="ussdForm" class="inline"><button type="button" id="dial">${w.dial}</button><label for="ussdText" class="hide-sm">${w.reply}</label><input id="ussdText" inputmode="numeric" autocomplete="off"><button>${w.send}</button></form></section>
      <section><h2>SMS</h2><div class="pane" id="sms" aria-live="polite"></div>
        <form id="smsForm" class="inline"><label for="smsText" class="hide-sm">SMS</label><input id="smsText" placeholder="salio" autocomplete="off"><button>${w.send}</button></form></section>
    </div><script type="module" src="${assetPath('playground')}"></script>`;
    res.send(layout(w.title, lang, body));
  });

  router.post('/playground/send', express.json({ limit: '8kb' }), async (req, res) => {
    const parsed = sendBody.safeParse(req.body);
    const phone = parsed.success ? normalizePhone(parsed.data.phone) : undefined;
    if (!parsed.success || !phone?.ok) return void res.status(400).json({ error: { code: 'invalid_request', message: 'give a channel, a Kenyan phone and a text' } });
    const { channel, text, sessionId } = parsed.data;
    const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } as Record<string, string>, body: new URLSearchParams(fields) });
    if (channel === 'whatsapp') {
      const params = { From: `whatsapp:+${phone.phone}`, To: 'whatsapp:+14155238886', Body: text, MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
      const request = form(params);
      if (deps.twilioAuthToken) request.headers['X-Twilio-Signature'] = getExpectedTwilioSignature(deps.twilioAuthToken, `${deps.publicBaseUrl}/webhooks/whatsapp`, params);
      const answer = await fetch(`${self(req)}/webhooks/whatsapp`, request);
      const xml = await answer.text();
      return void res.json({ status: answer.status, reply: unescapeXml(/<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? '') });
    }
    if (channel === 'sms') {
      const answer = await fetch(`${self(req)}/webhooks/sms`, form({ from: `+${phone.phone}`, to: '20880', text, date: new Date().toISOString(), id: `ATXid_${randomBytes(6).toString('hex')}`, linkId: '' }));
      return void res.json({ status: answer.status, reply: '' });
    }
    const answer = await fetch(`${self(req)}/webhooks/ussd`, form({ sessionId: sessionId ?? `ATUid_${randomBytes(8).toString('hex')}`, serviceCode: '*384*123#', phoneNumber: `+${phone.phone}`, networkCode: '63902', text }));
    res.json({ status: answer.status, reply: await answer.text() });
  });

  /** What the bot sent to this phone, oldest first (the SMS inbox, and WhatsApp messages outside replies). */
  router.get('/playground/messages', async (req, res) => {
    const phone = normalizePhone(typeof req.query.phone === 'string' ? req.query.phone : '');
    if (!phone.ok) return void res.status(400).json({ error: { code: 'invalid_request', message: 'phone: a Kenyan phone' } });
    const rows = await listMessagesTo(deps.db, phone.phone, 50);
    res.json(rows.reverse().map((m) => ({ id: m.id, channel: m.channel, body: m.body, at: m.createdAt })));
  });

  return router;
}
