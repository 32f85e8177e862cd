// The admin API documents itself: every route the router serves has an entry in the OpenAPI document
// (generated from the zod schemas that validate it), served at /api/openapi.json and readable at /api/docs
// without a CDN; landlords can be found by phone or name.
import type { Router } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminRouter } from '../../src/http/admin/admin-router.js';
import { ADMIN_ROUTES } from '../../src/http/admin/openapi.js';
import { phoneEnding, startTestApp, type TestApp } from '../helpers/app.js';

/** Every (method, path) an express router serves, nested routers included. */
function servedRoutes(router: Router): string[] {
  const found: string[] = [];
  const walk = (stack: unknown[]) => {
    for (const layer of stack as { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: unknown[] }).stack);
  return found;
}

describe('the OpenAPI document', () => {
  it('has an entry for every admin route, and no entry for a route that does not exist', () => {
    const served = servedRoutes(adminRouter({} as never, {} as never, 'x'.repeat(16), 'http://localhost')).filter((r) => !['get /openapi.json', 'get /docs'].includes(r));
    const documented = ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect([...served].sort()).toEqual([...documented].sort());
  });
});

describe('the admin API describes itself', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  });
  afterAll(() => app.close());

  it('serves the document and the docs page without the token, and nothing else', async () => {
    const { body } = await request(app.url).get('/api/openapi.json').expect(200);
    expect(body.openapi).toBe('3.1.0');
    const createTenant = body.paths['/api/landlords/{id}/tenants'].post;
    expect(createTenant.requestBody.content['application/json'].schema.properties.monthlyRent).toMatchObject({ type: 'integer', minimum: 1 });
    expect(createTenant.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]);
    const page = await request(app.url).get('/api/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    await request(app.url).get('/api/landlords').expect(401);
  });

  it('finds landlords by any form of their phone, or part of the name', async () => {
    const phone = phoneEnding('21');
    const created = (await app.api().post('/api/landlords', { name: 'Zawadi Kiprono', phone }).expect(201)).body;
    expect((await app.api().get(`/api/landlords?phone=0${phone.slice(3)}`).expect(200)).body).toEqual([created]);
    expect((await app.api().get('/api/landlords?q=zawadi').expect(200)).body.map((l: { id: string }) => l.id)).toContain(created.id);
    expect((await app.api().get('/api/landlords?q=nobody-like-this').expect(200)).body).toEqual([]);
    expect((await app.api().get('/api/landlords?phone=12').expect(400)).body.error.code).toBe('invalid_request');
  });
});
