// The admin API described as OpenAPI 3.1, generated from the zod schemas the routes validate with (no
// hand-kept copy of a body). Every route the admin router serves has an entry here: a test walks the
// router and fails on a route without one. Served at /api/openapi.json and browsable at /api/docs.
import { z } from 'zod';
import { paymentStatuses } from '../../domain/types.js';
import {
  assignPaymentBody,
  billingSettingsBody,
  configurePayoutBody,
  createBillBody,
  createChargeBody,
  createLandlordBody,
  createTenantBody,
  editBillBody,
  initiatePaymentBody,
  listBillsQuery,
  listLandlordsQuery,
  registerC2bBody,
  runBillsBody,
  updateTenantBody,
  voidBillBody,
} from './schemas.js';

type Method = 'get' | 'post' | 'patch' | 'delete';

export interface AdminRoute {
  method: Method;
  /** Express form, as the router declares it (`/landlords/:id`), under /api. */
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** An example body (or query string, for GET), shown in the docs with a curl line. */
  example?: Record<string, unknown>;
  /** Status → what it means. */
  responses: Record<number, string>;
}

const messagesQuery = z.object({ to: z.string().meta({ description: 'a Kenyan phone: 07…, 01…, +254… or 254…' }) });
const paymentsQuery = z.object({ status: z.enum(paymentStatuses).or(z.literal('suspense')).optional() });

export const ADMIN_ROUTES: AdminRoute[] = [
  { method: 'get', path: '/landlords', summary: 'Find landlords by phone and/or part of the name', query: listLandlordsQuery, example: { phone: '0722000000' }, responses: { 200: 'the landlords found (at most `limit`)' } },
  { method: 'post', path: '/landlords', summary: 'Create a landlord', body: createLandlordBody, example: { name: 'Wanjiku Kamau', phone: '0722000000', language: 'sw' }, responses: { 201: 'the landlord', 409: 'a landlord with this phone exists' } },
  { method: 'get', path: '/landlords/:id', summary: 'A landlord', responses: { 200: 'the landlord', 404: 'no such landlord' } },
  { method: 'post', path: '/landlords/:id/daraja/configure', summary: 'Configure the payout (paybill or till); active at once', body: configurePayoutBody, example: { businessType: 'paybill', businessShortCode: '600100', businessName: 'Wanjiku Homes' }, responses: { 200: 'the payout status (never a secret)' } },
  { method: 'get', path: '/landlords/:id/daraja/status', summary: 'The payout status, without secrets', responses: { 200: 'isConfigured, isActive, businessType, businessShortCode, …' } },
  { method: 'post', path: '/landlords/:id/daraja/test', summary: "A KES 1 STK Push to the landlord's phone, to their own shortcode", responses: { 202: '{paymentId}' } },
  { method: 'post', path: '/landlords/:id/daraja/register-c2b', summary: "Register the payout's C2B URLs with Daraja (money paid from the M-Pesa menu)", body: registerC2bBody, example: { responseType: 'Completed' }, responses: { 200: '{shortCode, responseType, confirmationUrl, validationUrl, description}', 409: 'Daraja has URLs for this shortcode already', 422: 'no payout yet', 502: 'Daraja refused' } },
  { method: 'post', path: '/landlords/:id/tenants', summary: 'Add a tenant (a tenancy of one unit)', body: createTenantBody, example: { name: 'Otieno Juma', phone: '0712345678', unit: 'A1', property: 'Sunrise', monthlyRent: 15000, dueDay: 5 }, responses: { 201: 'the tenant, with its account number' } },
  { method: 'get', path: '/landlords/:id/tenants', summary: "The landlord's tenants", responses: { 200: 'the tenants' } },
  { method: 'get', path: '/landlords/:id/payments', summary: "The landlord's payments, newest first; status=suspense: C2B money that matched no tenant", query: paymentsQuery, example: { status: 'suspense' }, responses: { 200: 'the payments' } },
  { method: 'get', path: '/landlords/:id/billing', summary: 'Billing settings', responses: { 200: '{issueDaysBefore, reminderDays, lateFee, prorate}' } },
  { method: 'patch', path: '/landlords/:id/billing', summary: 'Change billing settings', body: billingSettingsBody, example: { reminderDays: [-3, 0, 3], lateFee: { kind: 'fixed', value: 500, afterDays: 5 } }, responses: { 200: 'the settings' } },
  { method: 'post', path: '/landlords/:id/bills/run', summary: "Make a month's bills now (idempotent)", body: runBillsBody, example: { period: '2026-12' }, responses: { 200: '{period, created, existing}' } },
  { method: 'get', path: '/landlords/:id/bills', summary: "A month's bills with totals", query: listBillsQuery, example: { period: '2026-12', status: 'unpaid' }, responses: { 200: '{period, totals, bills}' } },
  { method: 'get', path: '/tenants/:id', summary: 'A tenant', responses: { 200: 'the tenant' } },
  { method: 'patch', path: '/tenants/:id', summary: 'Change a tenant (rent and due day from the next bill; endsOn moves them out)', body: updateTenantBody, example: { monthlyRent: 16000 }, responses: { 200: 'the tenant' } },
  { method: 'post', path: '/tenants/:id/bills', summary: 'Bill a tenant (rent by default, or another kind)', body: createBillBody, example: { amount: 15000, period: '2026-12' }, responses: { 201: 'the bill', 409: 'a rent bill for that period exists' } },
  { method: 'get', path: '/tenants/:id/bills', summary: "A tenant's open bills, credit and what is due", responses: { 200: '{credit, due, bills}' } },
  { method: 'post', path: '/tenants/:id/charges', summary: 'A recurring charge billed with the rent every month', body: createChargeBody, example: { kind: 'water', amount: 500 }, responses: { 201: 'the charge' } },
  { method: 'get', path: '/tenants/:id/charges', summary: 'The active recurring charges', responses: { 200: 'the charges' } },
  { method: 'delete', path: '/tenants/:id/charges/:chargeId', summary: 'Stop a recurring charge', responses: { 204: 'stopped; bills already made stay' } },
  { method: 'patch', path: '/bills/:id', summary: 'Change a bill nothing is paid on', body: editBillBody, example: { amount: 14000 }, responses: { 200: 'the bill', 409: 'already paid, or voided' } },
  { method: 'post', path: '/bills/:id/void', summary: 'Void a bill; what was paid on it becomes credit', body: voidBillBody, example: { reason: 'billed twice' }, responses: { 200: 'the voided bill' } },
  { method: 'post', path: '/payments/initiate', summary: 'Send an STK Push for a tenant (the oldest open bill by default)', body: initiatePaymentBody, example: { tenantId: '00000000-0000-4000-8000-000000000000' }, responses: { 202: '{paymentId, checkoutRequestId, status}', 409: 'pending, busy phone or nothing due', 422: 'payout not ready, credentials refused, amount too large', 429: 'more than 5 prompts to one phone in 10 minutes', 502: 'Daraja down', 503: 'Daraja busy' } },
  { method: 'get', path: '/payments/:id/status', summary: "A payment's status", responses: { 200: 'the payment' } },
  { method: 'post', path: '/payments/:id/assign', summary: 'Give a suspense C2B payment to a tenant of the same landlord', body: assignPaymentBody, example: { tenantId: '00000000-0000-4000-8000-000000000000' }, responses: { 200: 'the payment, settled' } },
  { method: 'get', path: '/messages', summary: 'Outbound messages to a phone, newest first', query: messagesQuery, example: { to: '0712345678' }, responses: { 200: 'the messages' } },
];

