// In a cluster every app process forwards /simulator/daraja to the one simulator the primary runs.
// The Daraja client must not be able to tell the proxy from the simulator.
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorProxy } from '../../src/daraja-simulator/proxy.js';
import { clientFor, platformCredentials, SANDBOX_SHORT_CODE, startSimulator } from '../helpers/daraja.js';

describe('the simulator proxy', () => {
  let simulator: Awaited<ReturnType<typeof startSimulator>>;
  let proxy: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    simulator = await startSimulator({ autoAnswerMs: 600_000 });
    const app = express().use('/simulator/daraja', simulatorProxy(simulator.url));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    proxy = { url: `http://127.0.0.1:${port}/simulator/daraja`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  });
  afterAll(async () => {
    await proxy.close();
    await simulator.close();
  });

  it('carries OAuth, STK Push and the control routes, with their statuses and bodies', async () => {
    const client = clientFor(proxy.url);
    const accepted = await client.stkPush({
      credentials: platformCredentials,
      destination: { businessType: 'paybill', businessShortCode: SANDBOX_SHORT_CODE },
      amount: 10,
      phone: '254712000178',
      accountReference: 'A1',
      description: 'Rent 2026-11',
      callbackUrl: 'http://127.0.0.1:9/cb',
    });
    expect(simulator.sim.openPrompts('254712000178').map((p) => p.checkoutRequestId)).toEqual([accepted.checkoutRequestId]);
    const prompts = await request(proxy.url).get('/__sim/prompts?phone=254712000178').expect(200);
    expect(prompts.body).toHaveLength(1);
    await request(proxy.url).post(`/__sim/prompts/${accepted.checkoutRequestId}/pin`).send({ pin: '12' }).expect(400);
    const malformed = await request(proxy.url).post('/mpesa/stkpush/v1/processrequest').set('Content-Type', 'application/json').send('{').expect(400);
    expect(malformed.body).toMatchObject({ errorCode: '400.002.05' }); // Daraja's own answer, passed through
  });

  it('answers 502 when the simulator cannot be reached', async () => {
    const app = express().use('/simulator/daraja', simulatorProxy('http://127.0.0.1:9'));
    const res = await request(app).get('/simulator/daraja/__sim/prompts').expect(502);
    expect(res.body).toEqual({ errorCode: '502.000.00', errorMessage: 'Simulator unreachable' });
  });
});
