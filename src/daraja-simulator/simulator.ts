// A local Daraja that behaves like the real one where it matters to us (reference/daraja.md):
// Basic-auth OAuth whose new token invalidates the previous one, STK Push validated field by field
// with Daraja's error JSON, the Password checked against the passkey of that shortcode, one open
// prompt per phone, STK Query pending as HTTP 500, and callbacks delivered once, later, or never.
import { randomBytes, randomInt } from 'node:crypto';
import {
  callbackBody,
  outcomeForPhone,
  resultFor,
  RULE_LIMITED,
  type SimulatedOutcome,
  type SimulatedResult,
} from './outcomes.js';
import { C2bRegistrations } from './c2b-registrations.js';
import type { OpenPrompt, SimulatedOutage, SimulatorOptions, Transaction } from './types.js';
import { daraja400, eatStamp, error, randomId, readStkPushRequest, receiptNumber, type SimAnswer } from './wire.js';

export type { OpenPrompt, SimAnswer, SimulatorOptions };

export class DarajaSimulator {
  readonly stats = { tokenRequests: 0, stkPushes: 0, queries: 0, callbacksDelivered: 0 };
  readonly #apps: Map<string, string>;
  readonly #shortCodes: Map<string, string>;
  readonly #tokens = new Map<string, { consumerKey: string; expiresAt: number }>();
  readonly #transactions = new Map<string, Transaction>();
  readonly c2b = new C2bRegistrations();
  readonly #presets = new Map<string, { outcome: SimulatedOutcome; afterMs: number }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #options: Required<Omit<SimulatorOptions, 'apps' | 'shortCodes' | 'defaultPasskey'>> & { defaultPasskey?: string };
  /**
   * 'error500': Daraja answers 503; 'hang': it never answers (client timeouts); 'lose_answers': it
   * processes an STK Push (the prompt reaches the phone) but its answer is lost on the way back.
   */
  outage: SimulatedOutage = 'none';

