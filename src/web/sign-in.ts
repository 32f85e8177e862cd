// Signing in to the dashboard without a password: a 6-digit code sent by chat (through the outbox, on the
// phone's last channel), valid 10 minutes, 5 tries, at most 3 codes per phone and 10 per address in 15
// minutes; then a session: a random token in an httpOnly, SameSite=Lax cookie, stored in PostgreSQL as a
// hash, with its own CSRF token. Sessions end after 7 days, on sign-out, or on "sign out everywhere".
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import type { Executor } from '../../db/sql.js';
import { countLoginCodesSince, findWebSession, insertLoginCode, insertWebSession, markLoginCodeUsed, officeForPhone, takeLoginCodeTry } from '../../db/queries/web-sign-in.js';
import { safeEqual } from '../crypto/tokens.js';
import { webTexts } from '../messages/web-messages.js';
import { queueMessage } from '../outbox/queue-message.js';

export const CODE_MINUTES = 10;
const CODE_TRIES = 5;
const RATE_WINDOW_MS = 15 * 60_000;
const CODES_PER_PHONE = 3;
const CODES_PER_ADDRESS = 10;
export const SESSION_DAYS = 7;
export const SESSION_COOKIE = 'rentease_session';

export interface SignInDeps {
  sql: Executor;
  appSecret: string;
  /** Kicks the outbox so the code goes at once. */
  kickOutbox: () => void;
}

const hashCode = (secret: string, phone: string, code: string) => createHmac('sha256', secret).update(`login-code:${phone}:${code}`).digest('hex');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type CodeRequest = 'sent' | 'not_registered' | 'rate_limited';

export async function requestCode(deps: SignInDeps, phone: string, address: string): Promise<CodeRequest> {
  const office = await officeForPhone(deps.sql, phone);
  if (!office) return 'not_registered';
  const counts = await countLoginCodesSince(deps.sql, { phone, address, since: new Date(Date.now() - RATE_WINDOW_MS) });
  if (counts.byPhone >= CODES_PER_PHONE || counts.byAddress >= CODES_PER_ADDRESS) return 'rate_limited';
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.sql.transaction(async (tx) => {
    await insertLoginCode(tx, { phone, address, codeHash: hashCode(deps.appSecret, phone, code), expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000) });
    await queueMessage(tx.orm, { to: phone, text: webTexts.codeMessage(code, CODE_MINUTES), idempotencyKey: `login-code:${phone}:${Date.now()}` });
  });
  deps.kickOutbox();
  return 'sent';
}

/** The session token for a right code; undefined for a wrong, used, ended or exhausted one. */
export async function verifyCode(deps: SignInDeps, phone: string, code: string): Promise<string | undefined> {
  const candidate = await takeLoginCodeTry(deps.sql, phone, CODE_TRIES);
  if (!candidate || !/^\d{6}$/.test(code) || !safeEqual(candidate.codeHash, hashCode(deps.appSecret, phone, code))) return undefined;
  await markLoginCodeUsed(deps.sql, candidate.id);
  const token = randomBytes(32).toString('base64url');
  await insertWebSession(deps.sql, { tokenHash: hashToken(token), phone, csrfToken: randomBytes(24).toString('base64url'), expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) });
  return token;
}

export interface WebSession {
  tokenHash: string;
  phone: string;
  csrfToken: string;
}

export async function readSession(deps: Pick<SignInDeps, 'sql'>, token: string | undefined): Promise<WebSession | undefined> {
  if (!token || token.length > 100) return undefined;
  const tokenHash = hashToken(token);
  const found = await findWebSession(deps.sql, tokenHash);
  return found ? { tokenHash, ...found } : undefined;
}
