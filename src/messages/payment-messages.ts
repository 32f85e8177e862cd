// Texts about payments, in English and Kiswahili. Every text a tenant or landlord reads comes from a
// catalogue like this one, keyed by meaning (STYLE.md "Flows"); flows see domain codes, never Daraja's.
import type { Language } from '../domain/types.js';
import type { DomainCode } from '../domain/outcomes.js';
import { formatDateTime, formatKes, formatPeriod } from './format.js';
import { howToPay, type PayInfo } from './billing-messages.js';
import type { Localized } from './text.js';

export type { Localized };


export interface ReceiptFacts {
  amount: number;
  receipt: string | null;
  /** Cash or bank money the landlord recorded, with the reference they gave (if any). */
  recordedByLandlord?: { reference: string | null } | undefined;
  paidAt: Date;
  unit: string;
  periods: string[];
  balance: number;
  credit: number;
}

export function tenantReceipt(f: ReceiptFacts): Localized {
  const manual = f.recordedByLandlord;
  const receipt = (lang: Language) =>
    manual
      ? `${lang === 'en' ? 'Recorded by your landlord' : 'Imerekodiwa na mwenye nyumba wako'}${manual.reference ? ` (ref ${manual.reference})` : ''}`
      : f.receipt
        ? lang === 'en' ? `M-Pesa receipt ${f.receipt}` : `Risiti ya M-Pesa ${f.receipt}`
        : lang === 'en' ? 'Confirmed by M-Pesa' : 'Imethibitishwa na M-Pesa';
  const periods = (lang: Language) => f.periods.map((p) => formatPeriod(p, lang)).join(', ');
  const en = [
    `Payment received: ${formatKes(f.amount)} for unit ${f.unit}${f.periods.length ? `, rent for ${periods('en')}` : ''}.`,
    `${receipt('en')}, ${formatDateTime(f.paidAt, 'en')}.`,
    f.balance > 0 ? `Balance left: ${formatKes(f.balance)}.` : 'Nothing left to pay.',
    f.credit > 0 ? `Credit for next month: ${formatKes(f.credit)}.` : '',
  ];
  const sw = [
    `Malipo yamepokelewa: ${formatKes(f.amount)} kwa nyumba ${f.unit}${f.periods.length ? `, kodi ya ${periods('sw')}` : ''}.`,
    `${receipt('sw')}, ${formatDateTime(f.paidAt, 'sw')}.`,
    f.balance > 0 ? `Salio la kulipa: ${formatKes(f.balance)}.` : 'Hakuna deni lililobaki.',
    f.credit > 0 ? `Ziada kwa mwezi ujao: ${formatKes(f.credit)}.` : '',
  ];
  return { en: en.filter(Boolean).join(' '), sw: sw.filter(Boolean).join(' ') };
}

/** The WhatsApp receipt template's variables (TWILIO_TEMPLATE_RECEIPT): {{1}} amount, {{2}} M-Pesa receipt, {{3}} balance. */
export function receiptVariables(f: ReceiptFacts): Record<Language, Record<string, string>> {
  const vars = (lang: Language) => ({ 1: formatKes(f.amount), 2: f.receipt ?? '-', 3: formatKes(f.balance) });
  return { en: vars('en'), sw: vars('sw') };
}

