// How money, dates and periods read in English and Kiswahili.
import type { Language } from '../domain/types.js';

/** "KES 15,000". Grouped by hand: toLocaleString goes through ICU and was 5% of a callback's CPU. */
export function formatKes(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `KES ${sign}${String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** A phone as Kenyans write it: 2547… → 07…; anything else as it is. */
export const formatPhone = (msisdn: string) => (/^254\d{9}$/.test(msisdn) ? `0${msisdn.slice(3)}` : msisdn);

const MONTHS: Record<Language, string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  sw: ['Jan', 'Feb', 'Machi', 'Apr', 'Mei', 'Juni', 'Julai', 'Ago', 'Sep', 'Okt', 'Nov', 'Des'],
};
const LONG_MONTHS: Record<Language, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  sw: ['Januari', 'Februari', 'Machi', 'Aprili', 'Mei', 'Juni', 'Julai', 'Agosti', 'Septemba', 'Oktoba', 'Novemba', 'Desemba'],
};

const inNairobi = (date: Date) => new Date(date.getTime() + 3 * 3600_000);

/** "27 Nov 2026" in Nairobi time. */
export function formatDate(date: Date, language: Language): string {
  const eat = inNairobi(date);
  return `${eat.getUTCDate()} ${MONTHS[language][eat.getUTCMonth()]} ${eat.getUTCFullYear()}`;
}

/** "27 Nov 2026 22:41" in Nairobi time. */
export function formatDateTime(date: Date, language: Language): string {
  const eat = inNairobi(date);
  const hh = String(eat.getUTCHours()).padStart(2, '0');
  const mm = String(eat.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(date, language)} ${hh}:${mm}`;
}

/** "2026-11" → "Nov 2026" / "Nov 2026": short month names, for screens. */
export function formatShortPeriod(period: string, language: Language): string {
  const [year, month] = period.split('-');
  const name = MONTHS[language][Number(month) - 1];
  return name ? `${name} ${year}` : period;
}

/** "2026-11" → "November 2026" / "Novemba 2026". */
export function formatPeriod(period: string, language: Language): string {
  const [year, month] = period.split('-');
  const name = LONG_MONTHS[language][Number(month) - 1];
  return name ? `${name} ${year}` : period;
}
