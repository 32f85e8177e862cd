// How a zod failure reads to a person: one sentence naming the fields. Shared by the admin API, the
// webhooks and the configuration, so it sits below all of them.
import type { ZodError } from 'zod';

export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
