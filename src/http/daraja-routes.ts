// Daraja's webhooks (CONTRACT.md): STK callbacks and C2B notifications. Bodies are read as raw text,
// because the raw body is stored before it is parsed (DESIGN.md decision 3); src/daraja reads them into
// our terms, src/payments records and settles them, and the answers are Daraja's own shapes.
import express, { Router, type Request } from 'express';
import { c2bReply, parseJson, readC2bNotification, readStkCallback, STK_CALLBACK_ACCEPTED, stkCallbackRefused } from '../daraja/transform.js';
import { confirmC2b, validateC2b } from '../payments/c2b.js';
import type { PaymentsDeps } from '../payments/deps.js';
import { handleStkCallback, type CallbackInput } from '../payments/stk-callback.js';

export function sourceIp(req: Request): string | undefined {
  return req.ip?.replace(/^::ffff:/, '');
}

const MALFORMED_C2B = { ResultCode: 'C2B00016', ResultDesc: 'Rejected: malformed notification' };

export function darajaRouter(deps: PaymentsDeps): Router {
  const router = Router();
  // Bytes, not text: the body is stored as it came (a zero byte or broken UTF-8 included), then read.
  const raw = express.raw({ type: () => true, limit: '64kb' });
  const body = (req: Request): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
  const maxAmount = deps.settings.mpesaMaxAmount;

  for (const [path, kind] of [
    ['/callback/:token', 'stk_callback'],
    ['/timeout/:token', 'stk_timeout'],
  ] as const) {
    router.post(path, raw, async (req: Request<{ token: string }>, res) => {
      const rawBody = body(req);
      const json = parseJson(rawBody.toString('utf8'));
      const result: CallbackInput['result'] = !json.ok ? 'malformed' : (readStkCallback(json.json, maxAmount) ?? 'not_an_stk_callback');
      const outcome = await handleStkCallback(deps, { kind, token: req.params.token, rawBody, sourceIp: sourceIp(req), result });
      if (outcome === 'malformed') return res.status(400).json(stkCallbackRefused('Malformed JSON'));
      if (outcome === 'not_an_stk_callback' && kind === 'stk_callback') return res.status(400).json(stkCallbackRefused('Not an STK callback (Body.stkCallback)'));
      if (outcome === 'ip_not_allowed') return res.status(403).json(stkCallbackRefused('Source address not allowed'));
      res.json(STK_CALLBACK_ACCEPTED);
    });
  }

  // STK callbacks check the allow-list after storing the raw body; C2B is refused before anything.
  const allowedSource = (req: Request, res: express.Response, next: express.NextFunction) => {
    const allowed = deps.settings.allowedIps;
    if (allowed.length > 0 && !allowed.includes(sourceIp(req) ?? '')) {
      deps.logger.warn({ ip: sourceIp(req), path: req.path }, 'Daraja notification from an address not allowed');
      res.status(403).json({ ResultCode: 'C2B00016', ResultDesc: 'Source address not allowed' });
      return;
    }
    next();
  };
  const received = (req: Request, kind: 'c2b_validation' | 'c2b_confirmation') => {
    const rawBody = body(req);
    return { kind, rawBody, sourceIp: sourceIp(req), notification: readC2bNotification(rawBody.toString('utf8'), maxAmount) };
  };

  router.post('/c2b/validation', allowedSource, raw, async (req, res) => {
    const decision = await validateC2b(deps, received(req, 'c2b_validation'));
    if (!decision) return res.status(400).json(MALFORMED_C2B);
    res.json(c2bReply(decision));
  });

  router.post('/c2b/confirmation', allowedSource, raw, async (req, res) => {
    const answer = await confirmC2b(deps, received(req, 'c2b_confirmation'));
    if (!answer) return res.status(400).json(MALFORMED_C2B);
    res.json(c2bReply('accept'));
  });

  return router;
}
