// HTTP only: URLs, auth headers, timeouts. No interpretation of answers beyond "JSON or not".
import { DarajaError } from './errors.js';

export interface DarajaHttpAnswer {
  status: number;
  body: unknown;
}

export interface DarajaApiOptions {
  baseUrl: string;
  /** Per-request timeout; Daraja can be slow, the webhook budgets of our callers are 15 s. */
  timeoutMs?: number;
}

export class DarajaApi {
  readonly baseUrl: string;
  readonly #timeoutMs: number;

  constructor(options: DarajaApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** GET /oauth/v1/generate with HTTP Basic auth (consumer key and secret). */
  requestToken(consumerKey: string, consumerSecret: string): Promise<DarajaHttpAnswer> {
    const basic = Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64');
    return this.#send('/oauth/v1/generate?grant_type=client_credentials', { method: 'GET', headers: { Authorization: `Basic ${basic}` } }, false);
  }

  stkPush(token: string, body: object): Promise<DarajaHttpAnswer> {
    return this.#post('/mpesa/stkpush/v1/processrequest', token, body);
  }

  stkQuery(token: string, body: object): Promise<DarajaHttpAnswer> {
    return this.#post('/mpesa/stkpushquery/v1/query', token, body);
  }

  /** C2B v2: confirmations carry a masked MSISDN (reference/daraja.md §5). */
  registerC2bUrls(token: string, body: object): Promise<DarajaHttpAnswer> {
    return this.#post('/mpesa/c2b/v2/registerurl', token, body);
  }

  #post(path: string, token: string, body: object): Promise<DarajaHttpAnswer> {
    return this.#send(
      path,
      { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      true,
    );
  }

  async #send(path: string, init: RequestInit, mutating: boolean): Promise<DarajaHttpAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new DarajaError('daraja_unavailable', timedOut ? `Daraja did not answer within ${this.#timeoutMs} ms` : 'Daraja could not be reached', {
        // A timeout after the request left may still have been processed; a refused connection was not.
        mayHaveBeenProcessed: mutating && timedOut,
      });
    }
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined; // proxies and outages answer HTML; the caller treats a non-JSON body by status
    }
    return { status: response.status, body };
  }
}
