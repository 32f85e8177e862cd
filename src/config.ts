// Configuration: every variable of CONTRACT.md, validated once at start-up.
// A bad or missing value becomes a ConfigError whose message names the variable,
// so the process can stop with one clear line (see server.ts).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { TemplateKind } from './domain/types.js';

/** A WhatsApp template's Content SID (HX…) per language; Kiswahili falls back to the English one. */
export type TwilioTemplates = Partial<Record<TemplateKind, { en: string; sw: string | undefined }>>;

export type DarajaEnv = 'simulator' | 'sandbox' | 'production';

export interface Config {
  port: number;
  host: string;
  publicBaseUrl: string;
  /** True when PUBLIC_BASE_URL was not given and is derived from PORT. */
  publicBaseUrlDefaulted: boolean;
  databaseUrl: string | undefined;
  /** App processes to run (node:cluster); more than one needs DATABASE_URL. */
  webConcurrency: number;
  /** postgres.js connections per process (each conversation turn and callback holds one for its transaction). */
  databasePoolSize: number;
  /** Count the round trips to PostgreSQL (the benchmarks read them from /metrics); off in production. */
  databaseCountRoundTrips: boolean;
  dataDir: string;
  adminApiToken: string;
  appSecret: string;
  encryptionKey: Buffer;
  daraja: {
    env: DarajaEnv;
    /** True when the simulator runs inside this process (simulator mode without DARAJA_BASE_URL). */
    builtInSimulator: boolean;
    baseUrl: string;
    consumerKey: string;
    consumerSecret: string;
    businessShortCode: string;
    passkey: string;
    callbackUrl: string | undefined;
    timeoutUrl: string | undefined;
    allowedIps: string[];
    /** How long one request to Daraja may take before it counts as unanswered. */
    timeoutMs: number;
  };
  /** The built-in Daraja simulator (DARAJA_ENV=simulator): how its simulated phones behave. */
  simulator: { autoAnswerSeconds: number; callbackDelayMs: number };
  mpesaMaxAmount: number;
  stkQueryAfterSeconds: number;
  stkExpireAfterSeconds: number;
  /** Seconds between a USSD END reply and the STK Push it announced (the phone must leave the session). */
  ussdPushDelaySeconds: number;
  twilio: { accountSid: string; authToken: string; whatsappFrom: string; templates: TwilioTemplates } | undefined;
  /** Set alone (without the SDK credentials) it still makes inbound WhatsApp signatures mandatory. */
  twilioAuthToken: string | undefined;
  africasTalking: { username: string; apiKey: string; smsFrom: string | undefined } | undefined;
  atWebhookSecret: string | undefined;
  /** The USSD code tenants dial (e.g. *384*123#), named in bill notices; unset: notices do not mention USSD. */
  ussdServiceCode: string | undefined;
  billing: {
    /** The scheduler (bills, late fees, reminders) runs in this process. */
    schedulerEnabled: boolean;
    intervalMs: number;
    /** No bill notices or reminders between these hours, EAT; null: any time. */
    quietHours: { from: number; to: number } | null;
  };
  /** Bill notices and reminders sent per second at most, per process (receipts and replies are never held). */
  outboxBulkPerSecond: number;
  /** Unknown numbers may register as landlords by chat. */
  signupOpen: boolean;
  logLevel: string;
  /** json or pretty; unset: pretty on a terminal, JSON otherwise (src/server.ts decides). */
  logFormat: 'json' | 'pretty' | undefined;
  /** Names of the secrets generated for simulator mode (kept in DATA_DIR), for the start-up log. */
  generatedSecrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** The published sandbox shortcode and passkey (reference/daraja.md §7); the simulator uses them too. */
export const SANDBOX_SHORT_CODE = '174379';
export const SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
export const SIMULATOR_CONSUMER_KEY = 'simulator-consumer-key';
export const SIMULATOR_CONSUMER_SECRET = 'simulator-consumer-secret';

const DARAJA_HOSTS: Record<Exclude<DarajaEnv, 'simulator'>, string> = {
  sandbox: 'https://sandbox.safaricom.co.ke',
  production: 'https://api.safaricom.co.ke',
};

const optional = z.string().trim().min(1).optional();
const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const seconds = z.coerce.number({ message: 'must be a number' }).int('must be whole seconds').min(1).max(86_400);
const contentSid = z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'must be a Content SID: HX followed by 32 hex digits');
const shortCode = z.string().regex(/^\d{5,7}$/, 'must be 5 to 7 digits');

