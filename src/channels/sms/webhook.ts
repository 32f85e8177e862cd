// Inbound SMS through Africa's Talking (reference/channels.md §5): a form POST; the reply is an SMS
// we send through the outbox, so the answer to Africa's Talking is an empty 200.
import { z } from 'zod';
import type { Config } from '../../config.js';
import { normalizePhone } from '../../domain/phone.js';
import { describeZodError } from '../../validation.js';
import { text, type WebhookRoute } from '../../webhooks/listener.js';
import { runTurn, type ChannelDeps } from '../inbound.js';
import { africasTalkingForm } from '../africastalking-secret.js';

const atSms = z.object({
  from: z.string().min(1, 'is required'),
  to: z.string().optional(),
  text: z.string().max(1600).optional().default(''),
  date: z.string().optional(),
  id: z.string().min(1).optional(),
  linkId: z.string().optional(),
});

export function smsWebhook(config: Config, deps: ChannelDeps): WebhookRoute {
  return {
    path: '/webhooks/sms',
    ...africasTalkingForm(config),
    async handle(req) {
      const parsed = atSms.safeParse(req.form);
      if (!parsed.success) return text(400, describeZodError(parsed.error));
      const phone = normalizePhone(parsed.data.from);
      if (!phone.ok) return text(400, 'from: not a Kenyan mobile number');
      const answer = await runTurn(deps, 'sms', { channel: 'sms', from: phone.phone, text: parsed.data.text, providerId: parsed.data.id ? `at-sms:${parsed.data.id}` : undefined });
      // The reply goes by SMS through the outbox; with the database away there is none, so say so.
      return { status: answer.databaseUnavailable ? 503 : 200 };
    },
  };
}
