// The status and landlord-setup machines: events in, states and replies out.
import { fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { landlordSetupMachine, type PayoutDraft, type PinCheck, type SetupData } from '../../flows/landlord-setup.machine.js';
import { statusMachine, type StatusData } from '../../flows/status.machine.js';
import { renderChatText } from '../../src/rendering/render.js';
import { base, run } from '../helpers/machines.js';

describe('status machine', () => {
  const tenantData: StatusData = {
    role: 'tenant',
    accounts: [{ unit: 'A1', bills: [{ period: '2026-10', amount: 15_000, paid: 15_000, balance: 0 }, { period: '2026-11', amount: 15_000, paid: 5_000, balance: 10_000 }], credit: 0 }],
    pending: { amount: 10_000, status: 'pending' },
    receipts: [
      { at: '2026-11-27T09:00:00Z', amount: 5_000, receipt: 'SAB123', periods: ['2026-11'], unit: null },
      { at: '2026-10-02T09:00:00Z', amount: 15_000, receipt: 'SAA999', periods: ['2026-10'], unit: null },
    ],
  };
  const machine = statusMachine.provide({ actors: { loadStatus: fromPromise<StatusData, { phone: string }>(async () => tenantData) } });

  it('shows everything in one WhatsApp message and ends', async () => {
    const m = await run(machine, base);
    const text = renderChatText(m.output().reply, 'en');
    expect(text).toContain('Nov 2026: KES 15,000, paid KES 5,000, due KES 10,000');
    expect(text).toContain('Payment of KES 10,000: pending');
    expect(text).toContain('27 Nov 2026 KES 5,000 for Nov 2026 SAB123');
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

  const landlordData = (unpaid: number): StatusData => ({
    role: 'landlord',
    payout: { type: 'paybill', shortCode: '600100', active: true },
    period: '2026-11',
    totals: { billed: 450_000, collected: 120_000, count: 8, due: unpaid * 15_000, upcoming: 30_000 },
    properties: [
      { name: 'Sunrise', billed: 300_000, collected: 90_000, due: 210_000 },
      { name: 'Moonlight', billed: 150_000, collected: 30_000, due: 120_000 },
    ],
    unpaid: Array.from({ length: unpaid }, (_, i) => ({ name: `Tenant ${i + 1}`, unit: `U${i + 1}`, due: 15_000 })),
    latest: [{ at: '2026-11-27T09:00:00Z', amount: 15_000, receipt: 'SAB123', name: 'Otieno', unit: 'A1' }],
  });

  it('gives a landlord the whole month, with every unpaid tenant reachable page by page on WhatsApp', async () => {
    const data = landlordData(30);
    const m = await run(statusMachine.provide({ actors: { loadStatus: fromPromise<StatusData, { phone: string }>(async () => data) } }), base);
    const pages = [m.text()];
    while (m.state() === 'paging' && pages.at(-1)!.includes('1. More')) {
      await m.send('more');
      pages.push(m.text());
    }
    const all = pages.join('\n');
    expect(all).toContain('November 2026: billed KES 450,000, collected KES 120,000 (8 payments).');
    expect(all).toContain('Owed now: KES 450,000; not due yet: KES 30,000.');
    expect(all).toContain('Sunrise: billed KES 300,000, collected KES 90,000, owed KES 210,000');
    expect(all).toContain('Unpaid (30):');
    for (let i = 1; i <= 30; i++) expect(all).toContain(`U${i} Tenant ${i}: KES 15,000`);
    expect(all).toContain('27 Nov 2026 KES 15,000 A1 Otieno SAB123');
    expect(pages.length).toBe(3);
    expect(renderChatText(m.actor.getSnapshot().context.reply, 'sw')).toContain('Malipo ya mwisho:');
  });

  it('sends a short landlord report in one message and ends', async () => {
    const data = landlordData(2);
    const m = await run(statusMachine.provide({ actors: { loadStatus: fromPromise<StatusData, { phone: string }>(async () => data) } }), base);
    const text = renderChatText(m.output().reply, 'en');
    expect(text).toContain('Unpaid (2):');
    expect(text).not.toContain('More');
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
