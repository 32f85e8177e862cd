// Texts of caretakers: a landlord adding and removing them, a caretaker's own menu and PIN, and what a
// caretaker is told when they ask for what only the landlord may do.
import { formatPhone } from './format.js';
import type { Localized } from './text.js';
import { text as t } from './text.js';

const place = (property: string | null) => (property ? t(property, property) : t('all your properties', 'nyumba zako zote'));

export const caretakerTexts = {
  optCaretakers: t('Caretakers', 'Wasimamizi'),
  optMyPin: t('My PIN', 'PIN yangu'),
  greet: (name: string, landlord: string, property: string | null) =>
    t(
      `Hi ${name}, caretaker for ${landlord}${property ? ` (${property})` : ''}.`,
      `Habari ${name}, msimamizi wa ${landlord}${property ? ` (${property})` : ''}.`,
      { en: `Hi ${name.split(' ')[0]} (caretaker)`, sw: `Habari ${name.split(' ')[0]} (msimamizi)` },
    ),
  landlordOnly: (landlord: string) =>
    t(`Only ${landlord} can do that: the payout, unmatched money and caretakers stay with the landlord.`, `Ni ${landlord} pekee anayeweza: malipo, pesa zisizolingana na wasimamizi ni za mwenye nyumba.`, {
      en: 'Only the landlord can do that.',
      sw: 'Ni mwenye nyumba pekee.',
    }),
  needPin: t('Choose your own PIN first: it is option 1 of your menu.', 'Chagua PIN yako kwanza: ni chaguo 1 la menyu yako.', { en: 'Choose your PIN first (option 1).', sw: 'Chagua PIN kwanza (chaguo 1).' }),
  // The landlord's screens.
  list: (rows: { name: string; phone: string; property: string | null }[]) =>
    rows.length === 0
      ? t('You have no caretakers. A caretaker can see reports, add tenants, bill charges and record cash, but never your payout.', 'Huna wasimamizi. Msimamizi anaweza kuona ripoti, kuongeza wapangaji, kutoza malipo na kurekodi pesa, lakini si malipo yako.', {
          en: 'No caretakers yet.',
          sw: 'Huna wasimamizi.',
        })
      : t(
          ['Your caretakers:', ...rows.map((r) => `${r.name} ${formatPhone(r.phone)}: ${place(r.property).en}`)].join('\n'),
          ['Wasimamizi wako:', ...rows.map((r) => `${r.name} ${formatPhone(r.phone)}: ${place(r.property).sw}`)].join('\n'),
          { en: `Caretakers: ${rows.length}`, sw: `Wasimamizi: ${rows.length}` },
        ),
  optAdd: t('Add a caretaker', 'Ongeza msimamizi'),
  optRemove: t('Remove a caretaker', 'Ondoa msimamizi'),
  askName: t('The caretaker’s name?', 'Jina la msimamizi?', { en: 'Name?', sw: 'Jina?' }),
  askPhone: t('Their phone number?', 'Nambari yake ya simu?', { en: 'Phone?', sw: 'Simu?' }),
  askProperty: t('Which property will they look after?', 'Atasimamia nyumba zipi?', { en: 'Which property?', sw: 'Nyumba zipi?' }),
  optAllProperties: t('All properties', 'Nyumba zote'),
  confirmAdd: (name: string, phone: string, property: string | null) =>
    t(
      `Add ${name} (${formatPhone(phone)}) as caretaker of ${place(property).en}? They can see reports, add tenants, bill charges and record cash with their own PIN; never your payout or unmatched money.`,
      `Ongeza ${name} (${formatPhone(phone)}) kama msimamizi wa ${place(property).sw}? Anaweza kuona ripoti, kuongeza wapangaji, kutoza malipo na kurekodi pesa kwa PIN yake; si malipo yako wala pesa zisizolingana.`,
      { en: `Add ${name.slice(0, 20)} ${formatPhone(phone)}?`, sw: `Ongeza ${name.slice(0, 20)} ${formatPhone(phone)}?` },
    ),
  chooseToRemove: t('Remove which caretaker?', 'Ondoa msimamizi yupi?', { en: 'Remove who?', sw: 'Ondoa yupi?' }),
  caretakerOption: (name: string, phone: string) => t(`${name} ${formatPhone(phone)}`, `${name} ${formatPhone(phone)}`, { en: name.slice(0, 20), sw: name.slice(0, 20) }),
  confirmRemove: (name: string) => t(`Remove ${name}? They will no longer act for your property.`, `Ondoa ${name}? Hatasimamia nyumba zako tena.`, { en: `Remove ${name.slice(0, 20)}?`, sw: `Ondoa ${name.slice(0, 20)}?` }),
  added: (name: string) => t(`${name} is now a caretaker; we sent them a message.`, `${name} sasa ni msimamizi; tumemtumia ujumbe.`),
  removed: (name: string) => t(`${name} is no longer a caretaker.`, `${name} si msimamizi tena.`),
  isLandlord: t('That number is a landlord on RentEase, so it cannot be a caretaker.', 'Nambari hiyo ni ya mwenye nyumba kwenye RentEase, haiwezi kuwa msimamizi.', { en: 'That number is a landlord.', sw: 'Nambari hiyo ni ya mwenye nyumba.' }),
  alreadyCaretaker: t('That number is already a caretaker on RentEase.', 'Nambari hiyo tayari ni msimamizi kwenye RentEase.', { en: 'Already a caretaker.', sw: 'Tayari ni msimamizi.' }),
  // The caretaker's own PIN.
  enterOldPin: t('Enter your current PIN:', 'Weka PIN yako ya sasa:', { en: 'Current PIN:', sw: 'PIN ya sasa:' }),
  choosePin: t('Choose a 4 to 6 digit PIN. You enter it to bill a charge or record cash:', 'Chagua PIN ya tarakimu 4 hadi 6. Utaiweka kutoza malipo au kurekodi pesa:', { en: 'Choose a 4-6 digit PIN:', sw: 'Chagua PIN ya tarakimu 4-6:' }),
  pinSaved: t('Your PIN is saved.', 'PIN yako imehifadhiwa.'),
  // Messages sent to the caretaker.
  welcome: (landlord: string, property: string | null): Localized => ({
    en: `${landlord} added you as caretaker of ${property ?? 'all their properties'} on RentEase. Reply "hi" to see reports, add tenants, bill charges and record cash; first choose your own PIN.`,
    sw: `${landlord} amekuongeza kama msimamizi wa ${property ?? 'nyumba zake zote'} kwenye RentEase. Jibu "habari" kuona ripoti, kuongeza wapangaji, kutoza malipo na kurekodi pesa; kwanza chagua PIN yako.`,
  }),
  goodbye: (landlord: string): Localized => ({
    en: `${landlord} removed you as caretaker on RentEase.`,
    sw: `${landlord} amekuondoa kama msimamizi kwenye RentEase.`,
  }),
};
