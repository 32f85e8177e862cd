// USSD screens travel as GSM-7 (3GPP TS 23.038): 160 characters, and one character outside the
// alphabet would turn the whole screen into UCS-2 with room for only 70 (reference/channels.md §4).

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as an escape plus one: they count twice. */
const EXTENDED = '^{}\\[~]|€';
const GSM = new Set([...BASIC, ...EXTENDED]);

const REPLACEMENTS: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '…': '...',
  '•': '-',
  '\t': ' ',
  '\u00a0': ' ',
};

/** Replaces what GSM-7 lacks: typographic quotes and dashes by plain ones, accents dropped, the rest removed. */
export function toGsm7(text: string): string {
  let out = '';
  for (const ch of text) {
    if (GSM.has(ch)) out += ch;
    else if (REPLACEMENTS[ch] !== undefined) out += REPLACEMENTS[ch];
    else {
      const plain = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...plain].every((c) => GSM.has(c)) ? plain : '';
    }
  }
  return out;
}

/** Length in GSM-7 septets: extension characters count twice. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (const ch of text) n += EXTENDED.includes(ch) ? 2 : 1;
  return n;
}

/** Cuts text to at most `max` septets, ending with ".." when it had to cut. */
export function fitGsm7(text: string, max: number): string {
  if (gsm7Length(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (gsm7Length(out + ch) > max - 2) break;
    out += ch;
  }
  return `${out.trimEnd()}..`;
}

/**
 * What the user typed, as our menus expect it. Some handsets and gateways deliver "@" as "¡"
 * (grassrootseconomics/cic-ussd, reference/channels.md §4).
 */
export function readUssdInput(text: string): string {
  return text.replace(/¡/g, '@');
}
