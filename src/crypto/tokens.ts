// Unguessable tokens and constant-time comparison (STYLE.md: every secret compared in constant time).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compares two strings without leaking, through timing, how much of them matched. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // Compare against itself on a length mismatch so the work done does not depend on the input.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/**
 * The per-payment token in a Daraja callback URL: HMAC-SHA256 of the payment id under APP_SECRET,
 * lowercase hex (Daraja has rejected callback URLs with upper-case letters, reference/daraja.md §3).
 */
export function callbackToken(appSecret: string, paymentId: string): string {
  return createHmac('sha256', appSecret).update(`stk-callback:${paymentId}`).digest('hex');
}

export function isValidCallbackToken(appSecret: string, paymentId: string, token: string): boolean {
  return safeEqual(callbackToken(appSecret, paymentId), token);
}
