// A text a person reads, in English and Kiswahili (DESIGN.md decision 8), with an optional short form
// for USSD screens, where every character counts.
import type { Language } from '../domain/types.js';

export interface Text {
  en: string;
  sw: string;
  /** A shorter form for USSD screens (160 GSM-7 characters in all). */
  short?: { en: string; sw: string };
}

/** A text for a message we send (receipts, notices): both languages, no USSD form. */
export type Localized = Record<Language, string>;

export const text = (en: string, sw: string, short?: { en: string; sw: string }): Text => (short ? { en, sw, short } : { en, sw });

export function textIn(value: Text, language: Language, short = false): string {
  return short && value.short ? value.short[language] : value[language];
}
