// Africa's Talking does not sign its callbacks (reference/channels.md §5): the webhook URL must carry
// AT_WEBHOOK_SECRET as ?secret=, compared in constant time. The configuration requires the secret
// outside simulator mode (src/config.ts); only the simulator runs these routes without one.
import type { Config } from '../config.js';
import { safeEqual } from '../crypto/tokens.js';
import { FORM_LIMIT_BYTES, text, type WebhookHead, type WebhookRoute } from '../webhooks/listener.js';

/** A route's `refuse`: 403 unless the URL carries the secret (once). */
function refuseWithoutAtSecret(config: Config) {
  return (head: WebhookHead) => {
    const expected = config.atWebhookSecret;
    if (!expected) return undefined;
    const given = head.query.getAll('secret');
    return given.length === 1 && safeEqual(given[0]!, expected) ? undefined : text(403, 'invalid secret');
  };
}

/** What both Africa's Talking routes (USSD, SMS) share: a small form, behind the secret. */
export function africasTalkingForm(config: Config): Pick<WebhookRoute, 'body' | 'limitBytes' | 'refuse'> {
  return { body: 'form', limitBytes: FORM_LIMIT_BYTES, refuse: refuseWithoutAtSecret(config) };
}