const ERROR = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } }, required: ['code', 'message'] } },
  required: ['error'],
};

/** JSON Schema of what a request may send (zod's input side: a phone is a string before it is normalized). */
function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

const openApiPath = (path: string) => `/api${path.replace(/:(\w+)/g, '{$1}')}`;

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ADMIN_ROUTES) {
    const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }));
    const query = route.query ? schemaOf(route.query) : undefined;
    const queryParams = query
      ? Object.entries((query.properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, schema]) => ({ name, in: 'query', required: ((query.required as string[]) ?? []).includes(name), schema }))
      : [];
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method] = {
      summary: route.summary,
      parameters: [...params, ...queryParams],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body), ...(route.example ? { example: route.example } : {}) } } } } : {}),
      responses: {
        ...Object.fromEntries(Object.entries(route.responses).map(([status, description]) => [status, { description }])),
        '400': { description: 'invalid input, with the reason', content: { 'application/json': { schema: ERROR } } },
        '401': { description: 'no or wrong bearer token' },
      },
      ...(route.example && !route.body ? { 'x-example-query': route.example } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'RentEase Bot admin API',
      version: '1',
      description: 'JSON in and out. Phones as 07…, 01…, +254… or 254… (returned as 2547…); amounts in whole shillings; days YYYY-MM-DD, periods YYYY-MM. Errors: {"error": {code, message}} with a 4xx status.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN' } } },
    paths,
  };
}
