// pino logs: JSON lines for machines, or one coloured line per record on a terminal (LOG_FORMAT).
// No personal data or secret reaches a line: secrets by redaction of the usual fields, and every line
// passes through maskLine before it is written, so a phone number or a callback token inside a database
// error, a raw body or a request path is masked too (DESIGN.md decision 9).
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };
export type LogFormat = 'json' | 'pretty';

/** Kenyan mobile numbers as we store them (2547…), as people type them (+2547…, 07…), and 2541…/01…. */
const PHONE = /(?<!\d)(\+?254|0)([17]\d{2})\d{3}(\d{3})(?!\d)/g;
/** Callback tokens (HMAC-SHA256, 64 lowercase hex digits): they authenticate a callback URL. */
const TOKEN = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;

/** A log line with phones masked (254712***678) and callback tokens replaced. */
export function maskLine(line: string): string {
  return line.replace(PHONE, (_, prefix: string, head: string, tail: string) => `${prefix}${head}***${tail}`).replace(TOKEN, '[token]');
}

export interface LoggerOptions {
  /** Where the lines go: stdout by default; tests capture them. */
  destination?: DestinationStream;
  format?: LogFormat;
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings = {
    level,
    base: { service: 'rentease-bot' },
    hooks: { streamWrite: maskLine },
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.passkey',
        '*.consumerSecret',
        '*.consumerKey',
        '*.password',
        '*.Password',
        '*.pin',
        '*.apiKey',
        '*.authToken',
      ],
      censor: '[redacted]',
    },
  };
  if (options.destination) return pino(settings, options.destination);
  // Written synchronously, in this thread: when stdout is a pipe whose reader has gone (Ctrl-C on
  // `npm start | tee log`), an asynchronous writer retries EPIPE forever and the process never exits
  // (reference/stack.md pitfalls 18–20).
  const stream =
    options.format === 'pretty'
      ? prettyStream()({ colorize: true, sync: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true })
      : pino.destination({ fd: 1, sync: true });
  return pino(settings, stream);
}

/** pino-pretty is loaded only when asked for: it is ~10 MB of a process that logs JSON lines. */
const prettyStream = (): typeof PinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