export function landlordNotice(f: ReceiptFacts & { tenantName: string; phone: string; tenantPhone?: string; matchedBy?: 'unit' | 'phone' | undefined; accountReference?: string | null }): Localized {
  const when = (lang: Language) => formatDateTime(f.paidAt, lang);
  const periods = (lang: Language) => (f.periods.length ? ` (${f.periods.map((p) => formatPeriod(p, lang)).join(', ')})` : '');
  const receipt = f.receipt ?? '-';
  const ref = f.accountReference ? `"${f.accountReference}"` : '';
  // Money from the M-Pesa menu without the tenant's account number: say how it found the tenant, so a wrong match is caught.
  const how = {
    en: f.matchedBy === 'unit' ? ` Matched by the unit name in the account (${ref}).` : f.matchedBy === 'phone' ? ' Matched by the paying phone: it is this tenant\'s only number with you.' : '',
    sw: f.matchedBy === 'unit' ? ` Imelinganishwa kwa jina la nyumba kwenye akaunti (${ref}).` : f.matchedBy === 'phone' ? ' Imelinganishwa kwa simu iliyolipa: ni nambari ya mpangaji huyu pekee.' : '',
  };
  // Paid from another number (a relative, an employer): name the payer apart from the tenant.
  const otherPayer = f.tenantPhone !== undefined && f.phone !== f.tenantPhone;
  if (otherPayer) {
    return {
      en: `Rent received for ${f.tenantName}, unit ${f.unit}${periods('en')}: ${formatKes(f.amount)}, paid from ${f.phone}, not the tenant's number. M-Pesa receipt ${receipt}, ${when('en')}.${f.balance > 0 ? ` Still owed: ${formatKes(f.balance)}.` : ''}${how.en}`,
      sw: `Kodi imepokelewa ya ${f.tenantName}, nyumba ${f.unit}${periods('sw')}: ${formatKes(f.amount)}, imelipwa kutoka ${f.phone}, si nambari ya mpangaji. Risiti ya M-Pesa ${receipt}, ${when('sw')}.${f.balance > 0 ? ` Deni lililobaki: ${formatKes(f.balance)}.` : ''}${how.sw}`,
    };
  }
  return {
    en: `Rent received: ${f.tenantName} (${f.phone}) paid ${formatKes(f.amount)} for unit ${f.unit}${periods('en')}. M-Pesa receipt ${receipt}, ${when('en')}.${f.balance > 0 ? ` Still owed: ${formatKes(f.balance)}.` : ''}${how.en}`,
    sw: `Kodi imepokelewa: ${f.tenantName} (${f.phone}) amelipa ${formatKes(f.amount)} kwa nyumba ${f.unit}${periods('sw')}. Risiti ya M-Pesa ${receipt}, ${when('sw')}.${f.balance > 0 ? ` Deni lililobaki: ${formatKes(f.balance)}.` : ''}${how.sw}`,
  };
}

/** Why a payment did not go through, and what to do: one sentence each. */
export function failureReason(code: DomainCode): Localized {
  switch (code) {
    case 'cancelled_by_user':
      return { en: 'You cancelled the M-Pesa prompt.', sw: 'Umeghairi ombi la M-Pesa.' };
    case 'insufficient_funds':
      return { en: 'Your M-Pesa balance was not enough.', sw: 'Salio lako la M-Pesa halikutosha.' };
    case 'wrong_pin':
      return { en: 'The M-Pesa PIN was wrong.', sw: 'PIN ya M-Pesa haikuwa sahihi.' };
    case 'unreachable':
      return {
        en: 'M-Pesa could not reach your phone. Keep it on and close other menus; if it keeps happening, update your SIM (dial *234#).',
        sw: 'M-Pesa haikuweza kufikia simu yako. Iwashe na ufunge menyu nyingine; ikiendelea, sasisha SIM yako (piga *234#).',
      };
    case 'subscriber_busy':
      return { en: 'Another M-Pesa request is open on your phone. Finish it and try again in a minute.', sw: 'Kuna ombi lingine la M-Pesa kwenye simu yako. Limalize kisha ujaribu tena baada ya dakika moja.' };
    case 'repeat_too_soon':
      return { en: 'M-Pesa refuses the same amount twice within 2 minutes. Try again in 2 minutes.', sw: 'M-Pesa haikubali kiasi kilekile mara mbili ndani ya dakika 2. Jaribu tena baada ya dakika 2.' };
    case 'expired':
    case 'timeout':
      return { en: 'The M-Pesa prompt was not answered in time.', sw: 'Ombi la M-Pesa halikujibiwa kwa wakati.' };
    case 'amount_too_small':
    case 'amount_too_large':
    case 'limit_exceeded':
      return { en: 'The amount is outside your M-Pesa limits.', sw: 'Kiasi hiki kiko nje ya mipaka yako ya M-Pesa.' };
    case 'merchant_misconfigured':
    case 'wrong_credentials':
    case 'auth_failed':
      return { en: "Your landlord's M-Pesa details need attention; we have told them.", sw: 'Maelezo ya M-Pesa ya mwenye nyumba yanahitaji kurekebishwa; tumemjulisha.' };
    default:
      return { en: 'M-Pesa is not answering right now. Try again in a few minutes.', sw: 'M-Pesa haijibu kwa sasa. Jaribu tena baada ya dakika chache.' };
  }
}

