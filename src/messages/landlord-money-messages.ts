// Texts of a landlord billing a charge or recording cash by chat, in English and Kiswahili, with short
// USSD forms where a screen needs one.
import { formatDate, formatKes } from './format.js';
import { text as t } from './text.js';

const kindName = { water: t('Water', 'Maji'), deposit: t('Deposit', 'Amana'), electricity: t('Electricity', 'Umeme'), other: t('Other', 'Mengine') };

export const moneyTexts = {
  optCharge: t('Bill a charge (water, deposit …)', 'Toza malipo (maji, amana …)', { en: 'Bill charge', sw: 'Toza malipo' }),
  optCash: t('Record cash or bank payment', 'Rekodi malipo ya pesa taslimu au benki', { en: 'Record cash', sw: 'Rekodi pesa' }),
  needPin: t(
    'Set up your paybill or till first: that is where you choose your PIN, which protects money changes.',
    'Weka paybill au till yako kwanza: hapo ndipo unachagua PIN, inayolinda mabadiliko ya pesa.',
    { en: 'Set your paybill/till and PIN first.', sw: 'Weka paybill/till na PIN kwanza.' },
  ),
  askTenant: t('Which tenant? Type the unit, the account number or the name:', 'Mpangaji yupi? Andika nyumba, nambari ya akaunti au jina:', { en: 'Tenant (unit/name)?', sw: 'Mpangaji (nyumba/jina)?' }),
  noTenant: (q: string) => t(`No tenant of yours matches "${q}". Try the unit, like A1.`, `Hakuna mpangaji wako anayelingana na "${q}". Jaribu nyumba, kama A1.`, { en: 'No match. Unit?', sw: 'Hakuna. Nyumba?' }),
  chooseTenant: t('Which one?', 'Yupi?'),
  tenantOption: (unit: string, name: string, property: string | null) => t(`${unit} ${name}${property ? ` (${property})` : ''}`, `${unit} ${name}${property ? ` (${property})` : ''}`, { en: `${unit} ${name.slice(0, 14)}`, sw: `${unit} ${name.slice(0, 14)}` }),
  askKind: t('What is the charge for?', 'Malipo ni ya nini?', { en: 'Charge for?', sw: 'Ya nini?' }),
  kind: kindName,
  askLabel: t('What is it for? (a few words, e.g. "Gate key")', 'Ni ya nini? (maneno machache, mfano "Ufunguo wa geti")', { en: 'What for?', sw: 'Ya nini?' }),
  badLabel: t('Please type up to 60 characters.', 'Tafadhali andika hadi herufi 60.', { en: 'Up to 60 characters.', sw: 'Hadi herufi 60.' }),
  askAmount: t('How much, in shillings?', 'Kiasi gani, kwa shilingi?', { en: 'Amount (KES)?', sw: 'Kiasi (KES)?' }),
  badAmount: t('Please type whole shillings, like 1500.', 'Tafadhali andika shilingi kamili, kama 1500.', { en: 'Amount like 1500.', sw: 'Kiasi kama 1500.' }),
  askNote: t('A reference (bank slip, receipt book), or 1 for none:', 'Kumbukumbu (risiti ya benki, kitabu cha risiti), au 1 kama hakuna:', { en: 'Reference, or 1 for none:', sw: 'Kumbukumbu, au 1:' }),
  badNote: t('Please type up to 30 letters or digits, or 1 for none.', 'Tafadhali andika hadi herufi 30, au 1 kama hakuna.', { en: 'Up to 30 characters.', sw: 'Hadi herufi 30.' }),
  confirmCharge: (unit: string, name: string, what: { en: string; sw: string }, amount: number) =>
    t(`Bill ${name} (${unit}) ${formatKes(amount)} for ${what.en.toLowerCase()}, due today? They will be told.`, `Mtoze ${name} (${unit}) ${formatKes(amount)} kwa ${what.sw.toLowerCase()}, ilipwe leo? Ataarifiwa.`, {
      en: `Bill ${unit} ${formatKes(amount)} ${what.en}?`,
      sw: `Toza ${unit} ${formatKes(amount)} ${what.sw}?`,
    }),
  confirmCash: (unit: string, name: string, amount: number, note: string | null) =>
    t(
      `Record ${formatKes(amount)} paid by ${name} (${unit})${note ? `, ref ${note}` : ''}? It pays their oldest bill first, and they get a receipt.`,
      `Rekodi ${formatKes(amount)} zilizolipwa na ${name} (${unit})${note ? `, kumbukumbu ${note}` : ''}? Zinalipa bili ya zamani kwanza, naye anapata risiti.`,
      { en: `Record ${formatKes(amount)} from ${unit}?`, sw: `Rekodi ${formatKes(amount)} ya ${unit}?` },
    ),
  optConfirm: t('Confirm', 'Thibitisha'),
  optCancel: t('Cancel', 'Ghairi'),
  enterPin: t('Enter your RentEase PIN to confirm:', 'Weka PIN yako ya RentEase kuthibitisha:', { en: 'Enter your PIN:', sw: 'Weka PIN yako:' }),
  charged: (unit: string, amount: number) => t(`Done: ${formatKes(amount)} billed to ${unit}. The tenant was told.`, `Imekamilika: ${formatKes(amount)} imetozwa ${unit}. Mpangaji ameambiwa.`),
  recorded: (unit: string, amount: number, reference: string) =>
    t(`Recorded ${formatKes(amount)} from ${unit} (our reference ${reference}). The tenant got a receipt.`, `${formatKes(amount)} ya ${unit} imerekodiwa (kumbukumbu yetu ${reference}). Mpangaji amepata risiti.`),
  cancelled: t('Nothing was changed.', 'Hakuna kilichobadilishwa.'),
  optAssign: t('Unmatched money (assign to a tenant)', 'Pesa isiyolingana (mpe mpangaji)', { en: 'Unmatched', sw: 'Isiyolingana' }),
  noSuspense: t('No unmatched money: every payment found its tenant.', 'Hakuna pesa isiyolingana: kila malipo yamempata mpangaji wake.', { en: 'No unmatched money.', sw: 'Hakuna pesa isiyolingana.' }),
  suspenseTitle: (count: number) => t(`Money that matched no tenant (${count}). Which one?`, `Pesa isiyolingana na mpangaji (${count}). Ipi?`, { en: `Unmatched (${count}):`, sw: `Isiyolingana (${count}):` }),
  suspenseOption: (amount: number, at: string, reference: string) =>
    t(`${formatKes(amount)} on ${formatDate(new Date(at), 'en')}, account "${reference || '-'}"`, `${formatKes(amount)} tarehe ${formatDate(new Date(at), 'sw')}, akaunti "${reference || '-'}"`, {
      en: `${formatKes(amount)} ${(reference || '-').slice(0, 10)}`,
      sw: `${formatKes(amount)} ${(reference || '-').slice(0, 10)}`,
    }),
  confirmAssign: (amount: number, at: string, reference: string, unit: string, name: string) =>
    t(
      `Give ${formatKes(amount)} (${formatDate(new Date(at), 'en')}, account "${reference || '-'}") to ${name} (${unit})? It pays their oldest bill first, and they get a receipt.`,
      `Mpe ${name} (${unit}) ${formatKes(amount)} (${formatDate(new Date(at), 'sw')}, akaunti "${reference || '-'}")? Zinalipa bili ya zamani kwanza, naye anapata risiti.`,
      { en: `Give ${formatKes(amount)} to ${unit}?`, sw: `Mpe ${unit} ${formatKes(amount)}?` },
    ),
  assigned: (amount: number, unit: string) => t(`Done: ${formatKes(amount)} given to ${unit}. The tenant got a receipt.`, `Imekamilika: ${formatKes(amount)} amepewa ${unit}. Mpangaji amepata risiti.`),
};
