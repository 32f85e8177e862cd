// The providers' webhooks (Africa's Talking USSD and SMS, Twilio WhatsApp, Daraja's STK callbacks and
// C2B) are answered on node's http directly, in front of express; every other request (the admin API,
// the web pages, the simulator) goes on to express. Why: these are the hot paths, and express 5 with
// body-parser cost four times node's own CPU for the same form POST and answer (bench/README.md, "This
// round"), more than the turn's database work. A route here is a plain async function from a read
// request to an answer, so the handlers do not depend on the HTTP library at all.
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { Logger } from '../log.js';
import { clientAddress, contentTypeOf, parseForm, readBody, type FormFields } from './body.js';

/** What a route sees of the request before its body is read (enough to refuse it early). */
export interface WebhookHead {
  /** The path and query as sent: what Twilio's signature covers. */
  originalUrl: string;
  /** The path's last segment, decoded, for a route with a parameter (Daraja's callback token); else ''. */
  param: string;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** Who sent it (src/webhooks/body.ts `clientAddress`). */
  sourceIp: string | undefined;
}

export interface WebhookRequest extends WebhookHead {
  /** The body as it came (any content-encoding undone). */
  rawBody: Buffer;
  /** The fields of a form body; {} when the body is not a form (the route's schema then names what is missing). */
  form: FormFields;
}

export interface WebhookAnswer {
  status: number;
  contentType?: 'text/plain' | 'text/xml' | 'application/json';
  body?: string;
}

export interface WebhookRoute {
  /** The path, matched as express matched it: any letter case, a trailing slash allowed. */
  path: string;
  /** The path is followed by one more segment, given to the route as `param`. */
  withParam?: boolean;
  /** 'form': the fields are parsed (application/x-www-form-urlencoded); 'raw': only the bytes are kept. */
  body: 'form' | 'raw';
  limitBytes: number;
  /** Runs before the body is read: an answer here refuses the request (a wrong secret, an address not allowed). */
  refuse?(head: WebhookHead): WebhookAnswer | undefined;
  handle(request: WebhookRequest): Promise<WebhookAnswer>;
}

/** Africa's Talking and Twilio post small forms: at most this many bytes, and fields. */
export const FORM_LIMIT_BYTES = 16 * 1024;
export const FORM_PARAMETER_LIMIT = 200;

export const text = (status: number, body: string): WebhookAnswer => ({ status, contentType: 'text/plain', body });
export const xml = (body: string): WebhookAnswer => ({ status: 200, contentType: 'text/xml', body });
export const json = (status: number, value: unknown): WebhookAnswer => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

/** The API's error shape ({error: {code, message}}), for the answers the listener gives itself; src/http/errors.ts gives the same ones on express's routes. */
const errorJson = (status: number, code: string, message: string) => json(status, { error: { code, message } });
export const TOO_LARGE = errorJson(413, 'payload_too_large', 'the request body is too large');
export const UNREADABLE = errorJson(400, 'invalid_request', 'the request could not be read');
export const DATABASE_UNAVAILABLE = errorJson(503, 'database_unavailable', 'the database is not answering; try again shortly');
export const INTERNAL = errorJson(500, 'internal', 'something went wrong on our side');

interface Matched {
  route: WebhookRoute;
  param: string;
}

/**
 * The request listener: a POST to one of `routes` is answered here, anything else goes to `fallback`
 * (the express app).
 */
export function webhookListener(routes: WebhookRoute[], fallback: RequestListener, logger: Logger): RequestListener {
  const exact = new Map(routes.filter((r) => !r.withParam).map((r) => [r.path.toLowerCase(), r]));
  const withParam = routes.filter((r) => r.withParam).map((r) => ({ prefix: `${r.path.toLowerCase()}/`, route: r }));

  const match = (path: string): Matched | 'bad_param' | undefined => {
    const lower = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).toLowerCase();
    const route = exact.get(lower);
    if (route) return { route, param: '' };
    for (const { prefix, route } of withParam) {
      if (!lower.startsWith(prefix)) continue;
      const segment = path.slice(prefix.length, lower.length);
      if (segment.length === 0 || segment.includes('/')) continue;
      try {
        return { route, param: decodeURIComponent(segment) };
      } catch {
        return 'bad_param';
      }
    }
    return undefined;
  };

  return (req, res) => {
    if (req.method !== 'POST') return fallback(req, res);
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const matched = match(path);
    if (!matched) return fallback(req, res);
    if (matched === 'bad_param') return void send(res, UNREADABLE);
    answer(matched, req, url, queryAt).then(
      (a) => send(res, a),
      (error: unknown) => {
        if (isDatabaseUnavailable(error)) return send(res, DATABASE_UNAVAILABLE);
        // The path only: the query may carry a secret (Africa's Talking's ?secret=).
        logger.error({ err: error, path }, 'unhandled error');
        send(res, INTERNAL);
      },
    );
  };
}

async function answer({ route, param }: Matched, req: IncomingMessage, url: string, queryAt: number): Promise<WebhookAnswer> {
  const headers: IncomingHttpHeaders = req.headers;
  // The query and the sender's address are read only by the routes that ask (Africa's Talking's secret,
  // Daraja's allow-list), not on every turn; the query is parsed once, when first read.
  let query: URLSearchParams | undefined;
  const head: WebhookHead = {
    originalUrl: url,
    param,
    get query() {
      return (query ??= new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1)));
    },
    header: (name) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    get sourceIp() {
      return clientAddress(req);
    },
  };
  // The request is the head with its body (assigned, not spread: a spread would read the lazy fields).
  const withBody = (rawBody: Buffer, form: FormFields = Object.create(null) as FormFields): WebhookRequest => Object.assign(head, { rawBody, form });
  const refusal = route.refuse?.(head);
  if (refusal) {
    req.resume();
    return refusal;
  }
  const contentType = contentTypeOf(headers['content-type']);
  const isForm = route.body === 'form' && contentType.type === 'application/x-www-form-urlencoded';
  // Like body-parser: a form route reads only a form body, in UTF-8 or Latin-1.
  if (route.body === 'form' && !isForm) {
    req.resume();
    return route.handle(withBody(Buffer.alloc(0)));
  }
  const charset = contentType.charset ?? 'utf-8';
  if (isForm && charset !== 'utf-8' && charset !== 'iso-8859-1') {
    req.resume();
    return UNREADABLE;
  }
  const body = await readBody(req, route.limitBytes);
  if (body === 'too_large') return TOO_LARGE;
  if (body === 'unreadable') return UNREADABLE;
  if (!isForm) return route.handle(withBody(body));
  const latin1 = charset === 'iso-8859-1';
  const form = parseForm(body.toString(latin1 ? 'latin1' : 'utf8'), { parameterLimit: FORM_PARAMETER_LIMIT, latin1 });
  if (form === 'too_many') return TOO_LARGE;
  return route.handle(withBody(body, form));
}

function send(res: ServerResponse, answer: WebhookAnswer): void {
  if (res.headersSent) return void res.end();
  const body = answer.body ?? '';
  res.statusCode = answer.status;
  if (answer.contentType) res.setHeader('content-type', `${answer.contentType}; charset=utf-8`);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