export interface FallbackFacts {
  businessType: 'paybill' | 'till';
  shortCode: string;
  accountNumber: string;
}

/** How to pay from the M-Pesa menu instead (C2B), when pushing does not work. */
export function payByMenuHint(f: FallbackFacts): Localized {
  return f.businessType === 'paybill'
    ? { en: `You can also pay from the M-Pesa menu: Paybill ${f.shortCode}, account ${f.accountNumber}.`, sw: `Unaweza pia kulipa kupitia menyu ya M-Pesa: Paybill ${f.shortCode}, akaunti ${f.accountNumber}.` }
    : { en: `You can also pay from the M-Pesa menu: Buy Goods, till ${f.shortCode}.`, sw: `Unaweza pia kulipa kupitia menyu ya M-Pesa: Lipa kwa Till ${f.shortCode}.` };
}

export function paymentFailed(amount: number, code: DomainCode, fallback: FallbackFacts | undefined): Localized {
  const reason = failureReason(code);
  const hint = fallback ? payByMenuHint(fallback) : { en: '', sw: '' };
  // A reply of "1" opens the menu on its first option, which is paying what is owed.
  return {
    en: `Your payment of ${formatKes(amount)} did not go through. ${reason.en} ${hint.en} Reply 1 to try again.`.replace(/\s+/g, ' ').trim(),
    sw: `Malipo yako ya ${formatKes(amount)} hayakukamilika. ${reason.sw} ${hint.sw} Jibu 1 kujaribu tena.`.replace(/\s+/g, ' ').trim(),
  };
}

export function landlordAttentionNeeded(code: DomainCode): Localized {
  return {
    en: `A tenant's M-Pesa payment was refused because your payout details look wrong (${code}). Check your paybill or till in RentEase.`,
    sw: `Malipo ya M-Pesa ya mpangaji yamekataliwa kwa sababu maelezo yako ya malipo yanaonekana si sahihi (${code}). Kagua paybill au till yako kwenye RentEase.`,
  };
}

/** To a tenant who was told to wait: the landlord's payout is active now, and how to pay. */
export function payoutReadyText(business: string, pay: PayInfo): Localized {
  return {
    en: `Good news: ${business} has finished setting up rent payments, so you can pay now. ${howToPay(pay, 'en')}`,
    sw: `Habari njema: ${business} amekamilisha kuweka malipo ya kodi, hivyo unaweza kulipa sasa. ${howToPay(pay, 'sw')}`,
  };
}

export function payoutTestResult(ok: boolean, shortCode: string, code: DomainCode | null): Localized {
  if (ok) {
    return {
      en: `Test payment of KES 1 to ${shortCode} succeeded. Your tenants can now pay rent straight to it.`,
      sw: `Malipo ya majaribio ya KES 1 kwa ${shortCode} yamefaulu. Wapangaji wako sasa wanaweza kulipa kodi moja kwa moja.`,
    };
  }
  const reason = failureReason(code ?? 'failed');
  return {
    en: `Test payment of KES 1 to ${shortCode} did not go through. ${reason.en}`,
    sw: `Malipo ya majaribio ya KES 1 kwa ${shortCode} hayakukamilika. ${reason.sw}`,
  };
}

export function suspenseNotice(amount: number, shortCode: string, billRef: string, receipt: string): Localized {
  return {
    en: `${formatKes(amount)} arrived on ${shortCode} with account "${billRef}", which matches no tenant (M-Pesa receipt ${receipt}). Assign it to a tenant in RentEase.`,
    sw: `${formatKes(amount)} imepokelewa kwenye ${shortCode} kwa akaunti "${billRef}", ambayo haimlingani mpangaji yeyote (risiti ${receipt}). Mpangie mpangaji kwenye RentEase.`,
  };
}

