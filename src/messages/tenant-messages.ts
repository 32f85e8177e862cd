// Texts of a landlord adding tenants by chat (one at a time, or several pasted in one message), and the
// welcome a new tenant receives; in English and Kiswahili, with short USSD forms where a screen needs one.
import type { Language } from '../domain/types.js';
import type { LineProblem, ParsedLine } from '../domain/tenant-lines.js';
import { formatKes, formatPhone } from './format.js';
import { howToPay, type PayInfo } from './billing-messages.js';
import { PHONE_REJECTIONS } from './chat-messages.js';
import { text as t, type Text } from './text.js';
import type { Localized } from './text.js';

const LINE_PROBLEMS: Record<Exclude<LineProblem, keyof typeof PHONE_REJECTIONS>, Text> = {
  fields: t('write it as: name, phone, unit, rent (and the due day if not the 1st)', 'andika hivi: jina, simu, nyumba, kodi (na tarehe ya kulipa kama si tarehe 1)'),
  name: t('the name is missing or too long', 'jina halipo au ni refu mno'),
  unit: t('the unit is missing or too long', 'nyumba haipo au jina lake ni refu mno'),
  rent: t('the rent must be whole shillings, like 15000', 'kodi iwe shilingi kamili, kama 15000'),
  due_day: t('the due day must be a day from 1 to 31', 'tarehe ya kulipa iwe siku ya 1 hadi 31'),
};

export const problemText = (problem: LineProblem): Text => (problem in PHONE_REJECTIONS ? PHONE_REJECTIONS[problem as keyof typeof PHONE_REJECTIONS] : LINE_PROBLEMS[problem as keyof typeof LINE_PROBLEMS]);

