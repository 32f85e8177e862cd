// USSD through Africa's Talking (reference/channels.md §4): every request carries the whole input so
// far, `*`-joined; the conversation is keyed by sessionId and fed only the newest part. Answers are
// "CON …" (more to come) or "END …", text/plain, at most 160 GSM-7 characters after the prefix.
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { normalizePhone } from '../../domain/phone.js';
import { describeZodError } from '../../validation.js';
import { chat } from '../../messages/chat-messages.js';
import { requireAtSecret } from '../africastalking-secret.js';
import { runTurn, webhookForm, type ChannelDeps } from '../inbound.js';
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

export function ussdRouter(config: Config, deps: ChannelDeps): Router {
  const router = Router();
  router.post('/webhooks/ussd', requireAtSecret(config), webhookForm, async (req, res) => {
    const parsed = atUssd.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).type('text/plain').send(describeZodError(parsed.error));
    const phone = normalizePhone(parsed.data.phoneNumber);
    res.type('text/plain');
    if (!phone.ok) return res.send(`END ${toGsm7(`${chat.kenyanNumbersOnly.short!.en}\n${chat.kenyanNumbersOnly.short!.sw}`)}`);
    const result = await runTurn(deps, 'ussd', { channel: 'ussd', from: phone.phone, text: latestUssdInput(parsed.data.text), sessionId: parsed.data.sessionId });
    // The runtime rendered the screen within 160 GSM-7 characters (src/rendering): sent as it is.
    res.send(`${result.end ? 'END' : 'CON'} ${result.text}`);
  });
  return router;
}
