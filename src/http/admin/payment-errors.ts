// The HTTP status each payment refusal answers with on the admin API (the domain knows only the codes).
import { PaymentError, type PaymentErrorCode } from '../../payments/payment-error.js';
import { HttpError } from '../errors.js';

const STATUS: Record<PaymentErrorCode, 404 | 409 | 422 | 429 | 502 | 503> = {
  not_found: 404,
  nothing_due: 409,
  payment_pending: 409,
  subscriber_busy: 409,
  not_in_suspense: 409,
  invalid_amount: 422,
  amount_above_limit: 422,
  invalid_request: 422,
  payout_not_configured: 422,
  payout_inactive: 422,
  payout_misconfigured: 422,
  too_many_attempts: 429,
  daraja_unavailable: 502,
  daraja_busy: 503,
};

export function httpErrorFor(error: PaymentError): HttpError {
  return new HttpError(STATUS[error.code], error.code, error.message, error.paymentId ? { paymentId: error.paymentId } : {});
}
