// What the payments core needs, passed by argument from the composition root (src/main.ts): the
// database, the Daraja client, the secret box for landlords' own credentials, and the few settings
// payments read (not the whole configuration).
import type { Db } from '../../db/client.js';
import type { Executor } from '../../db/sql.js';
import type { Config } from '../config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { DarajaClient, DarajaCredentials } from '../daraja/daraja-client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface PaymentSettings {
  /** Signs the per-payment callback tokens. */
  appSecret: string;
  /** The largest amount one STK Push may ask for. */
  mpesaMaxAmount: number;
  stkQueryAfterSeconds: number;
  stkExpireAfterSeconds: number;
  /** CallBackURL without the token: DARAJA_CALLBACK_URL, or built from PUBLIC_BASE_URL. */
  callbackBaseUrl: string;
  /** DARAJA_ALLOWED_IPS; empty: any source. */
  allowedIps: string[];
  /** Where C2B validations and confirmations are registered to go: PUBLIC_BASE_URL + /api/daraja/c2b. */
  c2bBaseUrl: string;
  /** The platform's Daraja app and passkey, used for shortcodes without their own. */
  platformCredentials: DarajaCredentials;
}

export interface PaymentsDeps {
  db: Db;
  /** The hot paths' prepared, pipelined SQL (db/sql.ts). */
  sql: Executor;
  daraja: DarajaClient;
  secretBox: SecretBox;
  logger: Logger;
  metrics: Metrics;
  settings: PaymentSettings;
}

export function paymentSettings(config: Config): PaymentSettings {
  return {
    appSecret: config.appSecret,
    mpesaMaxAmount: config.mpesaMaxAmount,
    stkQueryAfterSeconds: config.stkQueryAfterSeconds,
    stkExpireAfterSeconds: config.stkExpireAfterSeconds,
    callbackBaseUrl: (config.daraja.callbackUrl ?? `${config.publicBaseUrl}/api/daraja/callback`).replace(/\/+$/, ''),
    allowedIps: config.daraja.allowedIps,
    c2bBaseUrl: `${config.publicBaseUrl}/api/daraja/c2b`,
    platformCredentials: { consumerKey: config.daraja.consumerKey, consumerSecret: config.daraja.consumerSecret, passkey: config.daraja.passkey },
  };
}
