// Turns a flow's Reply into what a channel shows: plain text for WhatsApp and SMS, one screen of at
// most 160 GSM-7 characters for USSD. The conversation runtime renders; the channels only add their
// envelope (TwiML, CON/END), so a screen is checked here, once, before anything could cut it.
import type { Reply } from '../../flows/reply.js';
import type { Language } from '../domain/types.js';
import { chat } from '../messages/chat-messages.js';
import { textIn } from '../messages/text.js';
import { fitGsm7, gsm7Length, toGsm7 } from './gsm7.js';

export const USSD_SCREEN_LIMIT = 160;

export function renderChatText(reply: Reply, language: Language): string {
  const lines = reply.lines.map((l) => textIn(l, language)).filter(Boolean);
  const options = (reply.options ?? []).map((o, i) => `${i + 1}. ${textIn(o, language)}`);
  if (reply.back) options.push(`0. ${textIn(chat.back, language)}`);
  return [lines.join('\n'), options.join('\n')].filter(Boolean).join('\n\n');
}

export interface UssdScreen {
  /** The screen body without the CON/END prefix, at most 160 GSM-7 characters. */
  text: string;
  /**
   * What had to give way to fit: 'text' (the lines above the options were shortened, which the
   * reader survives) or 'options' (a choice was cut: a bug in the flow's short texts).
   */
  cut: 'none' | 'text' | 'options';
}

/** A USSD screen: options stay whole so the user can go on; the text above them gives way. */
export function renderUssdScreen(reply: Reply, language: Language): UssdScreen {
  const options = (reply.options ?? []).map((o, i) => toGsm7(`${i + 1}. ${textIn(o, language, true)}`));
  if (reply.back && !reply.end) options.push(toGsm7(`0. ${textIn(chat.back, language, true)}`));
  const menu = options.join('\n');
  const lines = reply.lines.map((l) => toGsm7(textIn(l, language, true))).filter(Boolean).join('\n');
  if (!menu) return fitted(lines, 'text');
  const room = USSD_SCREEN_LIMIT - gsm7Length(menu) - 1;
  if (room < 8) return fitted(menu, 'options');
  if (!lines) return { text: menu, cut: 'none' };
  const head = fitted(lines, 'text', room);
  return { text: `${head.text}\n${menu}`, cut: head.cut };
}

function fitted(text: string, what: 'text' | 'options', limit = USSD_SCREEN_LIMIT): UssdScreen {
  return gsm7Length(text) <= limit ? { text, cut: 'none' } : { text: fitGsm7(text, limit), cut: what };
}
