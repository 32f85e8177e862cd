// Our words for how a payment ended or why it could not start. Daraja's result and error codes are
// mapped to these once (src/daraja/transform.ts); flows and messages see only these (STYLE.md).

export const domainCodes = [
  'success',
  'cancelled_by_user',
  'insufficient_funds',
  'wrong_pin',
  'unreachable',
  'subscriber_busy',
  'repeat_too_soon',
  'expired',
  'amount_too_small',
  'amount_too_large',
  'limit_exceeded',
  'merchant_misconfigured',
  'wrong_credentials',
  'push_failed',
  'rate_limited',
  'invalid_request',
  'auth_failed',
  'daraja_unavailable',
  'timeout',
  'failed',
] as const;
export type DomainCode = (typeof domainCodes)[number];
