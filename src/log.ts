// pino JSON logs. Secrets never reach a log line: the redact paths below catch the usual places,
// and phone numbers are masked by the callers with maskPhone (src/domain/phone.ts).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'rentease-bot' },
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
  });
}
