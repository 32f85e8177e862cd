// Texts about bills: the notice of a new bill, reminders, late fees, and STOP/START; in English and
// Kiswahili. "How to pay" names every way there is: replying on WhatsApp, the USSD code, the M-Pesa menu.
import type { BillLine, Language } from '../domain/types.js';
import { formatDate, formatKes, formatPeriod } from './format.js';
import type { Localized } from './text.js';

export type { BillLine };

export interface PayInfo {
  /** The tenant can reply "pay" on WhatsApp. */
  whatsapp: boolean;
  /** Our WhatsApp number, told to a tenant not yet on WhatsApp with us (a welcome). */
  whatsappNumber?: string | undefined;
  /** The USSD code, when one is configured (USSD_SERVICE_CODE). */
  ussdCode: string | undefined;
  payout: { type: 'paybill' | 'till'; shortCode: string; accountNumber: string } | null;
}

const KINDS: Record<string, Localized> = {
  rent: { en: 'Rent', sw: 'Kodi' },
  water: { en: 'Water', sw: 'Maji' },
  electricity: { en: 'Electricity', sw: 'Umeme' },
  service: { en: 'Service charge', sw: 'Ada ya huduma' },
  deposit: { en: 'Deposit', sw: 'Amana' },
  penalty: { en: 'Late fee', sw: 'Faini ya kuchelewa' },
};

/** "Rent, November 2026" / "Water (12 m³), November 2026". */
export function billName(b: Pick<BillLine, 'kind' | 'label' | 'period'>, lang: Language): string {
  const kind = b.kind === 'other' ? (b.label ?? (lang === 'en' ? 'Other charge' : 'Malipo mengine')) : KINDS[b.kind]![lang];
  const label = b.kind !== 'other' && b.label ? ` (${b.label})` : '';
  return `${kind}${label}, ${formatPeriod(b.period, lang)}`;
}

const dueOn = (day: string, lang: Language) => formatDate(new Date(`${day}T12:00:00+03:00`), lang);

export function howToPay(p: PayInfo, lang: Language): string {
  const ways: string[] = [];
  if (p.whatsapp) ways.push(lang === 'en' ? 'reply PAY here' : 'jibu LIPA hapa');
  else if (p.whatsappNumber) ways.push(lang === 'en' ? `send PAY on WhatsApp to ${p.whatsappNumber}` : `tuma LIPA kwa WhatsApp kwa ${p.whatsappNumber}`);
  if (p.ussdCode) ways.push(lang === 'en' ? `dial ${p.ussdCode}` : `piga ${p.ussdCode}`);
  if (p.payout) {
    const menu =
      p.payout.type === 'paybill'
        ? lang === 'en'
          ? `pay from M-Pesa: Paybill ${p.payout.shortCode}, account ${p.payout.accountNumber}`
          : `lipa kwa M-Pesa: Paybill ${p.payout.shortCode}, akaunti ${p.payout.accountNumber}`
        : lang === 'en'
          ? `pay from M-Pesa: Buy Goods, till ${p.payout.shortCode}`
          : `lipa kwa M-Pesa: Lipa kwa Till ${p.payout.shortCode}`;
    ways.push(menu);
  }
  if (ways.length === 0) return '';
  const joined = ways.length === 1 ? ways[0]! : `${ways.slice(0, -1).join(', ')}${lang === 'en' ? ', or ' : ', au '}${ways.at(-1)}`;
  return lang === 'en' ? `To pay: ${joined}.` : `Kulipa: ${joined}.`;
}

const stopHint = { en: 'Reply STOP to stop reminders.', sw: 'Jibu ACHA kusimamisha vikumbusho.' };

function both<T = string>(build: (lang: Language) => T): Record<Language, T> {
  return { en: build('en'), sw: build('sw') };
}

/** A new bill (or several made at once): what it is for, how much, when due, how to pay. */
export function billNotice(bills: BillLine[], pay: PayInfo): Localized {
  return both((lang) => {
    const total = bills.reduce((sum, b) => sum + b.amount, 0);
    const lines = bills.map((b) => `${billName(b, lang)}: ${formatKes(b.amount)}, ${lang === 'en' ? 'due' : 'tarehe ya mwisho'} ${dueOn(b.dueDate, lang)}`);
    const head = lang === 'en' ? (bills.length === 1 ? 'New bill from your landlord:' : `New bills from your landlord (${formatKes(total)} in all):`) : bills.length === 1 ? 'Bili mpya kutoka kwa mwenye nyumba:' : `Bili mpya kutoka kwa mwenye nyumba (jumla ${formatKes(total)}):`;
    return [head, ...lines, howToPay(pay, lang), stopHint[lang]].filter(Boolean).join('\n');
  });
}

/** One reminder a day at most, listing every bill it is about. */
export function reminder(bills: BillLine[], pay: PayInfo, today: string): Localized {
  return both((lang) => {
    const total = bills.reduce((sum, b) => sum + b.balance, 0);
    const overdue = bills.some((b) => b.dueDate < today);
    const head =
      lang === 'en'
        ? overdue
          ? `Reminder: ${formatKes(total)} of rent is overdue.`
          : `Reminder: ${formatKes(total)} is due soon.`
        : overdue
          ? `Kikumbusho: ${formatKes(total)} ya kodi imepita tarehe.`
          : `Kikumbusho: ${formatKes(total)} inadaiwa hivi karibuni.`;
    const lines = bills.map((b) => `${billName(b, lang)}: ${formatKes(b.balance)} (${lang === 'en' ? 'due' : 'mwisho'} ${dueOn(b.dueDate, lang)})`);
    return [head, ...lines, howToPay(pay, lang), stopHint[lang]].filter(Boolean).join('\n');
  });
}

export function lateFeeNotice(fee: BillLine, forPeriod: string, pay: PayInfo): Localized {
  return both((lang) =>
    [
      lang === 'en'
        ? `A late fee of ${formatKes(fee.amount)} was added because the rent for ${formatPeriod(forPeriod, lang)} is overdue.`
        : `Faini ya kuchelewa ya ${formatKes(fee.amount)} imeongezwa kwa sababu kodi ya ${formatPeriod(forPeriod, lang)} imepita tarehe.`,
      howToPay(pay, lang),
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

/**
 * The numbered variables of the WhatsApp templates (TWILIO_TEMPLATE_BILL_NOTICE / _REMINDER), in each
 * language. WhatsApp refuses a variable with a line break, so each is one line. The approved texts the
 * variables fit are in .env.example.
 */
export type TemplateVariables = Record<Language, Record<string, string>>;

/** {{1}} what the bills are for, {{2}} the total, {{3}} the first due date. */
export function billNoticeVariables(bills: BillLine[]): TemplateVariables {
  const firstDue = bills.map((b) => b.dueDate).sort()[0]!;
  return both((lang) => ({ 1: bills.map((b) => billName(b, lang)).join('; '), 2: formatKes(bills.reduce((s, b) => s + b.amount, 0)), 3: dueOn(firstDue, lang) }));
}

/** {{1}} the total owed, {{2}} what for, {{3}} the first due date. */
export function reminderVariables(bills: BillLine[]): TemplateVariables {
  const firstDue = bills.map((b) => b.dueDate).sort()[0]!;
  return both((lang) => ({ 1: formatKes(bills.reduce((s, b) => s + b.balance, 0)), 2: bills.map((b) => billName(b, lang)).join('; '), 3: dueOn(firstDue, lang) }));
}
