// One OAuth token per consumer key (reference/daraja.md §1): "each request invalidates the previous
// token", so callers must share one token and one refresh at a time. Within a process this cache
// does that; across processes a SharedTokenStore does (the database, see db/queries/daraja-tokens.ts).
import { DarajaError } from './errors.js';
import type { DarajaApi } from './daraja-api.js';
import { errorResponseSchema, tokenResponseSchema } from './types.js';

/** Refresh this long before Daraja says the token expires, so no request races the expiry. */
const REFRESH_MARGIN_MS = 60_000;

export interface AccessToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Tokens shared by every process using the same Daraja app. `refresh` runs under a lock held across
 * processes: it returns the stored token when that is usable (not `rejected`, valid past
 * `usableUntil`), and otherwise calls `request` once and stores what it got.
 */
export interface SharedTokenStore {
  refresh(
    consumerKey: string,
    options: { rejected: string | undefined; usableUntil: number },
    request: () => Promise<AccessToken>,
  ): Promise<AccessToken>;
}

export class TokenCache {
  readonly #api: DarajaApi;
  readonly #now: () => number;
  readonly #shared: SharedTokenStore | undefined;
  readonly #tokens = new Map<string, AccessToken>();
  /** The token Daraja last refused per key: another process's refresh knocked it out. */
  readonly #rejected = new Map<string, string>();
  readonly #inflight = new Map<string, Promise<string>>();
  /** How many token requests were made to Daraja; exposed for metrics and tests. */
  requests = 0;

  constructor(api: DarajaApi, options: { now?: () => number; shared?: SharedTokenStore } = {}) {
    this.#api = api;
    this.#now = options.now ?? Date.now;
    this.#shared = options.shared;
  }

  async get(consumerKey: string, consumerSecret: string): Promise<string> {
    const cached = this.#tokens.get(consumerKey);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.#now()) return cached.token;
    const running = this.#inflight.get(consumerKey);
    if (running) return running;
    const request = this.#refresh(consumerKey, consumerSecret).finally(() => this.#inflight.delete(consumerKey));
    this.#inflight.set(consumerKey, request);
    return request;
  }

  /**
   * Forgets `staleToken` after Daraja rejected it. Only that token: when 50 requests see the same
   * rejection, the first invalidates and refreshes, the others find the fresh token and reuse it.
   */
  invalidate(consumerKey: string, staleToken: string): void {
    if (this.#tokens.get(consumerKey)?.token !== staleToken) return;
    this.#tokens.delete(consumerKey);
    this.#rejected.set(consumerKey, staleToken);
  }

  async #refresh(consumerKey: string, consumerSecret: string): Promise<string> {
    const request = () => this.#request(consumerKey, consumerSecret);
    const fresh = this.#shared ? await this.#refreshShared(consumerKey, request) : await request();
    this.#tokens.set(consumerKey, fresh);
    this.#rejected.delete(consumerKey);
    return fresh.token;
  }

  async #refreshShared(consumerKey: string, request: () => Promise<AccessToken>): Promise<AccessToken> {
    let asked: Promise<AccessToken> | undefined;
    try {
      return await this.#shared!.refresh(consumerKey, { rejected: this.#rejected.get(consumerKey), usableUntil: this.#now() + REFRESH_MARGIN_MS }, () => (asked = request()));
    } catch {
      // Daraja's answer stands, refusal or token. But the store failing (the database is away) must not
      // fail a payment over a token: then ask Daraja directly, at the price of the other processes' token.
      return asked ?? request();
    }
  }

  async #request(consumerKey: string, consumerSecret: string): Promise<AccessToken> {
    this.requests++;
    const answer = await this.#api.requestToken(consumerKey, consumerSecret);
    const parsed = tokenResponseSchema.safeParse(answer.body);
    if (answer.status === 200 && parsed.success) {
      const { access_token, expires_in } = parsed.data;
      return { token: access_token, expiresAt: this.#now() + expires_in * 1000 };
    }
    const error = errorResponseSchema.safeParse(answer.body);
    if (answer.status >= 500) throw new DarajaError('daraja_unavailable', `Daraja OAuth answered HTTP ${answer.status}`, { httpStatus: answer.status });
    throw new DarajaError('auth_failed', error.success ? error.data.errorMessage : `Daraja OAuth answered HTTP ${answer.status}`, {
      httpStatus: answer.status,
      errorCode: error.success ? error.data.errorCode : undefined,
    });
  }
}
