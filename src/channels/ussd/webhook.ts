// USSD through Africa's Talking (reference/channels.md §4): every request carries the whole input so
// far, `*`-joined; the conversation is keyed by sessionId and fed only the newest part. Answers are
// "CON …" (more to come) or "END …", text/plain, at most 160 GSM-7 characters after the prefix.
import { z } from 'zod';
import type { Config } from '../../config.js';
import { normalizePhone } from '../../domain/phone.js';
import { describeZodError } from '../../validation.js';
import { chat } from '../../messages/chat-messages.js';
import { text, type WebhookRoute } from '../../webhooks/listener.js';
import { africasTalkingForm } from '../africastalking-secret.js';
import { runTurn, type ChannelDeps } from '../inbound.js';
import { readUssdInput, toGsm7 } from '../../rendering/gsm7.js';

const atUssd = z.object({
  sessionId: z.string().min(1, 'is required').max(100),
  serviceCode: z.string().optional(),
  phoneNumber: z.string().min(1, 'is required'),
  text: z.string().optional().default(''),
  networkCode: z.string().optional(),
});

/** The newest input: what follows the last `*` ("1*2*500" → "500"; "" on the first request). */
export function latestUssdInput(text: string): string {
  const parts = text.split('*');
  return readUssdInput(parts[parts.length - 1] ?? '');
}

export function ussdWebhook(config: Config, deps: ChannelDeps): WebhookRoute {
  return {
    path: '/webhooks/ussd',
    ...africasTalkingForm(config),
    async handle(req) {
      const parsed = atUssd.safeParse(req.form);
      if (!parsed.success) return text(400, describeZodError(parsed.error));
      const phone = normalizePhone(parsed.data.phoneNumber);
      if (!phone.ok) return text(200, `END ${toGsm7(`${chat.kenyanNumbersOnly.short!.en}\n${chat.kenyanNumbersOnly.short!.sw}`)}`);
      const result = await runTurn(deps, 'ussd', { channel: 'ussd', from: phone.phone, text: latestUssdInput(parsed.data.text), sessionId: parsed.data.sessionId });
      // The runtime rendered the screen within 160 GSM-7 characters (src/rendering): sent as it is.
      return text(200, `${result.end ? 'END' : 'CON'} ${result.text}`);
    },
  };
}
