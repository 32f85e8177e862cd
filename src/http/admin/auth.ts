import type { NextFunction, Request, Response } from 'express';
import { safeEqual } from '../../crypto/tokens.js';

/** `Authorization: Bearer $ADMIN_API_TOKEN`, compared in constant time; 401 otherwise. */
export function requireAdminToken(token: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (!given || !safeEqual(given, token)) {
      res.status(401).json({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <ADMIN_API_TOKEN>' } });
      return;
    }
    next();
  };
}
