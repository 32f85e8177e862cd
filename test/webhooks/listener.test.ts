// The providers' webhooks on node's http (src/webhooks/listener.ts): what reaches a route, and the
// answers for bad input that body-parser and express's router gave these routes before.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailable } from '../../db/availability.js';
import type { Logger } from '../../src/log.js';
import { clientAddress, parseForm } from '../../src/webhooks/body.js';
import { json, text, webhookListener, type WebhookRequest, type WebhookRoute } from '../../src/webhooks/listener.js';

const echo = (req: WebhookRequest) =>
  Promise.resolve(json(200, { form: { ...req.form }, param: req.param, raw: req.rawBody.toString('utf8'), ip: req.sourceIp }));
const routes: WebhookRoute[] = [
  { path: '/webhooks/form', body: 'form', limitBytes: 1024, handle: echo },
  { path: '/hooks/raw', withParam: true, body: 'raw', limitBytes: 64, handle: echo },
  { path: '/webhooks/guarded', body: 'form', limitBytes: 64, refuse: (head) => (head.query.get('secret') === 's3' ? undefined : text(403, 'invalid secret')), handle: echo },
  { path: '/webhooks/away', body: 'form', limitBytes: 1024, handle: () => Promise.reject(new DatabaseUnavailable()) },
  { path: '/webhooks/broken', body: 'form', limitBytes: 1024, handle: () => Promise.reject(new Error('a bug')) },
];

let server: Server;
const logged: unknown[] = [];
const logger = { error: (fields: unknown) => void logged.push(fields) } as unknown as Logger;
beforeAll(async () => {
  const toExpress = (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(404, { 'content-type': 'text/plain' }).end('to express');
  server = createServer(webhookListener(routes, toExpress, logger));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const form = (path: string) => request(server).post(path).type('form');

describe('the webhook listener', () => {
  it('gives a form route the decoded fields, a list for a field sent twice, and the raw bytes', async () => {
    const res = await form('/webhooks/form').send('text=1*2%2A3&name=W%C3%A9+Otieno&bad=%E0%A4%A&twice=a&twice=b&empty&=nokey').expect(200);
    expect(res.body.form).toEqual({ text: '1*2*3', name: 'Wé Otieno', bad: '%E0%A4%A', twice: ['a', 'b'], empty: '' });
    expect(res.body.raw).toContain('twice=a&twice=b');
  });

  it('reads a Latin-1 form, and refuses another charset with 400', async () => {
    const latin = await request(server).post('/webhooks/form').set('content-type', 'application/x-www-form-urlencoded; charset=ISO-8859-1').send('name=Jos%E9').expect(200);
    expect(latin.body.form).toEqual({ name: 'José' });
    const other = await request(server).post('/webhooks/form').set('content-type', 'application/x-www-form-urlencoded; charset=koi8-r').send('a=1').expect(400);
    expect(other.body.error.code).toBe('invalid_request');
  });

  it('gives a form route no fields when the body is not a form (the route then says what is missing)', async () => {
    const res = await request(server).post('/webhooks/form').set('content-type', 'application/json').send('{"text":"1"}').expect(200);
    expect(res.body.form).toEqual({});
  });

  it('answers 413 for a body over the limit, declared or streamed, and for too many fields', async () => {
    const declared = await form('/webhooks/form').send(`a=${'x'.repeat(2000)}`).expect(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: (server.address() as { port: number }).port, path: '/webhooks/form', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(`a${i}=${'y'.repeat(200)}&`);
      req.end();
    });
    expect(streamed).toBe(413);
    await form('/webhooks/form').send(Array.from({ length: 201 }, (_, i) => `f${i}=1`).join('&')).expect(413);
  });

  it('undoes gzip, and refuses an encoding it cannot read with 400', async () => {
    const res = await request(server).post('/hooks/raw/t').set('content-encoding', 'gzip').send(gzipSync('{"Body":{}}')).expect(200);
    expect(res.body.raw).toBe('{"Body":{}}');
    await request(server).post('/hooks/raw/t').set('content-encoding', 'compress').send('x').expect(400);
    await request(server).post('/hooks/raw/t').set('content-encoding', 'gzip').send(gzipSync('z'.repeat(65))).expect(413);
  });

  it('matches paths as express did: any case, a trailing slash, a decoded parameter; other requests go on', async () => {
    expect((await request(server).post('/hooks/RAW/ab%2Dcd/?x=1').send('{}').expect(200)).body.param).toBe('ab-cd');
    await form('/Webhooks/Form/').send('a=1').expect(200);
    await request(server).post('/hooks/raw/%E0%A4%A').send('{}').expect(400);
    await request(server).post('/hooks/raw/a/b').send('{}').expect(404, 'to express');
    await request(server).post('/hooks/raw').send('{}').expect(404, 'to express');
    await request(server).get('/webhooks/form').expect(404, 'to express');
  });

  it('refuses before reading the body', async () => {
    await form('/webhooks/guarded').send(`a=${'x'.repeat(500)}`).expect(403, 'invalid secret');
    await form('/webhooks/guarded?secret=s3').send('a=1').expect(200);
  });

  it('answers 503 when the database is away and 500 for anything else, as JSON', async () => {
    expect((await form('/webhooks/away').send('a=1').expect(503)).body.error.code).toBe('database_unavailable');
    expect((await form('/webhooks/broken?secret=s3cr3t').send('a=1').expect(500)).body.error.code).toBe('internal');
    // Logged with its path, never its query (Africa's Talking's secret travels there).
    expect(logged).toEqual([expect.objectContaining({ path: '/webhooks/broken' })]);
    expect(JSON.stringify(logged)).not.toContain('s3cr3t');
  });
});

describe('reading a form and an address', () => {
  it('keeps a field named __proto__ as a field', () => {
    const fields = parseForm('__proto__=x&a=1', { parameterLimit: 10 });
    expect(fields).toEqual(Object.assign(Object.create(null), { ['__proto__']: 'x', a: '1' }));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('trusts X-Forwarded-For only from a proxy on loopback, as express trust proxy "loopback" did', () => {
    const req = (remoteAddress: string, forwarded?: string) => ({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as never;
    expect(clientAddress(req('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(clientAddress(req('127.0.0.1', '196.201.214.200'))).toBe('196.201.214.200');
    expect(clientAddress(req('127.0.0.1', '6.6.6.6, 196.201.214.200, 127.0.0.2'))).toBe('196.201.214.200');
    expect(clientAddress(req('10.0.0.9', '196.201.214.200'))).toBe('10.0.0.9');
    expect(clientAddress(req('::1', '::ffff:196.201.214.206'))).toBe('196.201.214.206');
  });
});