  constructor(options: SimulatorOptions = {}) {
    this.#apps = new Map(Object.entries(options.apps ?? {}));
    this.#shortCodes = new Map(Object.entries(options.shortCodes ?? {}));
    this.#options = {
      autoAnswerMs: options.autoAnswerMs ?? 30_000,
      callbackDelayMs: options.callbackDelayMs ?? 1_000,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
      repeatWindowMs: options.repeatWindowMs ?? 120_000,
      maxAmount: options.maxAmount ?? 250_000,
      pin: options.pin ?? '1234',
      timestampToleranceMs: options.timestampToleranceMs ?? 10 * 60_000,
      now: options.now ?? Date.now,
      ...(options.defaultPasskey ? { defaultPasskey: options.defaultPasskey } : {}),
    };
  }

  get pin(): string {
    return this.#options.pin;
  }

  registerApp(consumerKey: string, consumerSecret: string): void {
    this.#apps.set(consumerKey, consumerSecret);
  }

  registerShortCode(shortCode: string, passkey: string): void {
    this.#shortCodes.set(shortCode, passkey);
  }

  /** The next push to this phone ends with this outcome after `afterMs`, whatever the rule says. */
  presetOutcome(phone: string, outcome: SimulatedOutcome, afterMs = 0): void {
    this.#presets.set(phone, { outcome, afterMs });
  }

  /** Every token stops working, as when an hour has passed or another process asked for a new one. */
  expireTokens(): void {
    this.#tokens.clear();
  }

  // ---- Daraja endpoints ----------------------------------------------------------------

  oauth(authorization: string | undefined, grantType: unknown): SimAnswer {
    if (grantType !== 'client_credentials') return error(400, '400.008.02', 'Invalid grant type passed');
    const match = /^Basic (.+)$/.exec(authorization ?? '');
    if (!match) return error(400, '400.008.01', 'Invalid Authentication passed');
    const [key, ...rest] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
    if (!key || this.#apps.get(key) !== rest.join(':')) return error(400, '400.008.01', 'Invalid Authentication passed');
    this.stats.tokenRequests++;
    // "Each request invalidates the previous token" (reference/daraja.md §1).
    for (const [token, owner] of this.#tokens) if (owner.consumerKey === key) this.#tokens.delete(token);
    const token = randomBytes(21).toString('base64url');
    this.#tokens.set(token, { consumerKey: key, expiresAt: this.#options.now() + this.#options.tokenLifetimeSeconds * 1000 });
    return { status: 200, body: { access_token: token, expires_in: String(this.#options.tokenLifetimeSeconds) } };
  }

  stkPush(authorization: string | undefined, body: unknown): SimAnswer {
    const denied = this.#checkBearer(authorization);
    if (denied) return denied;
    if (this.outage === 'error500') return error(503, '500.003.1001', 'Internal Server Error');
    const request = readStkPushRequest(body, this.#options.maxAmount, (t) => this.#timestampIsCurrent(t));
    if ('status' in request) return request;
    const { shortCode, timestamp, amount, phone, partyB, callbackUrl, accountReference, transactionDesc, transactionType, password } = request;

    const passkey = this.#shortCodes.get(shortCode) ?? this.#options.defaultPasskey;
    if (passkey === undefined) return error(500, '500.001.1001', 'Merchant does not exist');
    const expected = Buffer.from(`${shortCode}${passkey}${timestamp}`).toString('base64');
    if (password !== expected) return error(500, '500.001.1001', 'Wrong credentials');

    for (const tx of this.#transactions.values()) {
      if (tx.phone === phone && tx.result === undefined) {
        return error(500, '500.001.1001', 'Unable to lock subscriber, a transaction is already in process for the current subscriber');
      }
    }

    this.stats.stkPushes++;
    const now = this.#options.now();
    const stamp = eatStamp(now);
    const tx: Transaction = {
      merchantRequestId: randomId(),
      // Real ids carry the EAT time as DDMMYYYYHHmmss, then digits: ws_CO_1007202409152617172396192.
      checkoutRequestId: `ws_CO_${stamp.slice(6, 8)}${stamp.slice(4, 6)}${stamp.slice(0, 4)}${stamp.slice(8)}${randomInt(1e9, 1e10)}`,
      businessShortCode: shortCode,
      partyB,
      transactionType,
      phone,
      amount,
      accountReference,
      transactionDesc,
      callbackUrl,
      createdAt: now,
      presetOutcome: this.#presets.get(phone),
      result: undefined,
      noCallback: false,
      callbacks: [],
    };
    this.#presets.delete(phone);
    this.#transactions.set(tx.checkoutRequestId, tx);

    if (this.#paidRecently(tx)) this.#schedule(0, () => this.#finish(tx, RULE_LIMITED, false));
    else if (tx.presetOutcome) this.#schedule(tx.presetOutcome.afterMs, () => this.#answer(tx, tx.presetOutcome!.outcome));
    else this.#schedule(this.#options.autoAnswerMs, () => this.#answer(tx, outcomeForPhone(phone)));

    const message = 'Success. Request accepted for processing';
    return {
      status: 200,
      body: {
        MerchantRequestID: tx.merchantRequestId,
        CheckoutRequestID: tx.checkoutRequestId,
        ResponseCode: '0',
        ResponseDescription: message,
        CustomerMessage: message,
      },
    };
  }

  /** C2B RegisterURL: once per shortcode, as in production (c2b-registrations.ts). */
  registerC2bUrls(authorization: string | undefined, body: unknown): SimAnswer {
    return this.#checkBearer(authorization) ?? this.c2b.register(body);
  }

  stkQuery(authorization: string | undefined, body: unknown): SimAnswer {
    const denied = this.#checkBearer(authorization);
    if (denied) return denied;
    if (this.outage === 'error500') return error(503, '500.003.1001', 'Internal Server Error');
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const shortCode = String(b.BusinessShortCode ?? '');
    const timestamp = String(b.Timestamp ?? '');
    if (!/^\d{5,7}$/.test(shortCode)) return daraja400('BusinessShortCode');
    if (!this.#timestampIsCurrent(timestamp)) return daraja400('Timestamp');
    const passkey = this.#shortCodes.get(shortCode) ?? this.#options.defaultPasskey;
    if (passkey === undefined) return error(500, '500.001.1001', 'Merchant does not exist');
    if (b.Password !== Buffer.from(`${shortCode}${passkey}${timestamp}`).toString('base64')) return error(500, '500.001.1001', 'Wrong credentials');
    this.stats.queries++;
    const id = String(b.CheckoutRequestID ?? '');
    const tx = this.#transactions.get(id);
    if (!tx || tx.businessShortCode !== shortCode) return { status: 500, body: { errorCode: '500.001.1001', errorMessage: 'The transaction does not Exist' } };
    if (!tx.result) return error(500, '500.001.1001', 'The transaction is being processed', id);
    return {
      status: 200,
      body: {
        ResponseCode: '0',
        ResponseDescription: 'The service request has been accepted successsfully',
        MerchantRequestID: tx.merchantRequestId,
        CheckoutRequestID: tx.checkoutRequestId,
        ResultCode: String(tx.result.resultCode),
        ResultDesc: tx.result.resultDesc,
      },
    };
  }

  // ---- the simulated phone ---------------------------------------------------------------

  openPrompts(phone?: string): OpenPrompt[] {
    return [...this.#transactions.values()]
      .filter((tx) => tx.result === undefined && (!phone || tx.phone === phone))
      .map(({ checkoutRequestId, phone, amount, businessShortCode, partyB, accountReference, transactionDesc }) => ({
        checkoutRequestId,
        phone,
        amount,
        businessShortCode,
        partyB,
        accountReference,
        transactionDesc,
      }));
  }

  /** The phone's owner types a PIN: the right one pays, a wrong one ends with 2001. */
  enterPin(checkoutRequestId: string, pin: string): boolean {
    return this.#answerOpen(checkoutRequestId, pin === this.#options.pin ? 'success' : 'wrong_pin');
  }

  cancelPrompt(checkoutRequestId: string): boolean {
    return this.#answerOpen(checkoutRequestId, 'cancelled');
  }

  /** Ends an open prompt with any outcome, e.g. 'no_callback': paid, but the callback is never sent. */
  answerPrompt(checkoutRequestId: string, outcome: SimulatedOutcome): boolean {
    return this.#answerOpen(checkoutRequestId, outcome);
  }

  transaction(checkoutRequestId: string) {
    const tx = this.#transactions.get(checkoutRequestId);
    return tx && { ...tx, callbacks: [...tx.callbacks] };
  }

  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  // ---- internals ---------------------------------------------------------------------------

  #answerOpen(checkoutRequestId: string, outcome: SimulatedOutcome): boolean {
    const tx = this.#transactions.get(checkoutRequestId);
    if (!tx || tx.result) return false;
    this.#answer(tx, outcome);
    return true;
  }

  #answer(tx: Transaction, outcome: SimulatedOutcome): void {
    if (tx.result) return;
    const now = this.#options.now();
    const receipt = { mpesaReceiptNumber: receiptNumber(), transactionDate: Number(eatStamp(now)) };
    this.#finish(tx, resultFor(outcome, receipt), outcome === 'no_callback');
  }

  #finish(tx: Transaction, result: SimulatedResult, noCallback: boolean): void {
    tx.result = result;
    tx.noCallback = noCallback;
    if (!noCallback) this.#schedule(this.#options.callbackDelayMs, () => void this.#deliver(tx));
  }

  async #deliver(tx: Transaction): Promise<void> {
    try {
      const response = await fetch(tx.callbackUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json;charset=UTF-8' },
        body: JSON.stringify(callbackBody(tx, tx.result!)),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      tx.callbacks.push({ status: response.status, at: this.#options.now() });
      this.stats.callbacksDelivered++;
    } catch {
      // Daraja was not seen to retry a failed callback (reference/daraja.md §3): neither do we.
      tx.callbacks.push({ status: 'error', at: this.#options.now() });
    }
  }

  #paidRecently(tx: Transaction): boolean {
    if (this.#options.repeatWindowMs <= 0) return false;
    for (const other of this.#transactions.values()) {
      if (other !== tx && other.phone === tx.phone && other.amount === tx.amount && other.result?.resultCode === 0 && tx.createdAt - other.createdAt < this.#options.repeatWindowMs) {
        return true;
      }
    }
    return false;
  }

  #checkBearer(authorization: string | undefined): SimAnswer | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const entry = token ? this.#tokens.get(token) : undefined;
    if (!entry || entry.expiresAt <= this.#options.now()) return error(404, '404.001.03', 'Invalid Access Token');
    return undefined;
  }

  #timestampIsCurrent(timestamp: string): boolean {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(timestamp);
    if (!m) return false;
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    const instant = Date.UTC(y!, mo! - 1, d!, h! - 3, mi!, s!);
    return Math.abs(instant - this.#options.now()) <= this.#options.timestampToleranceMs;
  }

  #schedule(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }
}