const envSchema = z.object({
  PORT: z.coerce.number({ message: 'must be a number' }).int().min(0).max(65_535, 'must be a port from 0 to 65535').default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: url.optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().default('.data'),
  WEB_CONCURRENCY: z.coerce.number({ message: 'must be a number' }).int().min(1).max(32).default(1),
  DATABASE_POOL_SIZE: z.coerce.number({ message: 'must be a number' }).int().min(1).max(200).default(20),
  DATABASE_COUNT_ROUND_TRIPS: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0'),
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  APP_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
    .optional(),
  DARAJA_ENV: z.enum(['simulator', 'sandbox', 'production'], { message: 'must be simulator, sandbox or production' }).optional(),
  DARAJA_BASE_URL: url.optional(),
  DARAJA_CONSUMER_KEY: optional,
  DARAJA_CONSUMER_SECRET: optional,
  DARAJA_BUSINESS_SHORT_CODE: shortCode.optional(),
  DARAJA_PASSKEY: optional,
  DARAJA_CALLBACK_URL: url.optional(),
  DARAJA_TIMEOUT_URL: url.optional(),
  DARAJA_ALLOWED_IPS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .optional(),
  MPESA_MAX_AMOUNT: z.coerce.number({ message: 'must be a number' }).int('must be whole shillings').min(1).max(10_000_000).default(250_000),
  STK_QUERY_AFTER_SECONDS: seconds.default(60),
  STK_EXPIRE_AFTER_SECONDS: seconds.default(300),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_WHATSAPP_FROM: optional,
  TWILIO_TEMPLATE_BILL_NOTICE: contentSid.optional(),
  TWILIO_TEMPLATE_BILL_NOTICE_SW: contentSid.optional(),
  TWILIO_TEMPLATE_REMINDER: contentSid.optional(),
  TWILIO_TEMPLATE_REMINDER_SW: contentSid.optional(),
  TWILIO_TEMPLATE_RECEIPT: contentSid.optional(),
  TWILIO_TEMPLATE_RECEIPT_SW: contentSid.optional(),
  USSD_SERVICE_CODE: z.string().regex(/^\*[0-9*]+#$/, 'must look like *384*123#').optional(),
  BILLING_INTERVAL_SECONDS: seconds.default(300),
  SIGNUP_DISABLED: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0'),
  OUTBOX_BULK_PER_SECOND: z.coerce.number({ message: 'must be a number' }).int().min(1).max(10_000).default(20),
  SCHEDULER_DISABLED: z.enum(['0', '1'], { message: 'must be 0 or 1' }).default('0'),
  // Unset means the default; an empty value (QUIET_HOURS=) means none, so it is read before empties are dropped.
  QUIET_HOURS: z.string().regex(/^(\d{1,2})-(\d{1,2})$/, 'must be like 21-7 (hours, EAT), or empty for none').optional(),
  AT_USERNAME: optional,
  AT_API_KEY: optional,
  AT_SMS_FROM: optional,
  AT_WEBHOOK_SECRET: optional,
  USSD_PUSH_DELAY_SECONDS: z.coerce.number({ message: 'must be a number' }).min(0).max(60).default(5),
  DARAJA_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number' }).min(1).max(60).default(10),
  SIMULATOR_AUTO_ANSWER_SECONDS: z.coerce.number({ message: 'must be a number' }).min(0).max(600).default(30),
  SIMULATOR_CALLBACK_DELAY_MS: z.coerce.number({ message: 'must be a number' }).int().min(0).max(600_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { message: 'must be json or pretty' }).optional(),
});

type Env = Record<string, string | undefined>;

/** Parses the environment. Empty strings count as unset, as in most .env tooling. */
export function loadConfig(rawEnv: Env = process.env): Config {
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const quietHours = parseQuietHours(rawEnv.QUIET_HOURS === undefined ? '21-7' : rawEnv.QUIET_HOURS.trim());
  const darajaEnv: DarajaEnv = e.DARAJA_ENV ?? (e.DARAJA_CONSUMER_KEY ? 'sandbox' : 'simulator');
  const simulator = darajaEnv === 'simulator';
  const dataDir = resolve(e.DATA_DIR);
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');

  if (!simulator) {
    for (const name of ['DARAJA_CONSUMER_KEY', 'DARAJA_CONSUMER_SECRET', 'DARAJA_BUSINESS_SHORT_CODE', 'DARAJA_PASSKEY'] as const) {
      if (!e[name]) throw new ConfigError(name, `is required when DARAJA_ENV is ${darajaEnv}`);
    }
  }
  const secrets = resolveSecrets(e, simulator, dataDir);
  // Africa's Talking does not sign its webhooks: outside the simulator a secret in their URL is the only
  // proof of who posted, so it is required, as the Twilio signature is for WhatsApp.
  if (!simulator && !e.AT_WEBHOOK_SECRET) throw new ConfigError('AT_WEBHOOK_SECRET', 'is required outside simulator mode (Africa\'s Talking webhooks carry it as ?secret=)');
  if (e.TWILIO_ACCOUNT_SID) {
    for (const name of ['TWILIO_AUTH_TOKEN', 'TWILIO_WHATSAPP_FROM'] as const) {
      if (!e[name]) throw new ConfigError(name, 'is required with TWILIO_ACCOUNT_SID');
    }
  }
  if (Boolean(e.AT_USERNAME) !== Boolean(e.AT_API_KEY)) {
    throw new ConfigError(e.AT_USERNAME ? 'AT_API_KEY' : 'AT_USERNAME', 'AT_USERNAME and AT_API_KEY go together');
  }
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    throw new ConfigError('WEB_CONCURRENCY', 'more than one process needs DATABASE_URL (PGlite belongs to one process)');
  }
  if (e.STK_EXPIRE_AFTER_SECONDS <= e.STK_QUERY_AFTER_SECONDS) {
    throw new ConfigError('STK_EXPIRE_AFTER_SECONDS', 'must be larger than STK_QUERY_AFTER_SECONDS');
  }

  return {
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl,
    publicBaseUrlDefaulted: !e.PUBLIC_BASE_URL,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseCountRoundTrips: e.DATABASE_COUNT_ROUND_TRIPS === '1',
    webConcurrency: e.WEB_CONCURRENCY,
    dataDir,
    ...secrets,
    daraja: {
      env: darajaEnv,
      builtInSimulator: simulator && !e.DARAJA_BASE_URL,
      // The simulator is mounted inside this very process (src/main.ts), so it is reached over loopback.
      baseUrl: (e.DARAJA_BASE_URL ?? (simulator ? `http://127.0.0.1:${e.PORT}/simulator/daraja` : DARAJA_HOSTS[darajaEnv])).replace(/\/+$/, ''),
      consumerKey: e.DARAJA_CONSUMER_KEY ?? SIMULATOR_CONSUMER_KEY,
      consumerSecret: e.DARAJA_CONSUMER_SECRET ?? SIMULATOR_CONSUMER_SECRET,
      businessShortCode: e.DARAJA_BUSINESS_SHORT_CODE ?? SANDBOX_SHORT_CODE,
      passkey: e.DARAJA_PASSKEY ?? SANDBOX_PASSKEY,
      callbackUrl: e.DARAJA_CALLBACK_URL,
      timeoutUrl: e.DARAJA_TIMEOUT_URL,
      allowedIps: e.DARAJA_ALLOWED_IPS ?? [],
      timeoutMs: e.DARAJA_TIMEOUT_SECONDS * 1000,
    },
    simulator: { autoAnswerSeconds: e.SIMULATOR_AUTO_ANSWER_SECONDS, callbackDelayMs: e.SIMULATOR_CALLBACK_DELAY_MS },
    mpesaMaxAmount: e.MPESA_MAX_AMOUNT,
    stkQueryAfterSeconds: e.STK_QUERY_AFTER_SECONDS,
    stkExpireAfterSeconds: e.STK_EXPIRE_AFTER_SECONDS,
    ussdPushDelaySeconds: e.USSD_PUSH_DELAY_SECONDS,
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_WHATSAPP_FROM
        ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN, whatsappFrom: e.TWILIO_WHATSAPP_FROM, templates: twilioTemplates(e) }
        : undefined,
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    africasTalking: e.AT_USERNAME && e.AT_API_KEY ? { username: e.AT_USERNAME, apiKey: e.AT_API_KEY, smsFrom: e.AT_SMS_FROM } : undefined,
    atWebhookSecret: e.AT_WEBHOOK_SECRET,
    ussdServiceCode: e.USSD_SERVICE_CODE,
    outboxBulkPerSecond: e.OUTBOX_BULK_PER_SECOND,
    signupOpen: e.SIGNUP_DISABLED !== '1',
    billing: { schedulerEnabled: e.SCHEDULER_DISABLED !== '1', intervalMs: e.BILLING_INTERVAL_SECONDS * 1000, quietHours },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

function twilioTemplates(e: z.infer<typeof envSchema>): TwilioTemplates {
  const template = (en: string | undefined, sw: string | undefined) => (en ? { en, sw } : undefined);
  const all = {
    bill_notice: template(e.TWILIO_TEMPLATE_BILL_NOTICE, e.TWILIO_TEMPLATE_BILL_NOTICE_SW),
    reminder: template(e.TWILIO_TEMPLATE_REMINDER, e.TWILIO_TEMPLATE_REMINDER_SW),
    receipt: template(e.TWILIO_TEMPLATE_RECEIPT, e.TWILIO_TEMPLATE_RECEIPT_SW),
  };
  return Object.fromEntries(Object.entries(all).filter(([, t]) => t)) as TwilioTemplates;
}

function parseQuietHours(value: string): { from: number; to: number } | null {
  if (value === '') return null;
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(value);
  const [from, to] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || from > 23 || to > 23 || from === to) throw new ConfigError('QUIET_HOURS', 'must be two different hours 0–23, like 21-7 (EAT), or empty for none');
  return { from, to };
}

