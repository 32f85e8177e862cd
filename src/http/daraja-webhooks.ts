// Daraja's webhooks (CONTRACT.md): STK callbacks and C2B notifications. Bodies are read as raw text,
// because the raw body is stored before it is parsed (DESIGN.md decision 3); src/daraja reads them into
// our terms, src/payments records and settles them, and the answers are Daraja's own shapes.
import { c2bReply, parseJson, readC2bNotification, readStkCallback, STK_CALLBACK_ACCEPTED, stkCallbackRefused } from '../daraja/transform.js';
import { confirmC2b, validateC2b } from '../payments/c2b.js';
import type { PaymentsDeps } from '../payments/deps.js';
import { handleStkCallback, type CallbackInput } from '../payments/stk-callback.js';
import { json, type WebhookHead, type WebhookRequest, type WebhookRoute } from '../webhooks/listener.js';

/** Daraja's bodies are small JSON documents. */
const DARAJA_LIMIT_BYTES = 64 * 1024;
const MALFORMED_C2B = { ResultCode: 'C2B00016', ResultDesc: 'Rejected: malformed notification' };

export function darajaWebhooks(deps: PaymentsDeps): WebhookRoute[] {
  const maxAmount = deps.settings.mpesaMaxAmount;
  // Bytes, not text: the body is stored as it came (a zero byte or broken UTF-8 included), then read.
  const stk = (path: string, kind: CallbackInput['kind']): WebhookRoute => ({
    path,
    withParam: true,
    body: 'raw',
    limitBytes: DARAJA_LIMIT_BYTES,
    async handle(req) {
      const parsed = parseJson(req.rawBody.toString('utf8'));
      const result: CallbackInput['result'] = !parsed.ok ? 'malformed' : (readStkCallback(parsed.json, maxAmount) ?? 'not_an_stk_callback');
      const outcome = await handleStkCallback(deps, { kind, token: req.param, rawBody: req.rawBody, sourceIp: req.sourceIp, result });
      if (outcome === 'malformed') return json(400, stkCallbackRefused('Malformed JSON'));
      if (outcome === 'not_an_stk_callback' && kind === 'stk_callback') return json(400, stkCallbackRefused('Not an STK callback (Body.stkCallback)'));
      if (outcome === 'ip_not_allowed') return json(403, stkCallbackRefused('Source address not allowed'));
      return json(200, STK_CALLBACK_ACCEPTED);
    },
  });

  // STK callbacks check the allow-list after storing the raw body; C2B is refused before anything.
  const allowedSource = (head: WebhookHead) => {
    const allowed = deps.settings.allowedIps;
    if (allowed.length === 0 || allowed.includes(head.sourceIp ?? '')) return undefined;
    deps.logger.warn({ ip: head.sourceIp, path: head.originalUrl.split('?')[0] }, 'Daraja notification from an address not allowed');
    return json(403, { ResultCode: 'C2B00016', ResultDesc: 'Source address not allowed' });
  };
  const received = (req: WebhookRequest, kind: 'c2b_validation' | 'c2b_confirmation') => ({
    kind,
    rawBody: req.rawBody,
    sourceIp: req.sourceIp,
    notification: readC2bNotification(req.rawBody.toString('utf8'), maxAmount),
  });

  return [
    stk('/api/daraja/callback', 'stk_callback'),
    stk('/api/daraja/timeout', 'stk_timeout'),
    {
      path: '/api/daraja/c2b/validation',
      body: 'raw',
      limitBytes: DARAJA_LIMIT_BYTES,
      refuse: allowedSource,
      async handle(req) {
        const decision = await validateC2b(deps, received(req, 'c2b_validation'));
        return decision ? json(200, c2bReply(decision)) : json(400, MALFORMED_C2B);
      },
    },
    {
      path: '/api/daraja/c2b/confirmation',
      body: 'raw',
      limitBytes: DARAJA_LIMIT_BYTES,
      refuse: allowedSource,
      async handle(req) {
        const answer = await confirmC2b(deps, received(req, 'c2b_confirmation'));
        return answer ? json(200, c2bReply('accept')) : json(400, MALFORMED_C2B);
      },
    },
  ];
}
