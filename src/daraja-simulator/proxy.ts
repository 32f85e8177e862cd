// In a cluster (WEB_CONCURRENCY > 1) the simulator must be one for all app processes: a prompt opened
// through one process has to be answerable, and queryable, through any other. The primary process runs
// it; each app process forwards SIMULATOR_MOUNT to it, so URLs stay the same as with one process.
import express, { type Request, type Response } from 'express';

/** Longer than the Daraja client's own timeout, so a simulated "hang" still looks like one. */
const FORWARD_TIMEOUT_MS = 30_000;

export function simulatorProxy(targetUrl: string): express.Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: '64kb' }), async (req: Request, res: Response) => {
    try {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.header(name);
        if (value) headers[name] = value;
      }
      const answer = await fetch(`${targetUrl}${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.isBuffer(req.body) && req.body.length > 0 ? req.body : undefined,
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      res.status(answer.status);
      const type = answer.headers.get('content-type');
      if (type) res.type(type);
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      // The primary is stopping, or the simulator hangs on purpose: a gateway's answer, not ours.
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      res.status(timedOut ? 504 : 502).json({ errorCode: timedOut ? '504.000.00' : '502.000.00', errorMessage: timedOut ? 'Simulator did not answer' : 'Simulator unreachable' });
    }
  });
  return router;
}