/** M-Pesa took the request but its answer never came back: the prompt may or may not be on the phone. */
export function pushMayHaveBeenSent(): Localized {
  return {
    en: 'M-Pesa did not confirm in time whether your payment prompt was sent. If a prompt reaches your phone, enter your PIN and you will get a receipt here. If none comes within 5 minutes, please try again.',
    sw: 'M-Pesa haikuthibitisha kwa wakati kama ombi lako la malipo limetumwa. Ombi likifika kwenye simu yako, weka PIN na utapata risiti hapa. Lisipofika ndani ya dakika 5, tafadhali jaribu tena.',
  };
}

/** A payment M-Pesa told us of, whose amount or time could not be read: nothing was credited. */
export function setAsideNotice(shortCode: string, receipt: string): Localized {
  return {
    en: `M-Pesa told us of a payment to ${shortCode} (receipt ${receipt}) whose amount we could not read, so it was not credited to anyone. Check it in your M-Pesa statement and record it in RentEase.`,
    sw: `M-Pesa imetujulisha malipo kwa ${shortCode} (risiti ${receipt}) ambayo kiasi chake hatukuweza kusoma, hivyo hayakuwekwa kwa mtu yeyote. Yaangalie kwenye taarifa yako ya M-Pesa na uyarekodi kwenye RentEase.`,
  };
}

/** Why a push queued from a conversation was not sent (PaymentError codes); `retryInMinutes` with too_many_attempts. */
export function pushRefused(code: string, retryInMinutes?: number): Localized {
  switch (code) {
    case 'payment_pending':
    case 'subscriber_busy':
      return { en: 'A payment is already waiting for your M-Pesa PIN. Answer it, or try again in a minute.', sw: 'Malipo tayari yanasubiri PIN yako ya M-Pesa. Yajibu, au jaribu tena baada ya dakika moja.' };
    case 'too_many_attempts':
      return retryInMinutes === undefined
        ? { en: 'Too many M-Pesa prompts to your number in the last 10 minutes. Please try again later.', sw: 'Maombi mengi mno ya M-Pesa kwa nambari yako ndani ya dakika 10. Tafadhali jaribu baadaye.' }
        : {
            en: `Too many M-Pesa prompts to your number in the last 10 minutes. Please try again in ${retryInMinutes} minute${retryInMinutes === 1 ? '' : 's'}.`,
            sw: `Maombi mengi mno ya M-Pesa kwa nambari yako ndani ya dakika 10. Tafadhali jaribu tena baada ya dakika ${retryInMinutes}.`,
          };
    case 'nothing_due':
      return { en: 'There is nothing left to pay. Thank you!', sw: 'Hakuna deni lililobaki. Asante!' };
    case 'payout_not_configured':
    case 'payout_inactive':
      return { en: 'The payment could not be sent: your landlord has not finished setting up rent payments yet.', sw: 'Malipo hayakutumwa: mwenye nyumba bado hajakamilisha kuweka malipo ya kodi.' };
    case 'payout_misconfigured':
      // settleFailure tells the landlord in the same transaction that ended the intent.
      return { en: "The payment could not be sent: your landlord's M-Pesa details need attention. We have told them.", sw: 'Malipo hayakutumwa: maelezo ya M-Pesa ya mwenye nyumba yanahitaji kurekebishwa. Tumemjulisha.' };
    case 'daraja_busy':
    case 'daraja_unavailable':
      return { en: 'M-Pesa is not answering right now, so no prompt was sent. Please try again in a few minutes.', sw: 'M-Pesa haijibu kwa sasa, hivyo hakuna ombi lililotumwa. Tafadhali jaribu tena baada ya dakika chache.' };
    default:
      return { en: 'The M-Pesa prompt could not be sent. Please try again.', sw: 'Ombi la M-Pesa halikuweza kutumwa. Tafadhali jaribu tena.' };
  }
}
