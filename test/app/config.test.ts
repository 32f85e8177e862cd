import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { tempDir } from '../helpers/temp-dir.js';

const dataDir = () => tempDir('config');
const production = {
  DARAJA_ENV: 'production',
  DARAJA_CONSUMER_KEY: 'key',
  DARAJA_CONSUMER_SECRET: 'secret',
  DARAJA_BUSINESS_SHORT_CODE: '600100',
  DARAJA_PASSKEY: 'passkey',
  ADMIN_API_TOKEN: 'a'.repeat(24),
  APP_SECRET: 'b'.repeat(40),
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PUBLIC_BASE_URL: 'https://rent.example.co.ke',
  AT_WEBHOOK_SECRET: 'c'.repeat(24),
};

describe('configuration', () => {
  it('runs with no environment at all: simulator, PGlite, generated secrets kept in DATA_DIR', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      publicBaseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      mpesaMaxAmount: 250_000,
      stkQueryAfterSeconds: 60,
      stkExpireAfterSeconds: 300,
      daraja: { env: 'simulator', builtInSimulator: true, baseUrl: 'http://127.0.0.1:3000/simulator/daraja', businessShortCode: '174379' },
      twilio: undefined,
      africasTalking: undefined,
    });
    expect(config.generatedSecrets).toEqual(['ADMIN_API_TOKEN', 'APP_SECRET', 'APP_ENCRYPTION_KEY']);
    expect(config.encryptionKey).toHaveLength(32);
    // The same secrets come back on the next start.
    const again = loadConfig({ DATA_DIR: dir });
    expect(again.adminApiToken).toBe(config.adminApiToken);
    expect(again.appSecret).toBe(config.appSecret);
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).ADMIN_API_TOKEN).toBe(config.adminApiToken);
  });

  it('uses the sandbox host when a consumer key is set without DARAJA_ENV', () => {
    const { DARAJA_ENV: _, ...sandbox } = production;
    expect(loadConfig(sandbox).daraja).toMatchObject({ env: 'sandbox', baseUrl: 'https://sandbox.safaricom.co.ke', builtInSimulator: false });
    expect(loadConfig(production).daraja.baseUrl).toBe('https://api.safaricom.co.ke');
  });

  it.each<[string, Record<string, string>, string]>([
    ['a port that is not a number', { PORT: 'abc' }, 'PORT'],
    ['a port out of range', { PORT: '70000' }, 'PORT'],
    ['a DATABASE_URL that is not postgres', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    ['an unknown DARAJA_ENV', { DARAJA_ENV: 'staging' }, 'DARAJA_ENV'],
    ['a fractional MPESA_MAX_AMOUNT', { MPESA_MAX_AMOUNT: '10.5' }, 'MPESA_MAX_AMOUNT'],
    ['an encryption key of the wrong size', { APP_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'APP_ENCRYPTION_KEY'],
    ['a short APP_SECRET', { APP_SECRET: 'short' }, 'APP_SECRET'],
    ['a bad PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'rent.example' }, 'PUBLIC_BASE_URL'],
    ['expiry before the first query', { STK_QUERY_AFTER_SECONDS: '300', STK_EXPIRE_AFTER_SECONDS: '60' }, 'STK_EXPIRE_AFTER_SECONDS'],
    ['a Twilio SID without its token', { TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}` }, 'TWILIO_AUTH_TOKEN'],
    ["an Africa's Talking username without a key", { AT_USERNAME: 'rentease' }, 'AT_API_KEY'],
  ])('stops on %s, naming the variable', (_name, env, variable) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir(), ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('requires the Daraja credentials and every secret outside simulator mode', () => {
    for (const name of ['DARAJA_PASSKEY', 'ADMIN_API_TOKEN', 'APP_SECRET', 'APP_ENCRYPTION_KEY', 'AT_WEBHOOK_SECRET'] as const) {
      const { [name]: _, ...rest } = production;
      expect(() => loadConfig(rest)).toThrow(new RegExp(`^${name}: `));
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });
});
