// Why a payment request was refused, in the domain's words. The HTTP status each code answers with is
// the admin API's business (src/http/admin/payment-errors.ts); chat turns a code into a sentence
// (src/messages/payment-messages.ts pushRefused).

export const paymentErrorCodes = [
  'not_found',
  'nothing_due',
  'invalid_amount',
  'amount_above_limit',
  'invalid_request',
  'payout_not_configured',
  'payout_inactive',
  'payout_misconfigured',
  'payment_pending',
  'subscriber_busy',
  'not_in_suspense',
  'too_many_attempts',
  'daraja_busy',
  'daraja_unavailable',
] as const;
export type PaymentErrorCode = (typeof paymentErrorCodes)[number];

export class PaymentError extends Error {
  constructor(
    readonly code: PaymentErrorCode,
    message: string,
    /** The intent that was created and then ended, when there is one. */
    readonly paymentId?: string,
    /** too_many_attempts: whole minutes until the phone may be prompted again. */
    readonly retryInMinutes?: number,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}