export const tenantTexts = {
  optAddTenant: t('Add tenants', 'Ongeza wapangaji', { en: 'Add tenant', sw: 'Ongeza mpangaji' }),
  askName: t(
    "Tenant's full name?\n(To add several at once, paste one per line: name, phone, unit, rent)",
    'Jina kamili la mpangaji?\n(Kuongeza wengi mara moja, bandika mmoja kwa kila mstari: jina, simu, nyumba, kodi)',
    { en: "Tenant's name?", sw: 'Jina la mpangaji?' },
  ),
  askPhone: (name: string) => t(`${name}'s phone number?`, `Nambari ya simu ya ${name}?`, { en: 'Phone number?', sw: 'Nambari ya simu?' }),
  askUnit: t('Which unit (house number)?', 'Nyumba ipi (nambari ya nyumba)?', { en: 'Unit?', sw: 'Nyumba?' }),
  askProperty: t('Which property? Choose, or type a new name:', 'Jengo lipi? Chagua, au andika jina jipya:', { en: 'Property?', sw: 'Jengo?' }),
  askRent: t('Monthly rent, in shillings?', 'Kodi ya mwezi, kwa shilingi?', { en: 'Monthly rent (KES)?', sw: 'Kodi ya mwezi?' }),
  askDueDay: t('Which day of the month is rent due? (1 to 31)', 'Kodi hulipwa tarehe ngapi ya mwezi? (1 hadi 31)', { en: 'Due day (1-31)?', sw: 'Tarehe ya kulipa (1-31)?' }),
  badName: t('Please type a name of 2 to 120 characters.', 'Tafadhali andika jina la herufi 2 hadi 120.', { en: 'Name: 2-120 characters.', sw: 'Jina: herufi 2-120.' }),
  badUnit: t('Please type the unit, up to 40 characters.', 'Tafadhali andika nyumba, hadi herufi 40.', { en: 'Unit: up to 40 characters.', sw: 'Nyumba: hadi herufi 40.' }),
  badRent: t('Please type the rent in whole shillings, like 15000.', 'Tafadhali andika kodi kwa shilingi kamili, kama 15000.', { en: 'Rent like 15000.', sw: 'Kodi kama 15000.' }),
  badDueDay: t('Please type a day from 1 to 31.', 'Tafadhali andika siku ya 1 hadi 31.', { en: 'A day 1-31.', sw: 'Siku 1-31.' }),
  confirm: (x: { name: string; phone: string; unit: string; property: string | null; rent: number; dueDay: number }) =>
    t(
      `Add ${x.name} (${formatPhone(x.phone)}), unit ${x.unit}${x.property ? `, ${x.property}` : ''}, rent ${formatKes(x.rent)} due on day ${x.dueDay} of each month?`,
      `Ongeza ${x.name} (${formatPhone(x.phone)}), nyumba ${x.unit}${x.property ? `, ${x.property}` : ''}, kodi ${formatKes(x.rent)} hulipwa tarehe ${x.dueDay} kila mwezi?`,
      { en: `Add ${x.name}, ${x.unit}, ${formatKes(x.rent)}, day ${x.dueDay}?`, sw: `Ongeza ${x.name}, ${x.unit}, ${formatKes(x.rent)}, tarehe ${x.dueDay}?` },
    ),
  optAdd: t('Add', 'Ongeza'),
  optCancel: t('Cancel', 'Ghairi'),
  added: (name: string, unit: string, account: string) =>
    t(
      `Added ${name}, unit ${unit}. Their account number is ${account}. We sent them a welcome message with how to pay.`,
      `${name} ameongezwa, nyumba ${unit}. Nambari ya akaunti yake ni ${account}. Tumemtumia ujumbe wa kumkaribisha na jinsi ya kulipa.`,
      { en: `Added ${name}, account ${account}.`, sw: `${name} ameongezwa, akaunti ${account}.` },
    ),
  cancelled: t('Nothing was added.', 'Hakuna kilichoongezwa.'),
  unitTaken: (unit: string) =>
    t(`Unit ${unit} already has a tenant in that property. Type another unit, or move the current tenant out first.`, `Nyumba ${unit} tayari ina mpangaji kwenye jengo hilo. Andika nyumba nyingine, au mhamishe mpangaji wa sasa kwanza.`, {
      en: `Unit ${unit} is taken. Another unit?`,
      sw: `Nyumba ${unit} ina mpangaji. Nyingine?`,
    }),
  /** The summary after a pasted list: who was added (with account numbers), and each refusal with its reason. */
  bulkSummary: (added: { name: string; unit: string; account: string }[], refused: { line: number; text: string; reason: Text }[]): Localized => {
    const build = (lang: Language) => {
      const head = lang === 'en' ? `Added ${added.length} tenant${added.length === 1 ? '' : 's'}` : `Wapangaji ${added.length} wameongezwa`;
      const lines = added.map((a) => `${a.unit} ${a.name}: ${lang === 'en' ? 'account' : 'akaunti'} ${a.account}`);
      const refusedHead = refused.length ? [lang === 'en' ? `Not added (${refused.length}):` : `Hawakuongezwa (${refused.length}):`] : [];
      const refusedLines = refused.map((r) => `${lang === 'en' ? 'Line' : 'Mstari'} ${r.line} "${r.text}": ${r.reason[lang]}`);
      const tail = added.length ? [lang === 'en' ? 'Each got a welcome message with how to pay.' : 'Kila mmoja ametumiwa ujumbe wa kukaribishwa na jinsi ya kulipa.'] : [];
      return [`${head}${added.length ? ':' : '.'}`, ...lines, ...refusedHead, ...refusedLines, ...tail].join('\n');
    };
    return { en: build('en'), sw: build('sw') };
  },
  /** What a new tenant receives: who their landlord is, their account number, every way to pay, STOP. */
  welcome: (x: { landlord: string; unit: string; account: string; pay: PayInfo }): Localized => ({
    en: [`Welcome to RentEase! ${x.landlord} added you as the tenant of unit ${x.unit}.`, `Your account number: ${x.account}.`, howToPay(x.pay, 'en'), 'Reply STOP to stop reminders.'].filter(Boolean).join('\n'),
    sw: [`Karibu RentEase! ${x.landlord} amekuongeza kama mpangaji wa nyumba ${x.unit}.`, `Nambari yako ya akaunti: ${x.account}.`, howToPay(x.pay, 'sw'), 'Jibu ACHA kusimamisha vikumbusho.'].filter(Boolean).join('\n'),
  }),
};

