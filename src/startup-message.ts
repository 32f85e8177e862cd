// What `npm start` tells a newcomer: where it listens, what it runs on, the admin token, what to try.
import type { RunningApp } from './main.js';

/** From a running app, or in a cluster from the primary process (its config and the demo it seeded). */
export function describeStartup(app: Pick<RunningApp, 'config' | 'demo'>): string[] {
  const { config, demo } = app;
  const base = config.publicBaseUrl;
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}/pglite`;
  const daraja = config.daraja.builtInSimulator ? `built-in simulator at ${config.daraja.baseUrl}` : `${config.daraja.env} at ${config.daraja.baseUrl}`;
  const transports = [config.twilio ? 'WhatsApp via Twilio' : undefined, config.africasTalking ? "SMS via Africa's Talking" : undefined].filter(Boolean);
  const lines = [
    `RentEase Bot listening on ${base} (database: ${database}; Daraja: ${daraja}; messages: ${transports.length > 0 ? transports.join(', ') : 'written to this log'})`,
  ];
  if (config.generatedSecrets.includes('ADMIN_API_TOKEN')) {
    lines.push(`Admin API token (generated, kept in ${config.dataDir}/secrets.json): ${config.adminApiToken}`);
  }
  if (demo) {
    lines.push(
      `Demo data${demo.created ? ' created' : ''}: landlord 254722000000 (paybill 600100), tenant 254712345678 (unit A1, account ${demo.accountNumber}), one open bill`,
      `Try: curl ${base}/healthz`,
      `Try: curl -H "Authorization: Bearer ${config.adminApiToken}" ${base}/api/tenants/${demo.tenancyId}/bills`,
    );
  }
  return lines;
}
