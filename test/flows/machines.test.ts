// The flows as machines: events in, states and replies out, with the runtime's services replaced by
// plain functions (the flows name them; they never touch HTTP or SQL themselves).
import { createActor, fromPromise, waitFor, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { landlordSetupMachine, type PayoutDraft, type PinCheck, type SetupData } from '../../flows/landlord-setup.machine.js';
import { languageMachine } from '../../flows/language.machine.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import { payRentMachine, type PayRentData, type StartRequest, type StartResult } from '../../flows/pay-rent.machine.js';
import type { Reply } from '../../flows/reply.js';
import { statusMachine, type StatusData } from '../../flows/status.machine.js';
import type { FlowInput, Person } from '../../flows/types.js';
import { renderChatText, renderUssdScreen } from '../../src/rendering/render.js';

const base: FlowInput = { phone: '254712345678', channel: 'whatsapp', language: 'en', maxAmount: 250_000 };

async function run(machine: AnyStateMachine, input: object) {
  const actor = createActor(machine, { input }).start();
  const settle = () => waitFor(actor, (s) => s.status !== 'active' || !s.hasTag('busy'));
  await settle();
  return {
    actor,
    async send(text: string) {
      actor.send({ type: 'INPUT', text });
      await settle();
    },
    text: (language: 'en' | 'sw' = 'en') => renderChatText(actor.getSnapshot().context.reply as Reply, language),
    /** The USSD screen, which must never have cut one of its choices to fit. */
    ussd: (language: 'en' | 'sw' = 'en') => {
      const screen = renderUssdScreen(actor.getSnapshot().context.reply as Reply, language);
      expect(screen.cut).not.toBe('options');
      return screen.text;
    },
    state: () => actor.getSnapshot().value,
    output: () => actor.getSnapshot().output,
  };
}

const tenant: Person = { role: 'tenant', name: 'Otieno', quickPay: { amount: 15_000, unit: 'A1', periods: ['2026-11'] }, due: 15_000, credit: 0 };

describe('main menu machine', () => {
  it('offers a tenant the quick payment, and leads there on 1', async () => {
    const m = await run(mainMenuMachine, { ...base, person: tenant });
    expect(m.text()).toContain('1. Pay KES 15,000 now');
    expect(m.text('sw')).toContain('1. Lipa KES 15,000 sasa');
    await m.send('1');
    expect(m.output()).toEqual({ next: 'payRent', quickPay: true });
  });

  it.each([
    ['pay', 'payRent'],
    ['LIPA', 'payRent'],
    ['status', 'status'],
    ['Salio', 'status'],
    ['lugha', 'language'],
  ])('understands the word %s', async (word, area) => {
    const m = await run(mainMenuMachine, { ...base, person: tenant });
    await m.send(word);
    expect(m.output()).toMatchObject({ next: area });
  });

  it('does not let a tenant reach payout setup by word, and says so', async () => {
    const m = await run(mainMenuMachine, { ...base, person: tenant });
    await m.send('paybill');
    expect(m.state()).toBe('showing');
    expect(m.text()).toContain("Sorry, I didn't understand that.");
  });

  it('offers a landlord setup, report and language', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { role: 'landlord', name: 'Wanjiku' } });
    expect(m.text()).toContain('1. Set up or change my paybill/till');
    await m.send('2');
    expect(m.output()).toEqual({ next: 'status' });
  });

  it('explains RentEase to an unknown number', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { role: 'unknown' } });
    expect(m.text()).toContain('not registered');
    expect(m.text('sw')).toContain('haijasajiliwa');
  });
});

function payRent(data: PayRentData, start: (r: StartRequest) => StartResult = () => ({ ok: true }), extra: object = {}) {
  const started: StartRequest[] = [];
  const machine = payRentMachine.provide({
    actors: {
      loadAccounts: fromPromise<PayRentData, { phone: string }>(async () => data),
      startPayment: fromPromise<StartResult, StartRequest>(async ({ input }) => {
        started.push(input);
        return start(input);
      }),
    },
  });
  return { started, run: () => run(machine, { ...base, ...extra }) };
}

