// The layers of the code base, lowest first (README "Architecture"). A module may import from a lower
// layer and from its own folder, never from a higher layer or a sibling of the same rank: so the
// arrows point one way and no two folders import each other. test/architecture/imports.test.ts checks it.

export interface Layer {
  name: string;
  /** Path prefixes (relative to the repository root) that belong to the layer. */
  paths: string[];
  rank: number;
  /** The composition root is one unit: its files may import each other. */
  oneUnit?: boolean;
}

export const LAYERS: Layer[] = [
  { name: 'domain', paths: ['src/domain/'], rank: 0 },
  { name: 'crypto', paths: ['src/crypto/'], rank: 1 },
  { name: 'base', paths: ['src/config.ts', 'src/log.ts', 'src/metrics.ts', 'src/validation.ts'], rank: 1 },
  { name: 'messages', paths: ['src/messages/'], rank: 1 },
  { name: 'db', paths: ['db/'], rank: 2 },
  // The providers' webhooks on node's http (body, form, answers); the channels and Daraja's routes use it.
  { name: 'webhooks', paths: ['src/webhooks/'], rank: 2.5 },
  { name: 'flows', paths: ['flows/'], rank: 3 },
  { name: 'daraja', paths: ['src/daraja/'], rank: 3 },
  { name: 'daraja-simulator', paths: ['src/daraja-simulator/'], rank: 3 },
  { name: 'rendering', paths: ['src/rendering/'], rank: 4 },
  { name: 'outbox', paths: ['src/outbox/'], rank: 4 },
  { name: 'jobs', paths: ['src/jobs/'], rank: 3 },
  { name: 'payments', paths: ['src/payments/'], rank: 5 },
  // The month's file a landlord is sent: the ledger, rendered as CSV, behind a signed link.
  { name: 'reports', paths: ['src/reports/'], rank: 5 },
  // Billing builds on payments (credit) and serves the conversations (a landlord bills by chat).
  { name: 'billing', paths: ['src/billing/'], rank: 5.5 },
  { name: 'conversations', paths: ['src/conversations/'], rank: 6 },
  { name: 'channels', paths: ['src/channels/'], rank: 7 },
  { name: 'http', paths: ['src/http/'], rank: 8 },
  // The web dashboard: pages over the same queries, sign-in through the outbox; beside the admin API.
  { name: 'web', paths: ['src/web/'], rank: 8.5 },
  { name: 'app', paths: ['src/main.ts', 'src/server.ts', 'src/startup-message.ts', 'src/demo/', 'src/cli/'], rank: 9, oneUnit: true },
];

export function layerOf(path: string): Layer | undefined {
  return LAYERS.find((layer) => layer.paths.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p)));
}
