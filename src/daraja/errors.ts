import type { DomainCode } from '../domain/outcomes.js';

/** A request we refuse to send: Daraja would reject it, so no round trip is made. */
export class DarajaValidationError extends Error {
  readonly code = 'invalid_request' as const;
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'DarajaValidationError';
  }
}

/** Daraja answered with an error, or could not be reached. */
export class DarajaError extends Error {
  constructor(
    readonly code: DomainCode,
    message: string,
    readonly details: {
      httpStatus?: number | undefined;
      errorCode?: string | undefined;
      /** True when the request may have reached Daraja (a timeout after sending, a 5xx). */
      mayHaveBeenProcessed?: boolean;
    } = {},
  ) {
    super(message);
    this.name = 'DarajaError';
  }
}
