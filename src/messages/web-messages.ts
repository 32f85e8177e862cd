// Texts of the web dashboard and its sign-in, in English and Kiswahili (the landlord's language).
import type { Language } from '../domain/types.js';
import { formatKes } from './format.js';
import type { Localized } from './text.js';

export const webTexts = {
  // Plain answers to a request that cannot go on; the reader's language may not be known: both, one per line.
  formExpired: { en: 'This form has expired: reload the page and try again.', sw: 'Fomu hii imeisha muda: pakia ukurasa upya ujaribu tena.' },
  signedOut: { en: 'Signed out: sign in again.', sw: 'Umetoka: ingia tena.' },
  notFound: { en: 'Not found.', sw: 'Haikupatikana.' },
  landlordOnly: { en: 'Only the landlord gives unmatched money to a tenant.', sw: 'Ni mwenye nyumba pekee anayempa mpangaji pesa zisizolingana.' },
  codeMessage: (code: string, minutes: number): Localized => ({
    en: `Your RentEase sign-in code is ${code}. It works for ${minutes} minutes. If you did not ask for it, ignore this message.`,
    sw: `Nambari yako ya kuingia RentEase ni ${code}. Inafanya kazi kwa dakika ${minutes}. Kama hukuiomba, puuza ujumbe huu.`,
  }),
};

/** The dashboard's words, by language. */
export function dashboardWords(lang: Language) {
  const sw = lang === 'sw';
  return {
    signIn: sw ? 'Ingia' : 'Sign in',
    phone: sw ? 'Nambari yako ya simu' : 'Your phone number',
    sendCode: sw ? 'Nitumie nambari' : 'Send me a code',
    code: sw ? 'Nambari ya tarakimu 6' : 'The 6-digit code',
    codeSent: (phone: string) => (sw ? `Tumetuma nambari kwa ${phone} kwa WhatsApp au SMS.` : `We sent a code to ${phone} by WhatsApp or SMS.`),
    notRegistered: sw ? 'Nambari hii si ya mwenye nyumba au msimamizi kwenye RentEase.' : 'This number is not a landlord or caretaker on RentEase.',
    rateLimited: sw ? 'Maombi mengi mno. Jaribu tena baada ya dakika 15.' : 'Too many codes asked for. Try again in 15 minutes.',
    wrongCode: sw ? 'Nambari si sahihi au imeisha muda. Jaribu tena au omba mpya.' : 'That code is wrong or has ended. Try again, or ask for a new one.',
    signOut: sw ? 'Toka' : 'Sign out',
    signOutEverywhere: sw ? 'Toka kila mahali' : 'Sign out everywhere',
    thisMonth: sw ? 'Mwezi huu' : 'This month',
    billed: sw ? 'Bili' : 'Billed',
    collected: sw ? 'Imekusanywa' : 'Collected',
    outstanding: sw ? 'Deni (limefika)' : 'Outstanding (due)',
    upcoming: sw ? 'Bado haijafika' : 'Not due yet',
    byDay: sw ? 'Makusanyo kwa siku' : 'Collections by day',
    sixMonths: sw ? 'Miezi sita iliyopita' : 'The last six months',
    properties: sw ? 'Majengo' : 'Properties',
    tenants: sw ? 'Wapangaji' : 'Tenants',
    payments: sw ? 'Malipo' : 'Payments',
    unmatched: sw ? 'Pesa zisizolingana' : 'Unmatched money',
    payout: sw ? 'Malipo yanakokwenda' : 'Where rent goes',
    active: sw ? 'inatumika' : 'active',
    notActive: sw ? 'haitumiki bado' : 'not active yet',
    noPayout: sw ? 'Bado hakuna paybill au till. Weka kwa WhatsApp: "hi", kisha 1.' : 'No paybill or till yet. Set it up in chat: "hi", then 1.',
    unit: sw ? 'Nyumba' : 'Unit',
    name: sw ? 'Jina' : 'Name',
    rent: sw ? 'Kodi' : 'Rent',
    balance: sw ? 'Deni' : 'Balance',
    lastPayment: sw ? 'Malipo ya mwisho' : 'Last payment',
    reminders: sw ? 'Vikumbusho' : 'Reminders',
    on: sw ? 'vinawaka' : 'on',
    off: sw ? 'vimezimwa' : 'off',
    all: sw ? 'Wote' : 'All',
    unpaid: sw ? 'Hawajalipa' : 'Unpaid',
    partial: sw ? 'Sehemu' : 'Partial',
    paid: sw ? 'Wamelipa' : 'Paid',
    overdue: sw ? 'Wamechelewa' : 'Overdue',
    search: sw ? 'Tafuta jina, nyumba au akaunti' : 'Search name, unit or account',
    date: sw ? 'Tarehe' : 'Date',
    amount: sw ? 'Kiasi' : 'Amount',
    receipt: sw ? 'Risiti' : 'Receipt',
    source: sw ? 'Njia' : 'Source',
    status: sw ? 'Hali' : 'Status',
    sources: { stk: sw ? 'Ombi la M-Pesa' : 'M-Pesa prompt', c2b: sw ? 'Menyu ya M-Pesa' : 'M-Pesa menu', manual: sw ? 'Taslimu/benki' : 'Cash/bank' } as Record<string, string>,
    assign: sw ? 'Mpe mpangaji' : 'Give to tenant',
    pin: sw ? 'PIN yako ya RentEase' : 'Your RentEase PIN',
    assigned: sw ? 'Imetolewa kwa mpangaji; amepata risiti.' : 'Given to the tenant; they got a receipt.',
    wrongPin: sw ? 'PIN si sahihi.' : 'Wrong PIN.',
    pinLocked: sw ? 'PIN si sahihi mara nyingi mno. Jaribu tena baadaye.' : 'Wrong PIN too many times. Try again later.',
    notUnmatched: sw ? 'Pesa hii si ya orodha ya zisizolingana tena.' : 'This money is no longer in the unmatched list.',
    statement: sw ? 'Taarifa' : 'Statement',
    bills: sw ? 'Bili' : 'Bills',
    exportCsv: sw ? 'Pakua CSV ya mwezi' : 'Download the month as CSV',
    live: sw ? 'Malipo mapya yanaonekana hapa yenyewe.' : 'New payments appear here by themselves.',
    nothing: sw ? 'Hakuna.' : 'None.',
    kes: (n: number) => formatKes(n),
  };
}