const account = { tenancyId: 't1', unit: 'A1', due: 15_000, credit: 0, periods: ['2026-11'], accountNumber: 'K7M2QX', payee: 'Wanjiku Homes', payout: { type: 'paybill' as const, shortCode: '600100', account: null } };

describe('pay rent machine', () => {
  it('pays the full balance: choose, confirm, started', async () => {
    const flow = payRent({ accounts: [account], pending: null });
    const m = await flow.run();
    expect(m.state()).toBe('choosing');
    expect(m.text()).toContain('1. Pay KES 15,000');
    await m.send('1');
    expect(m.state()).toBe('confirming');
    expect(m.text()).toContain('Pay KES 15,000 to Wanjiku Homes from M-Pesa 0712345678?');
    await m.send('1');
    expect(flow.started).toEqual([{ tenancyId: 't1', amount: 15_000, phone: '254712345678' }]);
    expect(m.output()).toMatchObject({ next: 'end', reply: { end: true } });
  });

  it('starts at the confirmation from the quick option', async () => {
    const m = await payRent({ accounts: [account], pending: null }, undefined, { quickPay: true }).run();
    expect(m.state()).toBe('confirming');
  });

  it('takes another amount, refusing what M-Pesa would refuse', async () => {
    const flow = payRent({ accounts: [account], pending: null });
    const m = await flow.run();
    await m.send('2');
    await m.send('12.5');
    expect(m.text()).toContain('Use whole shillings from 1 to 250,000');
    await m.send('300000');
    expect(m.state()).toBe('enteringAmount');
    await m.send('KES 5,000');
    expect(m.text()).toContain('Pay KES 5,000');
    await m.send('yes');
    expect(flow.started[0]).toMatchObject({ amount: 5_000 });
  });

  it('pays from another M-Pesa number, normalized, with the reason when it is wrong', async () => {
    const flow = payRent({ accounts: [account], pending: null });
    const m = await flow.run();
    await m.send('3');
    await m.send('0202345678');
    expect(m.text()).toContain('a Kenyan mobile number starts with 07 or 01');
    expect(m.text('sw')).toContain('Nambari hiyo haifai: nambari ya simu ya Kenya huanza na 07 au 01.');
    await m.send('0722 000 111');
    expect(m.text()).toContain('from M-Pesa 0722000111');
    await m.send('1');
    expect(flow.started[0]).toMatchObject({ phone: '254722000111' });
  });

  it('goes back with 0, and cancels with 2', async () => {
    const flow = payRent({ accounts: [account], pending: null });
    const m = await flow.run();
    await m.send('1');
    await m.send('0');
    expect(m.state()).toBe('choosing');
    await m.send('1');
    await m.send('2');
    expect(flow.started).toEqual([]);
    expect(renderChatText(m.output().reply, 'en')).toContain('Payment cancelled');
  });

  it('says so when a payment is already pending, when nothing is owed, and when the landlord is not ready', async () => {
    const pending = await payRent({ accounts: [account], pending: { amount: 15_000, phone: '254712345678' } }).run();
    expect(renderChatText(pending.output().reply, 'en')).toContain('already waiting for your PIN');
    const paid = await payRent({ accounts: [{ ...account, due: 0, credit: 500 }], pending: null }).run();
    expect(renderChatText(paid.output().reply, 'en')).toContain('You owe nothing. You have KES 500 credit');
    const notReady = await payRent({ accounts: [{ ...account, payout: null }], pending: null }).run();
    expect(renderChatText(notReady.output().reply, 'sw')).toContain('Mwenye nyumba bado hajakamilisha');
  });

  it('offers the most one push allows when the balance is larger', async () => {
    const m = await payRent({ accounts: [{ ...account, due: 400_000 }], pending: null }).run();
    expect(m.text()).toContain('1. Pay KES 250,000 now (the most one M-Pesa payment allows)');
  });

  it('explains a refused start with the paybill fallback', async () => {
    const m = await payRent({ accounts: [account], pending: null }, () => ({ ok: false, reason: 'too_many' })).run();
    await m.send('1');
    await m.send('1');
    const text = renderChatText(m.output().reply, 'en');
    expect(text).toContain('Too many M-Pesa prompts');
    expect(text).toContain('Paybill 600100, account K7M2QX');
  });

  it('pages the units on USSD, four a screen, with More and 0 going back a page', async () => {
    const accounts = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2'].map((unit, i) => ({ ...account, tenancyId: `t${i + 1}`, unit, due: 1_000 * (i + 1) }));
    const m = await payRent({ accounts, pending: null }, undefined, { channel: 'ussd' }).run();
    expect(m.ussd()).toBe('Pay for which unit?\n1. A1 KES 1,000\n2. A2 KES 2,000\n3. A3 KES 3,000\n4. A4 KES 4,000\n5. More\n0. Back');
    await m.send('5');
    expect(m.ussd()).toBe('Pay for which unit?\n1. B1 KES 5,000\n2. B2 KES 6,000\n0. Back');
    await m.send('3'); // not on this screen
    expect(m.state()).toBe('choosingUnit');
    await m.send('0');
    expect(m.ussd('sw')).toContain('Nyumba ipi?\n1. A1 KES 1,000');
    await m.send('zaidi');
    await m.send('2');
    expect(m.text()).toContain('unit B2: KES 6,000 due');
  });

  it('fits four long unit names with large balances and More on one USSD screen', async () => {
    const accounts = Array.from({ length: 9 }, (_, i) => ({ ...account, tenancyId: `t${i}`, unit: `Block ${i}, Riverside Court Flat 12B`.padEnd(40, 'x'), due: 9_999_999 }));
    const m = await payRent({ accounts, pending: null }, undefined, { channel: 'ussd' }).run();
    for (const language of ['en', 'sw'] as const) {
      const screen = m.ussd(language);
      expect(screen.length).toBeLessThanOrEqual(160);
      expect(screen).toMatch(/\n4\. Block 3, Ri\. KES 9,999,999\n5\. (More|Zaidi)\n0\. (Back|Rudi)$/);
    }
  });

  it('lists every unit at once on WhatsApp', async () => {
    const accounts = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2'].map((unit, i) => ({ ...account, tenancyId: `t${i + 1}`, unit, due: 1_000 * (i + 1) }));
    const m = await payRent({ accounts, pending: null }).run();
    expect(m.text()).toContain('6. Unit B2 (KES 6,000)');
    expect(m.text()).not.toContain('More');
    await m.send('6');
    expect(m.text()).toContain('unit B2: KES 6,000 due');
  });

  it('asks which unit when the tenant rents two', async () => {
    const m = await payRent({ accounts: [account, { ...account, tenancyId: 't2', unit: 'B7', due: 8_000 }], pending: null }).run();
    expect(m.text()).toContain('2. Unit B7 (KES 8,000)');
    await m.send('2');
    expect(m.text()).toContain('unit B7: KES 8,000 due');
  });
});

