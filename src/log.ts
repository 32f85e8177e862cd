// pino JSON logs. Secrets never reach a log line: the redact paths below catch the usual places,
// and phone numbers are masked by the callers with maskPhone (src/domain/phone.ts).
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination`: where the JSON lines go (stdout by default; tests capture them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
