// WhatsApp through Twilio (reference/channels.md §1–2): a form POST signed with X-Twilio-Signature,
// answered with TwiML. The signature is checked against PUBLIC_BASE_URL + path, not the Host header,
// so it holds behind a TLS-terminating proxy (twilio/twilio-node#321).
// The part of the twilio SDK a webhook needs, not the whole SDK: its REST clients are ~15 MB of the
// process's memory, and only the sender (src/channels/whatsapp/twilio-sender.ts) uses them.
import { timingSafeEqual } from 'node:crypto';
import { getExpectedTwilioSignature, validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { normalizePhone } from '../../domain/phone.js';
import { describeZodError } from '../../validation.js';
import { chat } from '../../messages/chat-messages.js';
import type { FormFields } from '../../webhooks/body.js';
import { FORM_LIMIT_BYTES, text, xml, type WebhookRoute } from '../../webhooks/listener.js';
import { runTurn, type ChannelDeps } from '../inbound.js';
import { twimlMessage } from './twiml.js';

const twilioMessage = z.object({
  From: z.string().regex(/^whatsapp:\+?\d{6,15}$/, 'must be whatsapp:+<number>'),
  Body: z.string().max(1600).optional().default(''),
  MessageSid: z.string().regex(/^[SM]M[0-9a-fA-F]{32}$/, 'must be a Twilio message SID'),
  // Quick-reply buttons: the id when Twilio sends it, else the button's text (reference/channels.md §1).
  ButtonPayload: z.string().optional(),
  ButtonText: z.string().optional(),
});

/**
 * Twilio signed the request for the webhook URL as configured in its console: PUBLIC_BASE_URL + path.
 * That URL is checked first, with one HMAC; only when it does not match does the SDK's validateRequest
 * try the variants it knows (with and without the default port, the URL normalised), each another HMAC.
 */
function signedByTwilio(token: string, signature: string, url: string, form: FormFields): boolean {
  const expected = Buffer.from(getExpectedTwilioSignature(token, url, form));
  const given = Buffer.from(signature);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  return validateRequest(token, signature, url, form);
}

export function whatsappWebhook(config: Config, deps: ChannelDeps): WebhookRoute {
  return {
    path: '/webhooks/whatsapp',
    body: 'form',
    limitBytes: FORM_LIMIT_BYTES,
    async handle(req) {
      const token = config.twilioAuthToken;
      if (token) {
        const signature = req.header('x-twilio-signature') ?? '';
        const url = `${config.publicBaseUrl}${req.originalUrl}`;
        if (!signature || !signedByTwilio(token, signature, url, req.form)) {
          deps.logger.warn({ path: req.originalUrl.split('?')[0] }, 'WhatsApp webhook with a wrong signature');
          return text(403, 'invalid signature');
        }
      } else if (config.daraja.env !== 'simulator') {
        // Outside the simulator, an unsigned webhook could come from anyone: refuse rather than fail open.
        return text(403, 'TWILIO_AUTH_TOKEN is not configured');
      }
      const parsed = twilioMessage.safeParse(req.form);
      if (!parsed.success) return text(400, describeZodError(parsed.error));
      const phone = normalizePhone(parsed.data.From.replace(/^whatsapp:/, ''));
      if (!phone.ok) return xml(twimlMessage(`${chat.kenyanNumbersOnly.en}\n${chat.kenyanNumbersOnly.sw}`));
      const said = parsed.data.ButtonPayload || parsed.data.Body || parsed.data.ButtonText || '';
      const result = await runTurn(deps, 'whatsapp', { channel: 'whatsapp', from: phone.phone, text: said, providerId: parsed.data.MessageSid });
      return xml(twimlMessage(result.text));
    },
  };
}
