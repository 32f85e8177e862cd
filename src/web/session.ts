// Cookies, CSRF and the signed-in viewer for the dashboard's routes. The session cookie is httpOnly and
// SameSite=Lax (Secure behind https); every form carries a CSRF token: the session's own once signed in,
// a double-submit cookie on the sign-in forms before that.
import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { officeForPhone } from '../../db/queries/web-sign-in.js';
import type { Executor } from '../../db/sql.js';
import { findPropertyName, type Scope } from '../../db/queries/tenancies.js';
import { safeEqual } from '../crypto/tokens.js';
import type { Language } from '../domain/types.js';
import { inBoth, webTexts } from '../messages/web-messages.js';
import type { Viewer } from './pages.js';
import { readSession, SESSION_COOKIE, SESSION_DAYS, type WebSession } from './sign-in.js';

/** English unless the browser asks for Kiswahili first (before sign-in, when the landlord's own is unknown). */
export const requestLanguage = (req: Request): Language => (req.acceptsLanguages('en', 'sw') === 'sw' ? 'sw' : 'en');

export const LOGIN_CSRF_COOKIE = 'rentease_login_csrf';

export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export function setCookie(res: Response, name: string, value: string, options: { secure: boolean; maxAgeSeconds?: number }): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  res.append('Set-Cookie', parts.join('; '));
}

export const sessionCookie = (res: Response, token: string, secure: boolean) => setCookie(res, SESSION_COOKIE, token, { secure, maxAgeSeconds: SESSION_DAYS * 86_400 });
export const clearSessionCookie = (res: Response, secure: boolean) => setCookie(res, SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 });

/** The sign-in forms' CSRF token: kept in a cookie and echoed by the form (double submit). */
export function loginCsrf(req: Request, res: Response, secure: boolean): string {
  const existing = cookies(req)[LOGIN_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,}$/.test(existing)) return existing;
  const token = randomBytes(18).toString('base64url');
  setCookie(res, LOGIN_CSRF_COOKIE, token, { secure });
  return token;
}

export const formToken = (req: Request): string => (typeof req.body?._csrf === 'string' ? req.body._csrf : '');
export const sameToken = (a: string | undefined, b: string) => Boolean(a) && safeEqual(a!, b);

export interface SignedIn {
  session: WebSession;
  viewer: Viewer;
  scope: Scope;
  /** A caretaker may not assign unmatched money. */
  isCaretaker: boolean;
  propertyName: string | null;
}

/**
 * Signed in, or sent to /login (a form post without a session answers 403). Whom the phone acts for is
 * looked up at each request: a removed caretaker loses access at once. Posts must carry the CSRF token.
 */
export function requireSession(sql: Executor) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await readSession({ sql }, cookies(req)[SESSION_COOKIE]);
    const office = session ? await officeForPhone(sql, session.phone) : undefined;
    if (!session || !office) {
      if (req.method === 'GET') return res.redirect(303, '/login');
      return res.status(403).type('text').send(inBoth(webTexts.signedOut));
    }
    if (req.method === 'POST' && !sameToken(formToken(req), session.csrfToken)) return res.status(403).type('text').send(inBoth(webTexts.formExpired));
    const propertyName = await findPropertyName(sql.orm, office.propertyId);
    const signedIn: SignedIn = {
      session,
      scope: { landlordId: office.landlordId, propertyId: office.propertyId },
      isCaretaker: office.caretakerName !== null,
      propertyName,
      viewer: {
        landlordName: office.landlordName,
        caretakerName: office.caretakerName,
        property: propertyName,
        language: (office.language === 'sw' ? 'sw' : 'en') as Language,
        csrfToken: session.csrfToken,
      },
    };
    res.locals.signedIn = signedIn;
    next();
  };
}

export const signedIn = (res: Response): SignedIn => res.locals.signedIn as SignedIn;