type SecretName = 'ADMIN_API_TOKEN' | 'APP_SECRET' | 'APP_ENCRYPTION_KEY';

/**
 * Outside simulator mode every secret must be given. In simulator mode the missing ones are
 * generated once and kept in DATA_DIR/secrets.json, so restarts keep the same admin token and keys
 * (callback tokens and encrypted credentials stay valid).
 */
function resolveSecrets(e: z.infer<typeof envSchema>, simulator: boolean, dataDir: string) {
  const given: Record<SecretName, string | undefined> = {
    ADMIN_API_TOKEN: e.ADMIN_API_TOKEN,
    APP_SECRET: e.APP_SECRET,
    APP_ENCRYPTION_KEY: e.APP_ENCRYPTION_KEY,
  };
  const missing = (Object.keys(given) as SecretName[]).filter((k) => !given[k]);
  if (missing.length > 0 && !simulator) throw new ConfigError(missing[0]!, 'is required outside simulator mode');

  const generated: string[] = [];
  if (missing.length > 0) {
    const file = join(dataDir, 'secrets.json');
    const stored: Partial<Record<SecretName, string>> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const fresh: Record<SecretName, () => string> = {
      ADMIN_API_TOKEN: () => randomBytes(24).toString('base64url'),
      APP_SECRET: () => randomBytes(32).toString('hex'),
      APP_ENCRYPTION_KEY: () => randomBytes(32).toString('base64'),
    };
    for (const name of missing) {
      stored[name] ??= fresh[name]();
      given[name] = stored[name];
      generated.push(name);
    }
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return {
    adminApiToken: given.ADMIN_API_TOKEN!,
    appSecret: given.APP_SECRET!,
    encryptionKey: Buffer.from(given.APP_ENCRYPTION_KEY!, 'base64'),
    generatedSecrets: generated,
  };
}
