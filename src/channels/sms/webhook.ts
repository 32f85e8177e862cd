// Inbound SMS through Africa's Talking (reference/channels.md §5): a form POST; the reply is an SMS
// we send through the outbox, so the answer to Africa's Talking is an empty 200.
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { normalizePhone } from '../../domain/phone.js';
import { describeZodError } from '../../validation.js';
import { runTurn, webhookForm, type ChannelDeps } from '../inbound.js';
import { requireAtSecret } from '../africastalking-secret.js';

const atSms = z.object({
  from: z.string().min(1, 'is required'),
  to: z.string().optional(),
  text: z.string().max(1600).optional().default(''),
  date: z.string().optional(),
  id: z.string().min(1).optional(),
  linkId: z.string().optional(),
});

export function smsRouter(config: Config, deps: ChannelDeps): Router {
  const router = Router();
  router.post('/webhooks/sms', requireAtSecret(config), webhookForm, async (req, res) => {
    const parsed = atSms.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).type('text/plain').send(describeZodError(parsed.error));
    const phone = normalizePhone(parsed.data.from);
    if (!phone.ok) return res.status(400).type('text/plain').send('from: not a Kenyan mobile number');
    const answer = await runTurn(deps, 'sms', { channel: 'sms', from: phone.phone, text: parsed.data.text, providerId: parsed.data.id ? `at-sms:${parsed.data.id}` : undefined });
    // The reply goes by SMS through the outbox; with the database away there is none, so say so.
    res.status(answer.databaseUnavailable ? 503 : 200).end();
  });
  return router;
}