export type { ParsedLine };

/** Texts of a landlord looking after one tenant: statement, rent, phone, moving out. */
export const manageTexts = {
  optManage: t('A tenant: statement, rent, phone, move out', 'Mpangaji: taarifa, kodi, simu, kuhama', { en: 'One tenant', sw: 'Mpangaji mmoja' }),
  summary: (x: { name: string; unit: string; phone: string; rent: number; dueDay: number; due: number; endsOn: string | null }) =>
    t(
      `${x.name}, unit ${x.unit}, ${formatPhone(x.phone)}: rent ${formatKes(x.rent)} due day ${x.dueDay}; owes ${formatKes(x.due)}${x.endsOn ? `; moves out ${x.endsOn}` : ''}.`,
      `${x.name}, nyumba ${x.unit}, ${formatPhone(x.phone)}: kodi ${formatKes(x.rent)} tarehe ${x.dueDay}; deni ${formatKes(x.due)}${x.endsOn ? `; anahama ${x.endsOn}` : ''}.`,
      { en: `${x.unit} ${x.name.slice(0, 14)}: owes ${formatKes(x.due)}`, sw: `${x.unit} ${x.name.slice(0, 14)}: deni ${formatKes(x.due)}` },
    ),
  optStatement: t('Statement', 'Taarifa'),
  optRent: t('Change rent', 'Badilisha kodi'),
  optPhone: t('Change phone', 'Badilisha simu'),
  optMoveOut: t('Move out', 'Kuhama'),
  statementTitle: (name: string, unit: string) => t(`Statement: ${name}, unit ${unit}`, `Taarifa: ${name}, nyumba ${unit}`),
  billLine: (what: string, amount: number, paid: number) =>
    t(`${what}: ${formatKes(amount)}, paid ${formatKes(paid)}`, `${what}: ${formatKes(amount)}, imelipwa ${formatKes(paid)}`),
  paymentsTitle: t('Payments:', 'Malipo:'),
  paymentLine: (date: string, amount: number, receipt: string | null) => t(`${date} ${formatKes(amount)} ${receipt ?? ''}`.trim(), `${date} ${formatKes(amount)} ${receipt ?? ''}`.trim()),
  balanceLine: (due: number, credit: number) =>
    t(`Owes ${formatKes(due)}${credit > 0 ? `; credit ${formatKes(credit)}` : ''}.`, `Deni ${formatKes(due)}${credit > 0 ? `; ziada ${formatKes(credit)}` : ''}.`),
  askNewRent: t('New monthly rent, from the next bill on?', 'Kodi mpya ya mwezi, kuanzia bili ijayo?', { en: 'New rent (KES)?', sw: 'Kodi mpya?' }),
  askNewPhone: t('New phone number?', 'Nambari mpya ya simu?'),
  confirmRent: (unit: string, rent: number) => t(`Change the rent of ${unit} to ${formatKes(rent)} from the next bill?`, `Badilisha kodi ya ${unit} kuwa ${formatKes(rent)} kuanzia bili ijayo?`),
  confirmPhone: (unit: string, phone: string) => t(`Change the phone of ${unit} to ${formatPhone(phone)}?`, `Badilisha simu ya ${unit} kuwa ${formatPhone(phone)}?`),
  confirmMoveOut: (name: string, due: number) =>
    t(
      `Move ${name} out today? No more bills will be made; what they owe (${formatKes(due)}) stays on record.`,
      `${name} ahame leo? Hakuna bili mpya; deni lake (${formatKes(due)}) linabaki kwenye kumbukumbu.`,
      { en: `Move ${name.slice(0, 20)} out today?`, sw: `${name.slice(0, 20)} ahame leo?` },
    ),
  changed: t('Saved.', 'Imehifadhiwa.'),
  movedOut: (name: string) => t(`${name} moved out: no more bills.`, `${name} amehama: hakuna bili mpya.`),
};
