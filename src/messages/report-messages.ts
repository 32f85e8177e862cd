// Texts of the month's file a landlord asks for in chat: the reply, and the message that carries the file.
import { formatPeriod } from './format.js';
import type { Localized } from './text.js';
import { text as t } from './text.js';

export const reportTexts = {
  /** The last line of a landlord's report in chat (not on USSD, which cannot carry a file). */
  fileHint: t('Reply CSV for the whole month as a spreadsheet file.', 'Jibu CSV kupata mwezi mzima kama faili ya spreadsheet.'),
  sending: (period: string) =>
    t(`Sending ${formatPeriod(period, 'en')} as a CSV file now.`, `Tunakutumia ${formatPeriod(period, 'sw')} kama faili ya CSV sasa.`),
  fileMessage: (period: string, business: string, url: string, hours: number): Localized => ({
    en: `${business}: ${formatPeriod(period, 'en')}, every tenant's billed, paid and owed, as a CSV file. The link works for ${hours} hours: ${url}`,
    sw: `${business}: ${formatPeriod(period, 'sw')}, bili, malipo na deni la kila mpangaji, kama faili ya CSV. Kiungo kinafanya kazi kwa saa ${hours}: ${url}`,
  }),
};
