// Property: whatever people type (any text, emoji, very long, empty, `*` sequences on USSD), every
// channel answers 200 with a reply, USSD screens are CON/END within 160 GSM-7 characters, nothing
// answers 500, "menu" (or 00) always brings the main menu back, and no turn failed on the way (a
// failed turn still answers 200 with an apology, so the log is what tells).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCaretaker, setCaretakerPin } from '../../db/queries/caretakers.js';
import { hashPin } from '../../src/crypto/pin.js';
import { createTenantWithBill, errorLines, phoneEnding, startTestApp, type TestApp } from '../helpers/app.js';
import { sms, TWILIO_TEST_TOKEN, ussdSession, whatsapp } from '../helpers/chat.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
// Hundreds of real turns through HTTP and PGlite: seconds on a quiet machine, much more on a busy one.
const PROPERTY_TIMEOUT_MS = Math.max(120_000, RUNS * 600);
// `npm test` replays the same inputs every time (a red CI must mean a change broke something);
// `npm run test:property` draws new ones on every run, and prints the seed of any failure to replay it.
const SEED = process.env.PROPERTY_RUNS ? undefined : 20261127;
const settings = (numRuns: number) => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

const anyInput = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '00', '1', '2', '3', '4', '5', '9', '99', 'menu', 'pay', 'lipa', 'status', 'salio', 'help', 'yes', 'hapana', '0712345678', '1500', '*', '**', 'add', 'more', '6', '7', '10', 'pin', 'paybill', 'caretakers', '2468') },
  { weight: 1, arbitrary: fc.constantFrom('Otieno, 0712345678, A1, 15000\nBaraka, 0722000111, B2, 9,000, 5', 'x, y, z, w', 'Achieng Atieno') },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.constantFrom('😀🏠💸', 'Ñoño ¡hola! “quotes” — dash', '\u0000\u0007', 'a'.repeat(1500)) },
);
const sequences = fc.array(anyInput, { minLength: 1, maxLength: 6 });
const gsm7Length = (text: string) => [...text].reduce((n, ch) => n + ('^{}\\[~]|€'.includes(ch) ? 2 : 1), 0);
const isMainMenu = (text: string) => /Hi Otieno|Habari Otieno/.test(text);
/** A landlord who rents too: "menu" brings the role question or the landlord menu (Wanjiku), or the tenant menu (her tenancy is in the name Otieno). */
const isLandlordMenu = (text: string) => /(Hi|Habari) (Wanjiku|Otieno)/.test(text);

describe('random input on every channel', () => {
  let app: TestApp;
  let phone: string;
  let landlordPhone: string;
  let caretakerPhone: string;
  beforeAll(async () => {
    // Phones that never answer the prompt: nothing settles while the property runs.
    app = await startTestApp('pglite', { env: { TWILIO_AUTH_TOKEN: TWILIO_TEST_TOKEN }, simulator: { autoAnswerMs: 600_000 } });
    const first = await createTenantWithBill(app, { rent: 9_000 });
    phone = first.tenant.phone;
    // Wanjiku, the landlord, rents a flat from another landlord too.
    landlordPhone = first.landlord.phone;
    await createTenantWithBill(app, { tenantPhone: landlordPhone, paybill: '600901' });
    // Jane looks after Wanjiku's Sunrise, with her own PIN.
    caretakerPhone = phoneEnding('55');
    const added = await addCaretaker(app.database.sql, { landlordId: first.landlord.id, property: 'Sunrise', name: 'Jane Wambui', phone: caretakerPhone });
    if (!added.ok) throw new Error(added.problem);
    await setCaretakerPin(app.database.sql, added.id, await hashPin('2468'));
  });
  afterAll(() => app.close());
  const noTurnFailed = () => expect(errorLines(app).map((l) => l.msg)).toEqual([]);

  it('WhatsApp always answers with TwiML and gets back to the menu', async () => {
    const say = whatsapp(app, phone);
    await fc.assert(
      fc.asyncProperty(sequences, async (inputs) => {
        for (const input of inputs) {
          const reply = await say(input);
          expect(reply.status).toBe(200);
          expect(reply.twiml).toContain('<Response>');
        }
        expect(isMainMenu((await say('menu')).text)).toBe(true);
      }),
      settings(RUNS),
    );
    noTurnFailed();
  }, PROPERTY_TIMEOUT_MS);

  it('USSD always answers CON or END within 160 GSM-7 characters, and 00 gets back to the menu', async () => {
    await fc.assert(
      fc.asyncProperty(sequences, async (inputs) => {
        const dial = ussdSession(app, phone);
        let screen = await dial();
        for (const input of inputs) {
          if (screen.text.startsWith('END')) break;
          screen = await dial(input);
          expect(screen.status).toBe(200);
          expect(screen.text).toMatch(/^(CON|END) /);
          expect(gsm7Length(screen.text.slice(4))).toBeLessThanOrEqual(160);
        }
        if (screen.text.startsWith('CON')) expect(isMainMenu((await dial('00')).text)).toBe(true);
      }),
      settings(RUNS),
    );
    noTurnFailed();
  }, PROPERTY_TIMEOUT_MS);

  /** Random sequences on WhatsApp, where "menu" must bring `isMenu` back, then on USSD, every screen CON/END within 160. */
  async function chatAndUssd(phoneOf: () => string, isMenu: (text: string) => boolean, runs: number) {
    const say = whatsapp(app, phoneOf());
    await fc.assert(
      fc.asyncProperty(sequences, async (inputs) => {
        for (const input of inputs) expect((await say(input)).status).toBe(200);
        expect(isMenu((await say('menu')).text)).toBe(true);
        const dial = ussdSession(app, phoneOf());
        let screen = await dial();
        for (const input of inputs) {
          if (screen.text.startsWith('END')) break;
          screen = await dial(input);
          expect(screen.text).toMatch(/^(CON|END) /);
          expect(gsm7Length(screen.text.slice(4))).toBeLessThanOrEqual(160);
        }
      }),
      settings(runs),
    );
    noTurnFailed();
  }

  it('a landlord who rents too: WhatsApp and USSD always answer, and "menu" gets back', () => chatAndUssd(() => landlordPhone, isLandlordMenu, Math.ceil(RUNS / 2)), PROPERTY_TIMEOUT_MS);

  it('a caretaker: WhatsApp and USSD always answer, and "menu" gets back to the caretaker menu', () =>
    chatAndUssd(() => caretakerPhone, (text) => text.includes('caretaker for Wanjiku (Sunrise)'), Math.ceil(RUNS / 3)), PROPERTY_TIMEOUT_MS);

  it('SMS always answers 200', async () => {
    const text = sms(app, phone);
    await fc.assert(
      fc.asyncProperty(sequences, async (inputs) => {
        for (const input of inputs) expect((await text(input.slice(0, 1600))).status).toBe(200);
      }),
      settings(Math.ceil(RUNS / 3)),
    );
    noTurnFailed();
  }, PROPERTY_TIMEOUT_MS);
});
