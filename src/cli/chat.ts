// `npm run chat -- --phone 0712345678 --channel whatsapp|sms|ussd`: talk to a running `npm start`
// through its real webhook routes, see what it sends to your phone, and answer the simulated M-Pesa
// prompt with a PIN. WhatsApp requests are signed with the twilio SDK when TWILIO_AUTH_TOKEN is set.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import { normalizePhone } from '../domain/phone.js';

const HELP = `Chat with RentEase as a tenant or landlord, in the terminal.

  npm run chat -- --phone 0712345678 --channel whatsapp

Options:
  --phone <number>     your phone (07…, 01…, +254…); the demo tenant is 0712345678,
                       the demo landlord 0722000000
  --channel <name>     whatsapp (default), sms or ussd
  --url <url>          the running bot (default http://localhost:$PORT, PORT defaulting to 3000)
  --help               this text

Type a reply and press Enter. On USSD, press Enter on an empty line to dial again after END;
0 goes back, 00 to the main menu. When the bot sends an M-Pesa prompt to your phone, the simulated
phone shows it here: type your M-Pesa PIN (the simulator's is 1234) or "c" to cancel.
Messages the bot sends you (receipts, SMS replies) appear as they are sent. Ctrl-C quits.

It needs \`npm start\` running in simulator mode (the default) and the admin token, which it reads
from ADMIN_API_TOKEN or DATA_DIR/secrets.json.`;

interface Prompt {
  checkoutRequestId: string;
  amount: number;
  partyB: string;
  accountReference: string;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: { phone: { type: 'string' }, channel: { type: 'string', default: 'whatsapp' }, url: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const phoneResult = normalizePhone(values.phone ?? '');
if (!phoneResult.ok) fail(`--phone: give a Kenyan mobile number, e.g. 0712345678 (see --help)`);
const phone = phoneResult.phone;
const channel = values.channel!;
if (!['whatsapp', 'sms', 'ussd'].includes(channel)) fail('--channel: whatsapp, sms or ussd');
const baseUrl = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
const publicBaseUrl = (process.env.PUBLIC_BASE_URL ?? baseUrl).replace(/\/+$/, '');
const dataDir = process.env.DATA_DIR ?? '.data';
const secretsFile = join(dataDir, 'secrets.json');
const adminToken = process.env.ADMIN_API_TOKEN ?? (existsSync(secretsFile) ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as { ADMIN_API_TOKEN?: string }).ADMIN_API_TOKEN : undefined);
if (!adminToken) fail(`no admin token: set ADMIN_API_TOKEN or start the bot once so that ${secretsFile} exists`);

const health = await fetch(`${baseUrl}/healthz`).catch(() => undefined);
if (!health?.ok) fail(`the bot does not answer at ${baseUrl}/healthz: start it with \`npm start\` (or pass --url)`);

const say = (label: string, text: string) => console.log(`\n\x1b[36m${label}\x1b[0m\n${text}`);

// ---- sending what the person types -----------------------------------------------------------

async function sendWhatsApp(body: string): Promise<void> {
  const params = { From: `whatsapp:+${phone}`, To: 'whatsapp:+14155238886', Body: body, MessageSid: `SM${randomBytes(16).toString('hex')}`, NumMedia: '0' };
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const token = process.env.TWILIO_AUTH_TOKEN;
  if (token) headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(token, `${publicBaseUrl}/webhooks/whatsapp`, params);
  const res = await fetch(`${baseUrl}/webhooks/whatsapp`, { method: 'POST', headers, body: new URLSearchParams(params) });
  const xml = await res.text();
  if (!res.ok) return say(`WhatsApp (HTTP ${res.status})`, xml);
  const message = /<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? '';
  say('RentEase (WhatsApp)', message.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
}

async function sendSms(text: string): Promise<void> {
  const res = await fetch(`${baseUrl}/webhooks/sms`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from: `+${phone}`, to: '20880', text, date: new Date().toISOString(), id: `ATXid_${randomBytes(6).toString('hex')}`, linkId: '' }),
  });
  if (!res.ok) say(`SMS (HTTP ${res.status})`, await res.text());
  // The reply comes back as an SMS: the message poller below prints it.
}