describe('status machine', () => {
  const tenantData: StatusData = {
    role: 'tenant',
    accounts: [{ unit: 'A1', bills: [{ period: '2026-10', amount: 15_000, paid: 15_000, balance: 0 }, { period: '2026-11', amount: 15_000, paid: 5_000, balance: 10_000 }], credit: 0 }],
    pending: { amount: 10_000, status: 'pending' },
    receipts: [{ at: '2026-11-27T09:00:00Z', amount: 5_000, receipt: 'SAB123' }, { at: '2026-10-02T09:00:00Z', amount: 15_000, receipt: 'SAA999' }],
  };
  const machine = statusMachine.provide({ actors: { loadStatus: fromPromise<StatusData, { phone: string }>(async () => tenantData) } });

  it('shows everything in one WhatsApp message and ends', async () => {
    const m = await run(machine, base);
    const text = renderChatText(m.output().reply, 'en');
    expect(text).toContain('Nov 2026: KES 15,000, paid KES 5,000, due KES 10,000');
    expect(text).toContain('Payment of KES 10,000: pending');
    expect(text).toContain('27 Nov 2026 KES 5,000 SAB123');
    expect(renderChatText(m.output().reply, 'sw')).toContain('Malipo ya KES 10,000: yanasubiri PIN');
  });

  it('pages on USSD, three lines a screen, each within 160 characters', async () => {
    const m = await run(machine, { ...base, channel: 'ussd' });
    expect(m.state()).toBe('paging');
    expect(m.ussd()).toContain('1. More');
    expect(m.ussd().length).toBeLessThanOrEqual(160);
    await m.send('1');
    expect(m.ussd()).toContain('SAB123');
    await m.send('0');
    expect(m.output()).toEqual({ next: 'menu' });
  });
});

