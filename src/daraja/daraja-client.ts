// The Daraja provider the rest of the code calls: STK Push, STK Push Query and C2B RegisterURL, multi-tenant
// (each call carries the credentials of the shortcode it pays into; DESIGN.md decision 7).
import { DarajaApi, type DarajaHttpAnswer } from './daraja-api.js';
import { DarajaError } from './errors.js';
import { eatTimestamp, stkPassword } from './timestamp.js';
import { TokenCache, type SharedTokenStore } from './token-cache.js';
import {
  domainCodeForError,
  domainCodeForResult,
  isInvalidTokenError,
  queryOutcomeForError,
  type QueryOutcome,
} from './transform.js';
import { c2bRegisterResponseSchema, errorResponseSchema, stkPushResponseSchema, stkQueryResponseSchema } from './types.js';
import {
  assertAccountReference,
  assertAmount,
  assertCallbackUrl,
  assertMsisdn,
  assertShortCode,
  assertTransactionDesc,
} from './validation.js';

export interface DarajaCredentials {
  consumerKey: string;
  consumerSecret: string;
  passkey: string;
}

/**
 * Where the money goes. Paybill: BusinessShortCode = PartyB = the paybill. Till: BusinessShortCode is
 * the store/head-office number that went live, PartyB the till, TransactionType CustomerBuyGoodsOnline
 * (the seed guide puts the till in both fields; Daraja answers 2028 or SFC_IC0003 to that).
 */
export type StkDestination =
  | { businessType: 'paybill'; businessShortCode: string }
  | { businessType: 'till'; businessShortCode: string; tillNumber: string };

export interface StkPushRequest {
  credentials: DarajaCredentials;
  destination: StkDestination;
  amount: number;
  /** The phone that gets the prompt and pays, 2547…/2541…. */
  phone: string;
  accountReference: string;
  description: string;
  callbackUrl: string;
}

export interface StkPushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  customerMessage: string;
}

export interface DarajaClientOptions {
  baseUrl: string;
  maxAmount: number;
  timeoutMs?: number;
  now?: () => Date;
  /** Shares OAuth tokens with the other processes using the same Daraja apps; per process without it. */
  sharedTokens?: SharedTokenStore;
}

export class DarajaClient {
  readonly tokens: TokenCache;
  readonly #api: DarajaApi;
  readonly #maxAmount: number;
  readonly #now: () => Date;

