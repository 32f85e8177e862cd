// The admin API (CONTRACT.md): JSON in and out, bearer token, {"error": {code, message}} on every 4xx.
import express, { Router } from 'express';
import type { PaymentsContext } from '../../payments/context.js';
import { PaymentError } from '../../payments/payment-error.js';
import { HttpError } from '../errors.js';
import { requireAdminToken } from './auth.js';
import { landlordsRouter } from './landlords-routes.js';
import { paymentsRouter } from './payments-routes.js';
import { tenantsRouter } from './tenants-routes.js';

export function adminRouter(ctx: PaymentsContext): Router {
  const router = Router();
  router.use(requireAdminToken(ctx.config.adminApiToken));
  router.use(express.json({ limit: '32kb' }));
  router.use(landlordsRouter(ctx));
  router.use(tenantsRouter(ctx));
  router.use(paymentsRouter(ctx));
  // Payment refusals carry their own status (409 pending, 422 not configured, 502 Daraja down …).
  router.use((err: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
    if (err instanceof PaymentError) {
      return next(new HttpError(err.status, err.code, err.message, err.paymentId ? { paymentId: err.paymentId } : {}));
    }
    next(err);
  });
  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such admin route')));
  return router;
}
