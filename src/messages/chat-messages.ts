// The chat catalogue: every text of the conversations, in English and Kiswahili, keyed by meaning.
// `short` forms keep USSD screens within 160 GSM-7 characters (no accents, no curly quotes).
import type { PhoneRejection } from '../domain/phone.js';
import { formatDate, formatKes, formatPeriod, formatPhone, formatShortPeriod } from './format.js';
import { text as t, type Text } from './text.js';

const shortUnit = (unit: string) => (unit.length > 12 ? `${unit.slice(0, 11)}.` : unit);
const period = (p: string) => ({ en: formatShortPeriod(p, 'en'), sw: formatShortPeriod(p, 'sw') });
/** An instant stored as ISO text (snapshots hold JSON) read as a date in both languages. */
const day = (iso: string) => ({ en: formatDate(new Date(iso), 'en'), sw: formatDate(new Date(iso), 'sw') });

/** Why a typed phone number was refused (src/domain/phone.ts), in both languages; the admin API uses the English. */
export const PHONE_REJECTIONS: Record<PhoneRejection, Text> = {
  empty: t('a phone number is required', 'nambari ya simu inahitajika'),
  invalid_characters: t('a phone number has only digits, spaces, dashes and a leading +', 'nambari ya simu ina tarakimu, nafasi, vistari na + mwanzoni tu'),
  wrong_length: t('a Kenyan mobile number has 10 digits (07XXXXXXXX or 01XXXXXXXX)', 'nambari ya simu ya Kenya ina tarakimu 10 (07XXXXXXXX au 01XXXXXXXX)'),
  not_kenyan: t('only Kenyan numbers (+254) are supported', 'nambari za Kenya (+254) pekee zinakubaliwa'),
  not_mobile: t('a Kenyan mobile number starts with 07 or 01', 'nambari ya simu ya Kenya huanza na 07 au 01'),
};
const PAYMENT_STATUS: Record<string, Text> = {
  initiating: t('being sent to M-Pesa', 'inatumwa kwa M-Pesa'),
  pending: t('pending', 'yanasubiri PIN'),
};