export type DashboardWords = ReturnType<typeof dashboardWords>;

/** A plain-text answer in both languages, one per line. */
export const inBoth = (text: Localized) => `${text.en}\n${text.sw}`;

/** The playground's words, by language. */
export function playgroundWords(lang: Language) {
  const sw = lang === 'sw';
  return {
    title: sw ? 'Jaribu RentEase' : 'Try RentEase',
    phone: sw ? 'Simu' : 'Phone',
    phoneNumber: sw ? 'Nambari ya simu' : 'Phone number',
    demoTenant: sw ? 'Mpangaji wa mfano' : 'Demo tenant',
    demoLandlord: sw ? 'Mwenye nyumba wa mfano' : 'Demo landlord',
    another: sw ? 'Nambari nyingine…' : 'Another number…',
    explain: sw
      ? 'Kila unachoandika kinaenda kwa bot kupitia webhooks zake halisi. PIN ya M-Pesa ya mfano ni 1234.'
      : 'Everything you type goes to the bot through its real webhooks. The simulated M-Pesa PIN is 1234.',
    send: sw ? 'Tuma' : 'Send',
    cancel: sw ? 'Ghairi' : 'Cancel',
    message: sw ? 'Ujumbe' : 'Message',
    reply: sw ? 'Jibu' : 'Reply',
    dial: sw ? 'Piga' : 'Dial',
    dialToStart: sw ? 'Piga ili kuanza.' : 'Dial to start.',
    prompt: sw ? 'Lipa KES {amount} kwa {to}, akaunti {account}? Weka PIN yako ya M-Pesa.' : 'Pay KES {amount} to {to}, account {account}? Enter your M-Pesa PIN.',
  };
}