describe('landlord setup machine', () => {
  function setupFlow(data: SetupData, pinOk = '1234') {
    const saved: unknown[] = [];
    const machine = landlordSetupMachine.provide({
      actors: {
        loadSetup: fromPromise<SetupData, { phone: string }>(async () => data),
        verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input }) => {
          if (input.hash) return input.hash === `hash:${input.pin}` ? 'ok' : 'wrong';
          return input.pin === pinOk ? 'ok' : 'wrong';
        }),
        hashPin: fromPromise<string, { pin: string }>(async ({ input }) => `hash:${input.pin}`),
        savePayout: fromPromise<void, { phone: string; draft: PayoutDraft; newPinHash: string | null }>(async ({ input }) => {
          saved.push(input);
        }),
        activatePayout: fromPromise<void, { phone: string }>(async () => undefined),
        sendPayoutTest: fromPromise<void, { phone: string }>(async () => undefined),
      },
    });
    return { saved, run: () => run(machine, base) };
  }

  it('sets up a paybill on first use, with a PIN chosen and confirmed, and keeps only its hash', async () => {
    const flow = setupFlow({ landlordName: 'Wanjiku', hasPin: false, payout: null });
    const m = await flow.run();
    expect(m.state()).toBe('choosingType');
    for (const input of ['1', '600200', 'rent', '1', '4321']) await m.send(input);
    expect(m.state()).toBe('confirmingPin');
    expect(JSON.stringify(m.actor.getPersistedSnapshot())).not.toContain('"4321"');
    await m.send('9999');
    expect(m.text()).toContain('The two PINs differ');
    await m.send('4321');
    await m.send('4321');
    expect(m.text()).toContain('Paybill 600200, account RENT, name "Wanjiku".');
    expect(m.text()).toContain('Never send its keys in chat');
    await m.send('1');
    expect(flow.saved).toEqual([{ phone: base.phone, draft: { type: 'paybill', till: null, shortCode: '600200', account: 'RENT', name: 'Wanjiku' }, newPinHash: 'hash:4321' }]);
  });

  it('asks for the PIN before any change, and stops after three wrong ones', async () => {
    const flow = setupFlow({ landlordName: 'W', hasPin: true, payout: { type: 'paybill', shortCode: '600100', till: null, active: true, lastTestFailed: false } });
    const m = await flow.run();
    expect(m.state()).toBe('askingPin');
    await m.send('0000');
    expect(m.text()).toContain('Wrong PIN. 2 attempt(s) left.');
    await m.send('1111');
    await m.send('2222');
    expect(renderChatText(m.output().reply, 'en')).toContain('Wrong PIN too many times');
    expect(flow.saved).toEqual([]);
  });

  it('sets up a till with the store number and the till', async () => {
    const flow = setupFlow({ landlordName: 'W', hasPin: true, payout: null });
    const m = await flow.run();
    for (const input of ['1234', '2', '600300', '5123456', 'Duka la Mama']) await m.send(input);
    expect(m.text()).toContain('Till 5123456 (store 600300), name "Duka la Mama".');
    await m.send('1');
    expect(flow.saved[0]).toMatchObject({ draft: { type: 'till', shortCode: '600300', till: '5123456' }, newPinHash: null });
  });

  it('offers to activate anyway after a failed test', async () => {
    const m = await setupFlow({ landlordName: 'W', hasPin: true, payout: { type: 'paybill', shortCode: '600100', till: null, active: false, lastTestFailed: true } }).run();
    await m.send('1234');
    expect(m.text()).toContain('1. Activate anyway (tenant payments may fail)');
    await m.send('1');
    expect(renderChatText(m.output().reply, 'en')).toContain('Warning: the test did not go through');
  });
});

describe('language machine', () => {
  it('chooses Kiswahili', async () => {
    const m = await run(languageMachine, base);
    await m.send('2');
    expect(m.output()).toMatchObject({ next: 'menu', language: 'sw' });
  });
});
