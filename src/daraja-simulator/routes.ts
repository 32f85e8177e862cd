// The simulator's HTTP face: Daraja's own paths, plus /__sim control routes for the simulated phone
// (tests and the terminal chat use them to type a PIN, cancel, or choose what happens next).
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { simulatedOutcomes } from './outcomes.js';
import { simulatedOutages } from './types.js';
import type { DarajaSimulator, SimAnswer } from './simulator.js';

export function darajaSimulatorRouter(sim: DarajaSimulator): express.Router {
  const router = express.Router();
  const send = (res: Response, answer: SimAnswer) => res.status(answer.status).json(answer.body);
  const hangs = () => sim.outage === 'hang'; // never answer: the client's timeout must fire

  router.get('/oauth/v1/generate', (req, res) => {
    if (hangs()) return;
    send(res, sim.oauth(req.header('authorization'), req.query.grant_type));
  });

  const json = express.json({ limit: '64kb', type: () => true });
  router.post('/mpesa/stkpush/v1/processrequest', json, (req, res) => {
    if (hangs()) return;
    const answer = sim.stkPush(req.header('authorization'), req.body);
    if (sim.outage === 'lose_answers') return; // processed, the prompt is on the phone, but no answer comes back
    send(res, answer);
  });
  router.post('/mpesa/stkpushquery/v1/query', json, (req, res) => {
    if (hangs()) return;
    send(res, sim.stkQuery(req.header('authorization'), req.body));
  });

  router.post('/mpesa/c2b/v2/registerurl', json, (req, res) => {
    if (hangs()) return;
    send(res, sim.registerC2bUrls(req.header('authorization'), req.body));
  });

  const control = express.json({ limit: '16kb' });
  router.get('/__sim/prompts', (req, res) => {
    res.json(sim.openPrompts(typeof req.query.phone === 'string' ? req.query.phone : undefined));
  });
  router.post('/__sim/prompts/:id/pin', control, (req: Request<{ id: string }>, res) => {
    const pin = z.object({ pin: z.string().regex(/^\d{4}$/) }).safeParse(req.body);
    if (!pin.success) return res.status(400).json({ error: 'pin must be 4 digits' });
    sim.enterPin(req.params.id, pin.data.pin) ? res.json({ ok: true }) : res.status(404).json({ error: 'no open prompt with that id' });
  });
  router.post('/__sim/prompts/:id/cancel', (req: Request<{ id: string }>, res) => {
    sim.cancelPrompt(req.params.id) ? res.json({ ok: true }) : res.status(404).json({ error: 'no open prompt with that id' });
  });
  router.post('/__sim/phones/:phone/outcome', control, (req: Request<{ phone: string }>, res) => {
    const parsed = z.object({ outcome: z.enum(simulatedOutcomes), afterMs: z.number().int().min(0).max(600_000).optional() }).safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ error: `outcome must be one of ${simulatedOutcomes.join(', ')}; afterMs optional` });
    sim.presetOutcome(req.params.phone, parsed.data.outcome, parsed.data.afterMs);
    res.json({ ok: true });
  });
  router.post('/__sim/shortcodes', control, (req, res) => {
    const parsed = z.object({ shortCode: z.string().regex(/^\d{5,7}$/), passkey: z.string().min(1) }).safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ error: 'shortCode (5-7 digits) and passkey are required' });
    sim.registerShortCode(parsed.data.shortCode, parsed.data.passkey);
    res.status(201).json({ ok: true });
  });
  router.post('/__sim/apps', control, (req, res) => {
    const parsed = z.object({ consumerKey: z.string().min(1), consumerSecret: z.string().min(1) }).safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ error: 'consumerKey and consumerSecret are required' });
    sim.registerApp(parsed.data.consumerKey, parsed.data.consumerSecret);
    res.status(201).json({ ok: true });
  });
  router.post('/__sim/tokens/expire', (_req, res) => {
    sim.expireTokens();
    res.json({ ok: true });
  });
  router.post('/__sim/outage', control, (req, res) => {
    const parsed = z.object({ mode: z.enum(simulatedOutages) }).safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ error: `mode must be one of ${simulatedOutages.join(', ')}` });
    sim.outage = parsed.data.mode;
    res.json({ ok: true });
  });
  router.get('/__sim/stats', (_req, res) => res.json(sim.stats));
  router.get('/__sim/transactions/:id', (req: Request<{ id: string }>, res) => {
    const tx = sim.transaction(req.params.id);
    tx ? res.json(tx) : res.status(404).json({ error: 'unknown CheckoutRequestID' });
  });

  // Malformed JSON gets Daraja's own answer, not express's HTML page.
  router.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    res.status(status >= 500 ? 500 : 400).json({ requestId: '', errorCode: '400.002.05', errorMessage: 'Invalid Request Payload' });
  });
  return router;
}

/** Runs a simulator on its own port (tests; `npm start` mounts the router in the app instead). */
export async function startDarajaSimulator(sim: DarajaSimulator, port = 0, host = '127.0.0.1') {
  const app = express();
  app.use(darajaSimulatorRouter(sim));
  const server = app.listen(port, host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  return {
    url,
    close: async () => {
      sim.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
