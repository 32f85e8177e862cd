// Links that carry what they give access to, signed and with an end: the month's CSV a landlord is sent
// (Twilio fetches it to attach it on WhatsApp). HMAC-SHA256 under APP_SECRET, with the purpose in the
// signed text so a token made for one thing opens nothing else. No database row: a link cannot be
// revoked before it ends, so links are short-lived and give only read access to one report.
import { createHmac } from 'node:crypto';
import { safeEqual } from './tokens.js';

const sign = (secret: string, purpose: string, body: string) => createHmac('sha256', secret).update(`${purpose}:${body}`).digest('base64url');

export function signLinkToken(secret: string, purpose: string, payload: Record<string, unknown>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...payload, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return `${body}.${sign(secret, purpose, body)}`;
}

export type LinkCheck = { ok: true; payload: Record<string, unknown> } | { ok: false; reason: 'invalid' | 'expired' };

export function readLinkToken(secret: string, purpose: string, token: string, now: Date = new Date()): LinkCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !safeEqual(sign(secret, purpose, body), signature)) return { ok: false, reason: 'invalid' };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, payload };
}
