// Texts of an unknown number: registering as a landlord by chat, or being told, as a tenant, whom to ask.
import { formatPhone } from './format.js';
import { text as t } from './text.js';

export const signupTexts = {
  welcome: t('Welcome to RentEase: rent paid by chat, straight to the landlord’s own M-Pesa.', 'Karibu RentEase: kodi inalipwa kwa ujumbe, moja kwa moja kwa M-Pesa ya mwenye nyumba.', {
    en: 'Welcome to RentEase.',
    sw: 'Karibu RentEase.',
  }),
  optRegister: t('I am a landlord: register', 'Mimi ni mwenye nyumba: jisajili', { en: 'Landlord: register', sw: 'Mwenye nyumba: jisajili' }),
  optTenant: t('I am a tenant', 'Mimi ni mpangaji', { en: 'I am a tenant', sw: 'Mimi ni mpangaji' }),
  signupClosed: t('Landlords: ask RentEase to register you, then set up your paybill or till here.', 'Wenye nyumba: omba RentEase ikusajili, kisha uweke paybill au till hapa.', {
    en: 'Landlords: ask RentEase to register you.',
    sw: 'Wenye nyumba: omba RentEase ikusajili.',
  }),
  askTenantLandlord: (landlord: { name: string; phone: string } | null) =>
    landlord
      ? t(
          `This number is not a tenant with RentEase now. Ask your landlord to add it: ${landlord.name}, ${formatPhone(landlord.phone)}.`,
          `Nambari hii si ya mpangaji wa RentEase kwa sasa. Mwombe mwenye nyumba wako aiongeze: ${landlord.name}, ${formatPhone(landlord.phone)}.`,
          { en: `Ask your landlord to add you: ${landlord.name} ${formatPhone(landlord.phone)}`, sw: `Mwombe mwenye nyumba akuongeze: ${landlord.name} ${formatPhone(landlord.phone)}` },
        )
      : t(
          'This number is not a tenant with RentEase yet. Ask your landlord to add it; you will get a welcome message with how to pay.',
          'Nambari hii bado si ya mpangaji wa RentEase. Mwombe mwenye nyumba wako aiongeze; utapata ujumbe wa kukaribishwa na jinsi ya kulipa.',
          { en: 'Ask your landlord to add this number to RentEase.', sw: 'Mwombe mwenye nyumba aongeze nambari hii RentEase.' },
        ),
  askName: t('Your full name?', 'Jina lako kamili?', { en: 'Your name?', sw: 'Jina lako?' }),
  askBusiness: t('The name your tenants know your business by (e.g. "Wanjiku Homes"), or 1 to use your own name:', 'Jina la biashara yako wanalolijua wapangaji (mfano "Wanjiku Homes"), au 1 kutumia jina lako:', {
    en: 'Business name, or 1 for your name:',
    sw: 'Jina la biashara, au 1 kwa jina lako:',
  }),
  badName: t('Please type 2 to 60 characters.', 'Tafadhali andika herufi 2 hadi 60.', { en: '2-60 characters.', sw: 'Herufi 2-60.' }),
  registered: (name: string) =>
    t(`Welcome, ${name}: you are registered. Now tell us where rent should go.`, `Karibu, ${name}: umesajiliwa. Sasa tuambie kodi iende wapi.`, { en: `Registered, ${name}.`, sw: `Umesajiliwa, ${name}.` }),
};
