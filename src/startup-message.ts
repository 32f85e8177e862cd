// What `npm start` tells a newcomer, computed at every start: where it listens, what it runs on, the
// admin token, the demo as it stands (ids, payout, what is owed) and commands that can be pasted as they are.
import { addMonths } from './domain/calendar.js';
import { currentPeriod } from './domain/periods.js';
import { DEMO } from './demo/seed-demo.js';
import { formatPhone } from './messages/format.js';
import type { RunningApp } from './main.js';

const kes = (amount: number) => `KES ${amount.toLocaleString('en-KE')}`;

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
  lines.push(`Dashboard: ${base}/login (a sign-in code comes by chat; in simulator mode it is in this log)`, `Admin API docs: ${base}/api/docs`);
  if (config.daraja.builtInSimulator) lines.push(`Playground (try the bot in a browser): ${base}/playground`);
  if (demo) {
    const payout = demo.payout ? `${demo.payout.type} ${demo.payout.shortCode}${demo.payout.active ? '' : ' (not active yet)'}` : 'no payout set up';
    const owed = demo.openBills === 0 ? 'nothing owed' : `${demo.openBills} open bill${demo.openBills === 1 ? '' : 's'}, ${kes(demo.due)} due`;
    lines.push(
      `Demo data${demo.created ? ' created' : ''}:`,
      `  landlord ${DEMO.landlord.name} ${DEMO.landlord.phone} (id ${demo.landlordId}): ${payout}`,
      `  tenant ${DEMO.tenant.name} ${DEMO.tenant.phone} (id ${demo.tenancyId}), unit ${DEMO.tenant.unit}, account ${demo.accountNumber}: ${owed}`,
      'Try:',
      `  npm run chat -- --phone ${formatPhone(DEMO.tenant.phone)} --channel whatsapp    # the tenant: hi, 1, 1, then the M-Pesa PIN 1234`,
      `  npm run chat -- --phone ${formatPhone(DEMO.landlord.phone)} --channel whatsapp    # the landlord: hi, 2 for the report`,
      `  curl -H 'Authorization: Bearer ${config.adminApiToken}' ${base}/api/tenants/${demo.tenancyId}/bills`,
      `  # a new bill (a different amount: M-Pesa refuses the same amount from one phone twice within 2 minutes)`,
      `  curl -X POST -H 'Authorization: Bearer ${config.adminApiToken}' -H 'Content-Type: application/json' -d '{"amount":12000,"period":"${addMonths(currentPeriod(), 1)}"}' ${base}/api/tenants/${demo.tenancyId}/bills`,
    );
  }
  return lines;
}