  constructor(options: DarajaClientOptions) {
    this.#api = new DarajaApi({ baseUrl: options.baseUrl, timeoutMs: options.timeoutMs });
    this.tokens = new TokenCache(this.#api, { shared: options.sharedTokens });
    this.#maxAmount = options.maxAmount;
    this.#now = options.now ?? (() => new Date());
  }

  /** Sends one STK Push. Never retried except when the token was refused (rejected before processing). */
  async stkPush(request: StkPushRequest): Promise<StkPushAccepted> {
    const { destination } = request;
    assertAmount(request.amount, this.#maxAmount);
    assertMsisdn('PhoneNumber', request.phone);
    assertShortCode('BusinessShortCode', destination.businessShortCode);
    if (destination.businessType === 'till') assertShortCode('PartyB', destination.tillNumber);
    assertAccountReference(request.accountReference);
    assertTransactionDesc(request.description);
    assertCallbackUrl(request.callbackUrl);

    const timestamp = eatTimestamp(this.#now());
    const body = {
      BusinessShortCode: destination.businessShortCode,
      Password: stkPassword(destination.businessShortCode, request.credentials.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: destination.businessType === 'till' ? 'CustomerBuyGoodsOnline' : 'CustomerPayBillOnline',
      Amount: request.amount,
      PartyA: request.phone,
      PartyB: destination.businessType === 'till' ? destination.tillNumber : destination.businessShortCode,
      PhoneNumber: request.phone,
      CallBackURL: request.callbackUrl,
      AccountReference: request.accountReference,
      TransactionDesc: request.description,
    };
    const answer = await this.#withToken(request.credentials, (token) => this.#api.stkPush(token, body));
    const accepted = stkPushResponseSchema.safeParse(answer.body);
    if (answer.status === 200 && accepted.success && accepted.data.ResponseCode === '0') {
      return {
        merchantRequestId: accepted.data.MerchantRequestID,
        checkoutRequestId: accepted.data.CheckoutRequestID,
        customerMessage: accepted.data.CustomerMessage ?? accepted.data.ResponseDescription,
      };
    }
    if (answer.status === 200 && accepted.success) {
      throw new DarajaError(domainCodeForResult(accepted.data.ResponseCode), accepted.data.ResponseDescription, { httpStatus: 200 });
    }
    throw errorFromAnswer(answer, 'STK Push');
  }

  /** Asks Daraja how a push ended. Pending and unknown are answers, not errors. */
  async stkQuery(request: { credentials: DarajaCredentials; businessShortCode: string; checkoutRequestId: string }): Promise<QueryOutcome> {
    assertShortCode('BusinessShortCode', request.businessShortCode);
    const timestamp = eatTimestamp(this.#now());
    const body = {
      BusinessShortCode: request.businessShortCode,
      Password: stkPassword(request.businessShortCode, request.credentials.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: request.checkoutRequestId,
    };
    const answer = await this.#withToken(request.credentials, (token) => this.#api.stkQuery(token, body));
    const done = stkQueryResponseSchema.safeParse(answer.body);
    if (answer.status === 200 && done.success) {
      return { kind: 'done', resultCode: done.data.ResultCode, resultDesc: done.data.ResultDesc, outcome: domainCodeForResult(done.data.ResultCode) };
    }
    const error = errorResponseSchema.safeParse(answer.body);
    const outcome = error.success ? queryOutcomeForError(error.data) : undefined;
    if (outcome) return outcome;
    throw errorFromAnswer(answer, 'STK Push Query');
  }

  /**
   * Registers where C2B validations and confirmations for a shortcode go. In production this is one-time:
   * changing the URLs means deleting them in the M-PESA portal first (Daraja answers "Urls are already
   * registered"). Daraja filters out URLs that contain "mpesa" or "safaricom", so ours never do.
   */
  async registerC2bUrls(request: { credentials: DarajaCredentials; shortCode: string; confirmationUrl: string; validationUrl: string; responseType: 'Completed' | 'Cancelled' }): Promise<{ description: string }> {
    assertShortCode('ShortCode', request.shortCode);
    assertCallbackUrl(request.confirmationUrl);
    assertCallbackUrl(request.validationUrl);
    const body = { ShortCode: request.shortCode, ResponseType: request.responseType, ConfirmationURL: request.confirmationUrl, ValidationURL: request.validationUrl };
    const answer = await this.#withToken(request.credentials, (token) => this.#api.registerC2bUrls(token, body));
    const done = c2bRegisterResponseSchema.safeParse(answer.body);
    if (answer.status === 200 && done.success && done.data.ResponseCode === '0') return { description: done.data.ResponseDescription };
    throw errorFromAnswer(answer, 'C2B RegisterURL');
  }

  /**
   * Runs a request with the cached token. A 404.001.03 ("Invalid Access Token") means Daraja refused
   * the request before processing it, so one retry with a fresh token cannot prompt anyone twice.
   */
  async #withToken(credentials: DarajaCredentials, send: (token: string) => Promise<DarajaHttpAnswer>): Promise<DarajaHttpAnswer> {
    const token = await this.tokens.get(credentials.consumerKey, credentials.consumerSecret);
    const answer = await send(token);
    const error = errorResponseSchema.safeParse(answer.body);
    if (!error.success || !isInvalidTokenError(error.data)) return answer;
    this.tokens.invalidate(credentials.consumerKey, token);
    return send(await this.tokens.get(credentials.consumerKey, credentials.consumerSecret));
  }
}

function errorFromAnswer(answer: DarajaHttpAnswer, what: string): DarajaError {
  const error = errorResponseSchema.safeParse(answer.body);
  if (error.success) {
    const code = domainCodeForError(error.data, answer.status);
    return new DarajaError(code, error.data.errorMessage, {
      httpStatus: answer.status,
      errorCode: error.data.errorCode,
      mayHaveBeenProcessed: code === 'daraja_unavailable',
    });
  }
  const unavailable = answer.status >= 500 || answer.status === 200;
  return new DarajaError(unavailable ? 'daraja_unavailable' : 'invalid_request', `${what} answered HTTP ${answer.status} without a Daraja body`, {
    httpStatus: answer.status,
    mayHaveBeenProcessed: answer.status >= 500,
  });
}