let ussd: { sessionId: string; inputs: string[] } | undefined;
async function sendUssd(input: string): Promise<void> {
  if (!ussd) ussd = { sessionId: `ATUid_${randomBytes(8).toString('hex')}`, inputs: [] };
  else ussd.inputs.push(input);
  const res = await fetch(`${baseUrl}/webhooks/ussd`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId: ussd.sessionId, serviceCode: '*384*123#', phoneNumber: `+${phone}`, networkCode: '63902', text: ussd.inputs.join('*') }),
  });
  const screen = await res.text();
  say(`USSD screen (${screen.length - 4} characters)`, screen);
  if (!screen.startsWith('CON')) {
    ussd = undefined;
    console.log('(session ended: press Enter to dial again)');
  }
}

// ---- watching what reaches the phone ----------------------------------------------------------

const seenMessages = new Set<number>();
async function pollMessages(initial: boolean): Promise<void> {
  const res = await fetch(`${baseUrl}/api/messages?to=${phone}`, { headers: { Authorization: `Bearer ${adminToken}` } }).catch(() => undefined);
  if (!res?.ok) return;
  const messages = (await res.json()) as { id: number; channel: string; body: string; status: string }[];
  const oldestFirst = messages.reverse();
  for (const [i, m] of oldestFirst.entries()) {
    if (seenMessages.has(m.id)) continue;
    seenMessages.add(m.id);
    // On start, the last few messages to this phone (sent before the chat opened), marked as earlier ones.
    if (initial && i < oldestFirst.length - EARLIER_MESSAGES_SHOWN) continue;
    say(`${initial ? 'Earlier message' : channel === 'sms' && m.channel === 'sms' ? 'RentEase (SMS)' : 'Message to your phone'} (${m.channel})`, m.body);
  }
}

/** Messages sent to the phone before the chat opened that are shown on start. */
const EARLIER_MESSAGES_SHOWN = 3;

let openPrompt: Prompt | undefined;
const shownPrompts = new Set<string>();
async function pollPrompts(): Promise<void> {
  const res = await fetch(`${baseUrl}/simulator/daraja/__sim/prompts?phone=${phone}`).catch(() => undefined);
  if (!res?.ok) return;
  const prompts = (await res.json()) as Prompt[];
  openPrompt = prompts[0];
  if (openPrompt && !shownPrompts.has(openPrompt.checkoutRequestId)) {
    shownPrompts.add(openPrompt.checkoutRequestId);
    say('M-Pesa (simulated phone)', `Pay KES ${openPrompt.amount.toLocaleString('en-US')} to ${openPrompt.partyB}, account ${openPrompt.accountReference}?\nEnter your M-Pesa PIN (simulator: 1234), or "c" to cancel:`);
  }
}

async function answerPrompt(prompt: Prompt, answer: string): Promise<void> {
  const cancel = answer.trim().toLowerCase() === 'c';
  const path = cancel ? 'cancel' : 'pin';
  const res = await fetch(`${baseUrl}/simulator/daraja/__sim/prompts/${prompt.checkoutRequestId}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: cancel ? '{}' : JSON.stringify({ pin: answer.trim() }),
  });
  console.log(res.ok ? (cancel ? '(you cancelled the M-Pesa prompt)' : '(PIN sent to M-Pesa)') : `(the prompt is gone: ${await res.text()})`);
  openPrompt = undefined;
}

// ---- the loop ------------------------------------------------------------------------------------

await pollMessages(true);
// USSD dials at once (the first screen follows); chat starts when you greet the bot.
console.log(`Chatting as ${phone} on ${channel} with ${baseUrl}. ${channel === 'ussd' ? 'Dialling: type the number of a choice, 0 to go back, 00 for the menu' : 'Type "hi" to start'}; Ctrl-C quits.`);
const timer = setInterval(() => {
  void pollMessages(false);
  void pollPrompts();
}, 1000);

const rl = createInterface({ input: process.stdin, output: process.stdout });
rl.on('close', () => {
  clearInterval(timer);
  process.exit(0);
});
if (channel === 'ussd') await sendUssd('');
for await (const line of rl) {
  try {
    if (openPrompt) await answerPrompt(openPrompt, line);
    else if (channel === 'whatsapp') await sendWhatsApp(line);
    else if (channel === 'sms') await sendSms(line);
    else await sendUssd(line);
  } catch (error) {
    console.error(`(could not reach the bot: ${error instanceof Error ? error.message : String(error)})`);
  }
}
