import { Router } from 'express';
import type { Database } from '../../db/client.js';
import type { Metrics } from '../metrics.js';

export function healthRouter(database: Database, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const ok = await database.ping();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'database_unavailable', database: database.kind });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
