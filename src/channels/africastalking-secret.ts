// Africa's Talking does not sign its callbacks (reference/channels.md §5): the webhook URL must carry
// AT_WEBHOOK_SECRET as ?secret=, compared in constant time. The configuration requires the secret
// outside simulator mode (src/config.ts); only the simulator runs these routes without one.
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import { safeEqual } from '../crypto/tokens.js';

export function requireAtSecret(config: Config) {
  return (req: Request, res: Response, next: NextFunction) => {
    const expected = config.atWebhookSecret;
    if (!expected) return next();
    const given = typeof req.query.secret === 'string' ? req.query.secret : '';
    if (!safeEqual(given, expected)) {
      res.status(403).type('text/plain').send('invalid secret');
      return;
    }
    next();
  };
}
