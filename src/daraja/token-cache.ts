// One OAuth token per consumer key (reference/daraja.md §1): "each request invalidates the previous
// token", so callers must share one token and one refresh at a time.
import { DarajaError } from './errors.js';
import type { DarajaApi } from './daraja-api.js';
import { errorResponseSchema, tokenResponseSchema } from './types.js';

/** Refresh this long before Daraja says the token expires, so no request races the expiry. */
const REFRESH_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

export class TokenCache {
  readonly #api: DarajaApi;
  readonly #now: () => number;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inflight = new Map<string, Promise<string>>();
  /** How many token requests were made; exposed for metrics and tests. */
  requests = 0;

  constructor(api: DarajaApi, now: () => number = Date.now) {
    this.#api = api;
    this.#now = now;
  }

  async get(consumerKey: string, consumerSecret: string): Promise<string> {
    const cached = this.#tokens.get(consumerKey);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.#now()) return cached.token;
    const running = this.#inflight.get(consumerKey);
    if (running) return running;
    const request = this.#fetch(consumerKey, consumerSecret).finally(() => this.#inflight.delete(consumerKey));
    this.#inflight.set(consumerKey, request);
    return request;
  }

  /**
   * Forgets `staleToken` after Daraja rejected it. Only that token: when 50 requests see the same
   * rejection, the first invalidates and refreshes, the others find the fresh token and reuse it.
   */
  invalidate(consumerKey: string, staleToken: string): void {
    if (this.#tokens.get(consumerKey)?.token === staleToken) this.#tokens.delete(consumerKey);
  }

  async #fetch(consumerKey: string, consumerSecret: string): Promise<string> {
    this.requests++;
    const answer = await this.#api.requestToken(consumerKey, consumerSecret);
    const parsed = tokenResponseSchema.safeParse(answer.body);
    if (answer.status === 200 && parsed.success) {
      const { access_token, expires_in } = parsed.data;
      this.#tokens.set(consumerKey, { token: access_token, expiresAt: this.#now() + expires_in * 1000 });
      return access_token;
    }
    const error = errorResponseSchema.safeParse(answer.body);
    if (answer.status >= 500) throw new DarajaError('daraja_unavailable', `Daraja OAuth answered HTTP ${answer.status}`, { httpStatus: answer.status });
    throw new DarajaError('auth_failed', error.success ? error.data.errorMessage : `Daraja OAuth answered HTTP ${answer.status}`, {
      httpStatus: answer.status,
      errorCode: error.success ? error.data.errorCode : undefined,
    });
  }
}
