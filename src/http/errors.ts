// The admin API's error shape: {"error": {code, message}} with a 4xx status (CONTRACT.md).
import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable } from '../../db/availability.js';
import type { ZodError } from 'zod';
import type { Logger } from '../log.js';
import { describeZodError } from '../validation.js';
import { DATABASE_UNAVAILABLE, INTERNAL, TOO_LARGE, UNREADABLE, type WebhookAnswer } from '../webhooks/listener.js';

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

/** One of the answers the webhook listener gives too, so both read the same. */
const sendAnswer = (res: Response, answer: WebhookAnswer) => void res.status(answer.status).type(answer.contentType ?? 'text/plain').send(answer.body ?? '');

/** Last middleware: known errors become their 4xx; body-parser errors become 400/413; anything else is logged as a 500. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    // Bounded wait, then an honest 503: providers and clients may retry (db/availability.ts).
    if (isDatabaseUnavailable(err)) return sendAnswer(res, DATABASE_UNAVAILABLE);
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...err.extra } });
      return;
    }
    const status = (err as { status?: number; type?: string }).status;
    const type = (err as { type?: string }).type;
    if (status === 413 || type === 'entity.too.large') return sendAnswer(res, TOO_LARGE);
    if (status !== undefined && status >= 400 && status < 500) {
      if (type !== 'entity.parse.failed') return sendAnswer(res, UNREADABLE);
      res.status(400).json({ error: { code: 'invalid_request', message: 'the body is not valid JSON' } });
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    sendAnswer(res, INTERNAL);
  };
}
