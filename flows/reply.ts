// What a flow says: lines of text and numbered options, each in English and Kiswahili, with an
// optional short form for USSD. Channels render it (src/channels/render.ts): WhatsApp and SMS as
// plain text, USSD as one screen of at most 160 GSM-7 characters.
import type { Language } from '../db/schema.js';

export interface Text {
  en: string;
  sw: string;
  /** A shorter form for USSD screens, where every character counts. */
  short?: { en: string; sw: string };
}

export interface Reply {
  lines: Text[];
  /** Numbered 1…n in order; `0. Back` is added by the renderer when `back` is set. */
  options?: Text[];
  back?: boolean;
  /** The conversation is over (USSD answers END). */
  end?: boolean;
}

export const reply = (lines: Text[], options?: Text[], extra: { back?: boolean; end?: boolean } = {}): Reply => ({
  lines,
  ...(options && options.length > 0 ? { options } : {}),
  ...extra,
});

export function textIn(text: Text, language: Language, short = false): string {
  return short && text.short ? text.short[language] : text[language];
}

/** Joins replies, e.g. "Language changed" followed by the menu it leads back to. */
export function joinReplies(first: Reply | undefined, second: Reply): Reply {
  if (!first) return second;
  return { ...second, lines: [...first.lines, ...second.lines] };
}

/** The option number a reply chose, if the input is one ("1", " 2 "). */
export function optionNumber(input: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*$/.exec(input);
  return m ? Number(m[1]) : undefined;
}

/** Lower-case, trimmed, accents and punctuation dropped: how free words are compared. */
export function normalizeWord(input: string): string {
  return input
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
