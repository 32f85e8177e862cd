// `npm run register-c2b -- --landlord 0722000000`: registers a landlord's C2B URLs with Daraja through the
// running bot's admin API, so money paid from the M-Pesa menu to their paybill or till reaches the bot.
// The landlord is found by phone (any Kenyan form) or given by id.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const HELP = `Register a landlord's C2B (paybill/till menu payment) URLs with Daraja.

  npm run register-c2b -- --landlord 0722000000 [--response-type Completed|Cancelled] [--url http://localhost:3000]

--response-type: what M-Pesa does when the validation URL cannot be reached (default Completed: the payment
goes through and its confirmation still arrives). In production a shortcode's URLs are registered once;
to change them, delete them in the M-PESA portal (URL Management) first. Reads the admin token from
ADMIN_API_TOKEN or DATA_DIR/secrets.json.`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({ options: { landlord: { type: 'string' }, 'response-type': { type: 'string', default: 'Completed' }, url: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help || !values.landlord) {
  console.log(HELP);
  process.exit(values.help ? 0 : 2);
}
const baseUrl = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const secretsFile = join(process.env.DATA_DIR ?? '.data', 'secrets.json');
const token = process.env.ADMIN_API_TOKEN ?? (existsSync(secretsFile) ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as { ADMIN_API_TOKEN?: string }).ADMIN_API_TOKEN : undefined);
if (!token) fail(`no admin token: set ADMIN_API_TOKEN (or run where ${secretsFile} exists)`);
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

const given = values.landlord;
let id = given;
if (!/^[0-9a-f-]{36}$/i.test(given)) {
  const found = await fetch(`${baseUrl}/api/landlords?phone=${encodeURIComponent(given)}`, { headers }).catch(() => fail(`the bot does not answer at ${baseUrl}`));
  const landlords = (await found.json()) as { id: string; name: string }[] | { error: { message: string } };
  if (!Array.isArray(landlords)) fail(`--landlord: ${landlords.error.message}`);
  if (landlords.length === 0) fail(`no landlord with the phone ${given}`);
  id = landlords[0]!.id;
}
const res = await fetch(`${baseUrl}/api/landlords/${id}/daraja/register-c2b`, { method: 'POST', headers, body: JSON.stringify({ responseType: values['response-type'] }) });
const body = (await res.json()) as Record<string, unknown> & { error?: { message: string } };
if (!res.ok) fail(`Daraja registration failed (${res.status}): ${body.error?.message ?? JSON.stringify(body)}`);
console.log(`Registered shortcode ${body.shortCode}: confirmations to ${body.confirmationUrl}, validations to ${body.validationUrl} (${body.responseType}); Daraja said "${body.description}".`);