export const chat = {
  // ---- reminders (STOP / START) ----
  remindersStopped: t(
    'Reminders are off: you will get no more payment reminders. Bills and receipts still come. Reply START to turn reminders on again.',
    'Vikumbusho vimezimwa: hutapata vikumbusho vya malipo tena. Bili na risiti bado zitakuja. Jibu ANZA kuviwasha tena.',
  ),
  remindersStarted: t('Reminders are on again.', 'Vikumbusho vimewashwa tena.'),
  // ---- menu ----
  greetTenant: (name: string) => t(`Hi ${name}, welcome to RentEase.`, `Habari ${name}, karibu RentEase.`, { en: `Hi ${name}`, sw: `Habari ${name}` }),
  greetLandlord: (name: string) => t(`Hi ${name}, welcome to RentEase.`, `Habari ${name}, karibu RentEase.`, { en: `Hi ${name}`, sw: `Habari ${name}` }),
  rentDue: (unit: string, periods: string[], amount: number) => {
    const p = periods.map(period);
    const en = p.map((x) => x.en).join(', ');
    const sw = p.map((x) => x.sw).join(', ');
    return t(`Rent for ${en}, unit ${unit}: ${formatKes(amount)} due.`, `Kodi ya ${sw}, nyumba ${unit}: ${formatKes(amount)} inadaiwa.`, {
      en: `Rent ${unit}: ${formatKes(amount)} due`,
      sw: `Kodi ${unit}: ${formatKes(amount)} inadaiwa`,
    });
  },
  nothingDue: (credit: number) =>
    credit > 0
      ? t(`You owe nothing. You have ${formatKes(credit)} credit for next month.`, `Huna deni. Una ziada ya ${formatKes(credit)} kwa mwezi ujao.`, {
          en: `Nothing due. Credit ${formatKes(credit)}`,
          sw: `Huna deni. Ziada ${formatKes(credit)}`,
        })
      : t('You owe nothing right now. Thank you!', 'Huna deni kwa sasa. Asante!', { en: 'Nothing due. Thank you!', sw: 'Huna deni. Asante!' }),
  optPayNow: (amount: number) => t(`Pay ${formatKes(amount)} now`, `Lipa ${formatKes(amount)} sasa`),
  optPayRent: t('Pay rent', 'Lipa kodi ya nyumba', { en: 'Pay rent', sw: 'Lipa kodi' }),
  optStatus: t('My balance and receipts', 'Salio na risiti zangu', { en: 'Balance & receipts', sw: 'Salio na risiti' }),
  optLanguage: t('Language / Lugha', 'Lugha / Language'),
  optMyRent: t('My rent (as a tenant)', 'Kodi yangu (kama mpangaji)', { en: 'My rent', sw: 'Kodi yangu' }),
  optMyProperty: t('My property (as a landlord)', 'Nyumba zangu (kama mwenye nyumba)', { en: 'My property', sw: 'Nyumba zangu' }),
  whichRole: t('Are you writing about your own rent, or about your property?', 'Unaandika kuhusu kodi yako, au kuhusu nyumba zako?', { en: 'Your rent or your property?', sw: 'Kodi yako au nyumba zako?' }),
  optSetupPayout: t('Set up or change my paybill/till', 'Weka au badilisha paybill/till yangu', { en: 'Payout', sw: 'Malipo' }),
  optReport: t('Rent collected and unpaid tenants', 'Kodi iliyokusanywa na wasiolipa', { en: 'Report', sw: 'Ripoti' }),
  kenyanNumbersOnly: t('RentEase serves Kenyan M-Pesa numbers only.', 'RentEase inahudumia nambari za M-Pesa za Kenya pekee.', {
    en: 'RentEase: Kenyan numbers only.',
    sw: 'RentEase: nambari za Kenya pekee.',
  }),
  help: t(
    'Reply with the number of a choice, or a word: "pay", "status", "menu", "help". On USSD, 0 goes back and 00 to the menu.',
    'Jibu kwa nambari ya chaguo, au neno: "lipa", "salio", "menu", "msaada". Kwenye USSD, 0 ni kurudi na 00 ni menyu.',
    { en: '0 Back, 00 Menu', sw: '0 Rudi, 00 Menyu' },
  ),
  notUnderstood: t("Sorry, I didn't understand that.", 'Samahani, sijaelewa.', { en: 'Invalid choice.', sw: 'Chaguo si sahihi.' }),
  restarted: t('Sorry, we had to start again.', 'Samahani, tumeanza upya.', { en: 'Starting again.', sw: 'Tunaanza upya.' }),
  busy: t('Sorry, that took too long. Please try again.', 'Samahani, imechukua muda mrefu. Tafadhali jaribu tena.', { en: 'Please try again.', sw: 'Jaribu tena.' }),
  goodbye: t('Thank you for using RentEase.', 'Asante kwa kutumia RentEase.'),
  back: t('Back', 'Rudi'),
  yes: t('Yes', 'Ndiyo'),
  no: t('No', 'Hapana'),
  more: t('More', 'Zaidi'),

  // ---- language ----
  chooseLanguage: t('Choose your language:', 'Chagua lugha yako:'),
  english: t('English', 'English'),
  kiswahili: t('Kiswahili', 'Kiswahili'),
  languageSet: t('Language set to English.', 'Lugha imewekwa: Kiswahili.'),

  // ---- pay rent ----
  chooseUnit: t('Which unit are you paying for?', 'Unalipia nyumba ipi?', { en: 'Pay for which unit?', sw: 'Nyumba ipi?' }),
  // On USSD a unit name (up to 40 characters) is cut to 12, so four units and "More" fit one screen.
  unitOption: (unit: string, amount: number) =>
    t(`Unit ${unit} (${formatKes(amount)})`, `Nyumba ${unit} (${formatKes(amount)})`, { en: `${shortUnit(unit)} ${formatKes(amount)}`, sw: `${shortUnit(unit)} ${formatKes(amount)}` }),
  payChoices: t('How would you like to pay?', 'Ungependa kulipa vipi?', { en: 'Pay:', sw: 'Lipa:' }),
  optPayFull: (amount: number) => t(`Pay ${formatKes(amount)}`, `Lipa ${formatKes(amount)}`),
  optPayMaxNow: (amount: number) => t(`Pay ${formatKes(amount)} now (the most one M-Pesa payment allows)`, `Lipa ${formatKes(amount)} sasa (kiwango cha juu cha malipo moja)`, {
    en: `Pay ${formatKes(amount)} now (max)`,
    sw: `Lipa ${formatKes(amount)} sasa (juu)`,
  }),
  optOtherAmount: t('Pay another amount', 'Lipa kiasi kingine', { en: 'Other amount', sw: 'Kiasi kingine' }),
  optOtherNumber: t('Pay from another M-Pesa number', 'Lipa kwa nambari nyingine ya M-Pesa', { en: 'Other M-Pesa number', sw: 'Nambari nyingine' }),
  enterAmount: (max: number) => t(`How much? Whole shillings from 1 to ${max.toLocaleString('en-US')}.`, `Kiasi gani? Shilingi nzima kuanzia 1 hadi ${max.toLocaleString('en-US')}.`, {
    en: `Enter amount (1-${max})`,
    sw: `Weka kiasi (1-${max})`,
  }),
  badAmount: (max: number) => t(`That is not an amount I can ask M-Pesa for. Use whole shillings from 1 to ${max.toLocaleString('en-US')}.`, `Kiasi hicho hakikubaliki. Tumia shilingi nzima kuanzia 1 hadi ${max.toLocaleString('en-US')}.`, {
    en: `Invalid amount (1-${max}).`,
    sw: `Kiasi si sahihi (1-${max}).`,
  }),
  enterPhone: t('Which M-Pesa number should get the prompt? e.g. 0712345678', 'Nambari ipi ya M-Pesa ipate ombi? mf. 0712345678', { en: 'Enter M-Pesa number', sw: 'Weka nambari ya M-Pesa' }),
  badPhone: (reason: PhoneRejection) =>
    t(`That number does not work: ${PHONE_REJECTIONS[reason].en}.`, `Nambari hiyo haifai: ${PHONE_REJECTIONS[reason].sw}.`, { en: 'Invalid number.', sw: 'Nambari si sahihi.' }),
  confirmPay: (amount: number, payee: string, phone: string) =>
    t(`Pay ${formatKes(amount)} to ${payee} from M-Pesa ${formatPhone(phone)}?`, `Lipa ${formatKes(amount)} kwa ${payee} kutoka M-Pesa ${formatPhone(phone)}?`, {
      en: `Pay ${formatKes(amount)} to ${payee.slice(0, 30)} from ${formatPhone(phone)}?`,
      sw: `Lipa ${formatKes(amount)} kwa ${payee.slice(0, 30)} kutoka ${formatPhone(phone)}?`,
    }),
  optConfirm: t('Yes, pay', 'Ndiyo, lipa'),
  optCancel: t('No, cancel', 'Hapana, ghairi', { en: 'Cancel', sw: 'Ghairi' }),
  checkPhone: (phone: string) =>
    t(
      `Check your phone ${formatPhone(phone)} for the M-Pesa prompt and enter your PIN. You will get a receipt here.`,
      `Angalia simu yako ${formatPhone(phone)} kwa ombi la M-Pesa na uweke PIN yako. Utapata risiti hapa.`,
      { en: `You will get an M-Pesa prompt on ${formatPhone(phone)}. Enter your PIN to pay.`, sw: `Utapata ombi la M-Pesa kwenye ${formatPhone(phone)}. Weka PIN kulipa.` },
    ),
  /** Paying from someone else's M-Pesa: the prompt is on their phone, and they enter their PIN. */
  checkOtherPhone: (phone: string) =>
    t(
      `The M-Pesa prompt is on phone ${formatPhone(phone)}: whoever has it enters their M-Pesa PIN there. You will get a receipt here.`,
      `Ombi la M-Pesa liko kwenye simu ${formatPhone(phone)}: mwenye simu hiyo aweke PIN yake ya M-Pesa. Utapata risiti hapa.`,
      { en: `Prompt sent to ${formatPhone(phone)}: its owner enters the PIN.`, sw: `Ombi limetumwa ${formatPhone(phone)}: mwenye simu aweke PIN.` },
    ),
  paymentCancelled: t('Payment cancelled. Nothing was charged.', 'Malipo yameghairiwa. Hakuna kilichotozwa.', { en: 'Cancelled.', sw: 'Imeghairiwa.' }),
  pendingPayment: (amount: number, phone: string) =>
    t(
      `A payment of ${formatKes(amount)} is already waiting for your PIN on ${formatPhone(phone)}. Answer that prompt, or wait a minute and try again.`,
      `Malipo ya ${formatKes(amount)} tayari yanasubiri PIN yako kwenye ${formatPhone(phone)}. Jibu ombi hilo, au subiri dakika moja ujaribu tena.`,
      { en: `A payment of ${formatKes(amount)} is waiting for your PIN.`, sw: `Malipo ya ${formatKes(amount)} yanasubiri PIN yako.` },
    ),
  tooManyPrompts: (minutes: number) =>
    t(
      `Too many M-Pesa prompts to that number in the last 10 minutes. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      `Maombi mengi mno ya M-Pesa kwa nambari hiyo ndani ya dakika 10. Tafadhali jaribu tena baada ya dakika ${minutes}.`,
      { en: `Too many prompts. Try in ${minutes} min.`, sw: `Maombi mengi. Jaribu baada ya dakika ${minutes}.` },
    ),
  landlordNotReady: t(
    'Your landlord has not finished setting up rent payments yet. We will let you know; you can also ask them.',
    'Mwenye nyumba bado hajakamilisha kuweka malipo ya kodi. Tutakujulisha; unaweza pia kumuuliza.',
    { en: 'Your landlord has not set up payments yet.', sw: 'Mwenye nyumba hajaweka malipo bado.' },
  ),
  payByMenu: (shortCode: string, account: string | null) =>
    account
      ? t(`You can also pay from the M-Pesa menu: Paybill ${shortCode}, account ${account}.`, `Unaweza pia kulipa kupitia menyu ya M-Pesa: Paybill ${shortCode}, akaunti ${account}.`, {
          en: `Or Paybill ${shortCode} acc ${account}`,
          sw: `Au Paybill ${shortCode} akaunti ${account}`,
        })
      : t(`You can also pay from the M-Pesa menu: Buy Goods, till ${shortCode}.`, `Unaweza pia kulipa kupitia menyu ya M-Pesa: Lipa kwa Till ${shortCode}.`, { en: `Or till ${shortCode}`, sw: `Au till ${shortCode}` }),

  // ---- status ----
  billLine: (p: string, amount: number, paid: number, balance: number) => {
    const x = period(p);
    return t(`${x.en}: ${formatKes(amount)}, paid ${formatKes(paid)}, due ${formatKes(balance)}`, `${x.sw}: ${formatKes(amount)}, imelipwa ${formatKes(paid)}, deni ${formatKes(balance)}`, {
      en: `${x.en} due ${formatKes(balance)}`,
      sw: `${x.sw} deni ${formatKes(balance)}`,
    });
  },
  creditLine: (credit: number) => t(`Credit: ${formatKes(credit)}`, `Ziada: ${formatKes(credit)}`),
  pendingLine: (amount: number, status: string) =>
    t(`Payment of ${formatKes(amount)}: ${PAYMENT_STATUS[status]?.en ?? status}`, `Malipo ya ${formatKes(amount)}: ${PAYMENT_STATUS[status]?.sw ?? status}`),
  /** `at` is an ISO instant: the date is written in the reader's language. */
  receiptLine: (at: string, amount: number, receipt: string | null, periods: string[] = [], unit: string | null = null) => {
    const forWhat = (lang: 'en' | 'sw') => {
      const months = periods.map((p) => period(p)[lang]).join(', ');
      const parts = [unit ? `${lang === 'en' ? 'unit' : 'nyumba'} ${unit}` : '', months].filter(Boolean).join(' ');
      return parts ? ` ${lang === 'en' ? 'for' : 'kwa'} ${parts}` : '';
    };
    return t(`${day(at).en} ${formatKes(amount)}${forWhat('en')} ${receipt ?? ''}`.trim(), `${day(at).sw} ${formatKes(amount)}${forWhat('sw')} ${receipt ?? ''}`.trim());
  },
  noReceipts: t('No payments yet.', 'Hakuna malipo bado.'),
  receiptsTitle: t('Last payments:', 'Malipo ya mwisho:'),
  collectedThisMonth: (amount: number, count: number) =>
    t(`Collected this month: ${formatKes(amount)} from ${count} payment(s).`, `Imekusanywa mwezi huu: ${formatKes(amount)} kutoka malipo ${count}.`, {
      en: `This month: ${formatKes(amount)} (${count})`,
      sw: `Mwezi huu: ${formatKes(amount)} (${count})`,
    }),
  monthTotals: (period: string, billed: number, collected: number, count: number) =>
    t(
      `${formatPeriod(period, 'en')}: billed ${formatKes(billed)}, collected ${formatKes(collected)} (${count} payment${count === 1 ? '' : 's'}).`,
      `${formatPeriod(period, 'sw')}: bili ${formatKes(billed)}, imekusanywa ${formatKes(collected)} (malipo ${count}).`,
      { en: `Collected ${formatKes(collected)} (${count})`, sw: `Imekusanywa ${formatKes(collected)} (${count})` },
    ),
  outstandingLine: (due: number, upcoming: number) =>
    t(
      `Owed now: ${formatKes(due)}${upcoming > 0 ? `; not due yet: ${formatKes(upcoming)}` : ''}.`,
      `Deni sasa: ${formatKes(due)}${upcoming > 0 ? `; bado haijafika: ${formatKes(upcoming)}` : ''}.`,
      { en: `Owed now ${formatKes(due)}`, sw: `Deni sasa ${formatKes(due)}` },
    ),
  propertyLine: (name: string, billed: number, collected: number, due: number) =>
    t(
      `${name || 'No property'}: billed ${formatKes(billed)}, collected ${formatKes(collected)}, owed ${formatKes(due)}`,
      `${name || 'Bila jengo'}: bili ${formatKes(billed)}, imekusanywa ${formatKes(collected)}, deni ${formatKes(due)}`,
    ),
  /** A payment in the landlord's report: when, how much, who, the M-Pesa receipt. */
  paymentLine: (at: string, amount: number, receipt: string | null, name: string | null, unit: string | null) => {
    const who = [unit, name].filter(Boolean).join(' ');
    return t(`${day(at).en} ${formatKes(amount)} ${who} ${receipt ?? ''}`.replace(/\s+/g, ' ').trim(), `${day(at).sw} ${formatKes(amount)} ${who} ${receipt ?? ''}`.replace(/\s+/g, ' ').trim());
  },
  unpaidTitle: (count: number) => t(`Unpaid (${count}):`, `Hawajalipa (${count}):`),
  unpaidLine: (name: string, unit: string, due: number) => t(`${unit} ${name}: ${formatKes(due)}`, `${unit} ${name}: ${formatKes(due)}`),
  allPaid: t('Every tenant has paid. 🎉', 'Wapangaji wote wamelipa. 🎉', { en: 'All tenants paid.', sw: 'Wote wamelipa.' }),
  payoutLine: (type: string, shortCode: string, active: boolean) =>
    t(`Payout: ${type} ${shortCode} (${active ? 'active' : 'not active yet'})`, `Malipo: ${type} ${shortCode} (${active ? 'inatumika' : 'bado haitumiki'})`),
  noPayout: t('No paybill or till set up yet.', 'Bado hujaweka paybill au till.', { en: 'No paybill/till yet.', sw: 'Hakuna paybill/till.' }),

  // ---- landlord setup ----
  enterPin: t('Enter your RentEase PIN to change payout details:', 'Weka PIN yako ya RentEase kubadilisha maelezo ya malipo:', { en: 'Enter your PIN:', sw: 'Weka PIN yako:' }),
  wrongPin: (left: number) => t(`Wrong PIN. ${left} attempt(s) left.`, `PIN si sahihi. Zimebaki nafasi ${left}.`),
  pinLocked: t('Wrong PIN too many times. Try again later.', 'PIN si sahihi mara nyingi mno. Jaribu tena baadaye.', { en: 'Too many wrong PINs.', sw: 'PIN si sahihi mara nyingi.' }),
  currentPayout: (type: string, shortCode: string, till: string | null, active: boolean) =>
    t(
      `Now: ${type} ${shortCode}${till ? `, till ${till}` : ''} (${active ? 'active' : 'not active'}).`,
      `Sasa: ${type} ${shortCode}${till ? `, till ${till}` : ''} (${active ? 'inatumika' : 'haitumiki'}).`,
    ),
  testFailedChoices: t('The last KES 1 test did not go through.', 'Jaribio la mwisho la KES 1 halikufaulu.', { en: 'Last test failed.', sw: 'Jaribio lilifeli.' }),
  optActivateAnyway: t('Activate anyway (tenant payments may fail)', 'Washa hata hivyo (malipo yanaweza kufeli)', { en: 'Activate anyway', sw: 'Washa hata hivyo' }),
  optTestAgain: t('Send the KES 1 test again', 'Tuma jaribio la KES 1 tena', { en: 'Test again', sw: 'Jaribu tena' }),
  optChangeDetails: t('Change paybill/till', 'Badilisha paybill/till'),
  activatedWithWarning: t(
    'Activated. Warning: the test did not go through, so tenant payments may fail. Check the number with Safaricom.',
    'Imewashwa. Tahadhari: jaribio halikufaulu, hivyo malipo ya wapangaji yanaweza kufeli. Hakikisha nambari na Safaricom.',
    { en: 'Activated. Warning: test failed, payments may fail.', sw: 'Imewashwa. Tahadhari: jaribio lilifeli.' },
  ),
  chooseType: t('Where should rent go?', 'Kodi iende wapi?'),
  optPaybill: t('Paybill', 'Paybill'),
  optTill: t('Till (Buy Goods)', 'Till (Lipa kwa Till)', { en: 'Till', sw: 'Till' }),
  enterPaybill: t('Enter the paybill number:', 'Weka nambari ya paybill:'),
  enterStore: t(
    'Enter the store (or head-office) number your till belongs to, the one Safaricom gave for M-Pesa Express:',
    'Weka nambari ya store (au head office) ambayo till yako iko chini yake, ile ya M-Pesa Express:',
    { en: 'Enter store/HO number:', sw: 'Weka nambari ya store/HO:' },
  ),
  enterTill: t('Enter the till number:', 'Weka nambari ya till:'),
  badShortCode: t('That is not a valid number: use 5 to 7 digits.', 'Nambari hiyo si sahihi: tumia tarakimu 5 hadi 7.', { en: 'Use 5-7 digits.', sw: 'Tumia tarakimu 5-7.' }),
  enterAccount: t('Enter the account number your paybill needs (e.g. your bank account), or 1 if none:', 'Weka nambari ya akaunti ambayo paybill yako inahitaji, au 1 kama hakuna:', {
    en: 'Account number (1 if none):',
    sw: 'Nambari ya akaunti (1 kama hakuna):',
  }),
  badAccount: t('Use 1 to 12 letters or digits.', 'Tumia herufi au tarakimu 1 hadi 12.'),
  enterBusinessName: t('Enter the business name tenants will see, or 1 to use your name:', 'Weka jina la biashara litakaloonekana, au 1 kutumia jina lako:', {
    en: 'Business name (1 = your name):',
    sw: 'Jina la biashara (1 = jina lako):',
  }),
  badBusinessName: t('Use 2 to 40 characters.', 'Tumia herufi 2 hadi 40.'),
  choosePin: t('Choose a 4 to 6 digit RentEase PIN. It protects changes to where your rent goes:', 'Chagua PIN ya RentEase ya tarakimu 4 hadi 6. Inalinda mabadiliko ya malipo yako:', {
    en: 'Choose a 4-6 digit PIN:',
    sw: 'Chagua PIN ya tarakimu 4-6:',
  }),
  badPin: t('The PIN must be 4 to 6 digits.', 'PIN lazima iwe tarakimu 4 hadi 6.'),
  confirmPin: t('Enter the same PIN again:', 'Weka PIN hiyo tena:'),
  pinMismatch: t('The two PINs differ. Choose a PIN again:', 'PIN mbili hazifanani. Chagua PIN tena:'),
  summaryPaybill: (shortCode: string, account: string | null, name: string) =>
    t(`Paybill ${shortCode}${account ? `, account ${account}` : ''}, name "${name}".`, `Paybill ${shortCode}${account ? `, akaunti ${account}` : ''}, jina "${name}".`),
  summaryTill: (store: string, till: string, name: string) => t(`Till ${till} (store ${store}), name "${name}".`, `Till ${till} (store ${store}), jina "${name}".`),
  optSaveAndTest: t('Save and send a KES 1 test', 'Hifadhi na tuma jaribio la KES 1', { en: 'Save and test KES 1', sw: 'Hifadhi, jaribu KES 1' }),
  ownCredentialsNote: t(
    'Using your own Daraja app? Never send its keys in chat: RentEase adds them through the admin API.',
    'Unatumia programu yako ya Daraja? Usitume funguo zake kwenye chat: RentEase huziweka kupitia admin API.',
    { en: '', sw: '' },
  ),
  setupSaved: t(
    'Saved. We are sending a KES 1 test prompt to your phone; enter your M-Pesa PIN. Tenants can pay once the test succeeds.',
    'Imehifadhiwa. Tunatuma ombi la majaribio la KES 1 kwenye simu yako; weka PIN ya M-Pesa. Wapangaji wataweza kulipa jaribio likifaulu.',
    { en: 'Saved. A KES 1 test prompt will come to your phone.', sw: 'Imehifadhiwa. Ombi la KES 1 litakuja kwenye simu.' },
  ),
  setupCancelled: t('Nothing was changed.', 'Hakuna kilichobadilishwa.'),
  testSent: t('We are sending the KES 1 test prompt to your phone.', 'Tunatuma ombi la KES 1 kwenye simu yako.', { en: 'KES 1 test prompt coming.', sw: 'Ombi la KES 1 linakuja.' }),
  payoutChangedNotice: (summary: string) =>
    t(
      `Your RentEase payout details were changed: ${summary} If this was not you, reply "menu" and contact RentEase at once.`,
      `Maelezo yako ya malipo ya RentEase yamebadilishwa: ${summary} Kama si wewe, jibu "menu" na uwasiliane na RentEase mara moja.`,
    ),
} as const;
