// The admin API (CONTRACT.md): JSON in and out, bearer token, {"error": {code, message}} on every 4xx.
import express, { Router } from 'express';
import type { PaymentsDeps } from '../../payments/deps.js';
import { PaymentError } from '../../payments/payment-error.js';
import { HttpError } from '../errors.js';
import { httpErrorFor } from './payment-errors.js';
import { requireAdminToken } from './auth.js';
import { landlordsRouter } from './landlords-routes.js';
import { paymentsRouter } from './payments-routes.js';
import { tenantsRouter } from './tenants-routes.js';
import { billingRouter } from './billing-routes.js';
import type { BillingDeps } from '../../billing/deps.js';
import { DOCS_PAGE } from './docs-page.js';
import { openApiDocument } from './openapi.js';

export function adminRouter(deps: PaymentsDeps, billing: BillingDeps, adminApiToken: string, publicBaseUrl: string): Router {
  const router = Router();
  // The description of the API is public (it holds no data); everything else needs the token.
  const document = openApiDocument(publicBaseUrl);
  router.get('/openapi.json', (_req, res) => void res.json(document));
  router.get('/docs', (_req, res) => void res.type('html').send(DOCS_PAGE));
  router.use(requireAdminToken(adminApiToken));
  router.use(express.json({ limit: '32kb' }));
  router.use(landlordsRouter(deps, billing.clock));
  router.use(tenantsRouter(deps, billing));
  router.use(billingRouter(deps, billing));
  router.use(paymentsRouter(deps));
  // Payment refusals carry their own status (409 pending, 422 not configured, 502 Daraja down …).
  router.use((err: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
    if (err instanceof PaymentError) return next(httpErrorFor(err));
    next(err);
  });
  router.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such admin route')));
  return router;
}
