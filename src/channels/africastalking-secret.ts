// Africa's Talking does not sign its callbacks (reference/channels.md §5): with AT_WEBHOOK_SECRET set,
// the webhook URL must carry it as ?secret=, compared in constant time.
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
