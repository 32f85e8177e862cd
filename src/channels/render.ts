// Turns a flow's Reply into what a channel shows: plain text for WhatsApp and SMS, one screen of at
// most 160 GSM-7 characters for USSD (short forms, options kept whole, the text cut if it must be).
import type { Language } from '../../db/schema.js';
import { textIn, type Reply } from '../../flows/reply.js';
import { chat } from '../messages/chat-messages.js';
import { fitGsm7, gsm7Length, toGsm7 } from './ussd/gsm7.js';

export const USSD_SCREEN_LIMIT = 160;

export function renderChatText(reply: Reply, language: Language): string {
  const lines = reply.lines.map((l) => textIn(l, language)).filter(Boolean);
  const options = (reply.options ?? []).map((o, i) => `${i + 1}. ${textIn(o, language)}`);
  if (reply.back) options.push(`0. ${textIn(chat.back, language)}`);
  return [lines.join('\n'), options.join('\n')].filter(Boolean).join('\n\n');
}

/** A USSD screen body (without the CON/END prefix), always within 160 GSM-7 characters. */
export function renderUssdScreen(reply: Reply, language: Language): string {
  const options = (reply.options ?? []).map((o, i) => toGsm7(`${i + 1}. ${textIn(o, language, true)}`));
  if (reply.back && !reply.end) options.push(toGsm7(`0. ${textIn(chat.back, language, true)}`));
  const menu = options.join('\n');
  const lines = reply.lines.map((l) => toGsm7(textIn(l, language, true))).filter(Boolean).join('\n');
  if (!menu) return fitGsm7(lines, USSD_SCREEN_LIMIT);
  // Options must stay whole so the user can go on; the text above them gives way.
  const room = USSD_SCREEN_LIMIT - gsm7Length(menu) - 1;
  if (room < 8) return fitGsm7(menu, USSD_SCREEN_LIMIT);
  return lines ? `${fitGsm7(lines, room)}\n${menu}` : menu;
}
