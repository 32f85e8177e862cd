// The admin API's error shape: {"error": {code, message}} with a 4xx status (CONTRACT.md).
import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { ZodError } from 'zod';
import type { Logger } from '../log.js';
import { describeZodError } from '../validation.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra fields for the error object, e.g. the paymentId of an intent that was refused. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);

export function invalidInput(error: ZodError): HttpError {
  return new HttpError(400, 'invalid_request', describeZodError(error));
}

/** Last middleware: known errors become their 4xx; body-parser errors become 400/413; anything else is logged as a 500. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    if (isDatabaseUnavailable(err)) {
      // Bounded wait, then an honest 503: providers and clients may retry (db/availability.ts).
      res.status(503).json({ error: { code: 'database_unavailable', message: 'the database is not answering; try again shortly' } });
      return;
    }
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...err.extra } });
      return;
    }
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (status === 413 || type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'payload_too_large', message: 'the request body is too large' } });
      return;
    }
    if (status !== undefined && status >= 400 && status < 500) {
      const message = type === 'entity.parse.failed' ? 'the body is not valid JSON' : 'the request could not be read';
      res.status(400).json({ error: { code: 'invalid_request', message } });
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'something went wrong on our side' } });
  };
}
