// Daraja's webhooks (CONTRACT.md): STK callbacks and C2B notifications. Bodies are read as raw text,
// because the raw body is stored before it is parsed (DESIGN.md decision 3).
import express, { Router, type Request } from 'express';
import { confirmC2b, validateC2b } from '../payments/c2b.js';
import type { PaymentsContext } from '../payments/context.js';
import { handleStkCallback } from '../payments/stk-callback.js';

const ACCEPTED = { ResultCode: 0, ResultDesc: 'Accepted' };

export function sourceIp(req: Request): string | undefined {
  return req.ip?.replace(/^::ffff:/, '');
}

export function darajaRouter(ctx: PaymentsContext): Router {
  const router = Router();
  const raw = express.text({ type: () => true, limit: '64kb' });
  const body = (req: Request) => (typeof req.body === 'string' ? req.body : '');

  for (const [path, kind] of [
    ['/callback/:token', 'stk_callback'],
    ['/timeout/:token', 'stk_timeout'],
  ] as const) {
    router.post(path, raw, async (req: Request<{ token: string }>, res) => {
      const outcome = await handleStkCallback(ctx, { kind, token: req.params.token, rawBody: body(req), sourceIp: sourceIp(req) });
      if (outcome === 'malformed') return res.status(400).json({ ResultCode: 1, ResultDesc: 'Malformed JSON' });
      if (outcome === 'not_an_stk_callback' && kind === 'stk_callback') return res.status(400).json({ ResultCode: 1, ResultDesc: 'Not an STK callback (Body.stkCallback)' });
      if (outcome === 'ip_not_allowed') return res.status(403).json({ ResultCode: 1, ResultDesc: 'Source address not allowed' });
      res.json(ACCEPTED);
    });
  }

  // STK callbacks check the allow-list after storing the raw body; C2B is refused before anything.
  const allowedSource = (req: Request, res: express.Response, next: express.NextFunction) => {
    const allowed = ctx.config.daraja.allowedIps;
    if (allowed.length > 0 && !allowed.includes(sourceIp(req) ?? '')) {
      ctx.logger.warn({ ip: sourceIp(req), path: req.path }, 'Daraja notification from an address not allowed');
      res.status(403).json({ ResultCode: 'C2B00016', ResultDesc: 'Source address not allowed' });
      return;
    }
    next();
  };

  router.post('/c2b/validation', allowedSource, raw, async (req, res) => {
    const answer = await validateC2b(ctx, body(req), sourceIp(req));
    if (!answer) return res.status(400).json({ ResultCode: 'C2B00016', ResultDesc: 'Rejected: malformed notification' });
    res.json(answer);
  });

  router.post('/c2b/confirmation', allowedSource, raw, async (req, res) => {
    const answer = await confirmC2b(ctx, body(req), sourceIp(req));
    if (!answer) return res.status(400).json({ ResultCode: 'C2B00016', ResultDesc: 'Rejected: malformed notification' });
    res.json(answer);
  });

  return router;
}
