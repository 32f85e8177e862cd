/** A payment request we refuse, with the HTTP status and code the admin API answers with. */
export class PaymentError extends Error {
  constructor(
    readonly status: 404 | 409 | 422 | 429 | 502 | 503,
    readonly code: string,
    message: string,
    /** The intent that was created and then ended, when there is one. */
    readonly paymentId?: string,
  ) {
    super(message);
    this.name = 'PaymentError';
  }
}
