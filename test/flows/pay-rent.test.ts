// The pay-rent machine: the accounts in its input, events in, states and replies out, with startPayment a plain function.
import { createActor, fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { payRentMachine, type PayRentData, type StartRequest, type StartResult } from '../../flows/pay-rent.machine.js';
import type { Reply } from '../../flows/reply.js';
import { renderChatText } from '../../src/rendering/render.js';
import { base, run } from '../helpers/machines.js';

function payRent(data: PayRentData, start: (r: StartRequest) => StartResult = () => ({ ok: true }), extra: object = {}) {
  const started: StartRequest[] = [];
  const waiting: string[] = [];
  const machine = payRentMachine.provide({
    actors: {
      noteWaiting: fromPromise<void, { tenancyId: string }>(async ({ input }) => void waiting.push(input.tenancyId)),
      startPayment: fromPromise<StartResult, StartRequest>(async ({ input }) => {
        started.push(input);
        return start(input);
      }),
    },
  });
  return { started, waiting, run: () => run(machine, { ...base, data, ...extra }) };
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

  it('starts on the accounts given with its input, settled at once', async () => {
    const actor = createActor(payRentMachine, { input: { ...base, data: { accounts: [account], pending: null } } }).start();
    // No asynchronous step: the screen is there as soon as the machine starts.
    expect(actor.getSnapshot().value).toBe('choosing');
    expect(renderChatText(actor.getSnapshot().context.reply as Reply, 'en')).toContain('1. Pay KES 15,000');
    actor.stop();
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
    const waitingFlow = payRent({ accounts: [{ ...account, payout: null }], pending: null });
    const notReady = await waitingFlow.run();
    expect(renderChatText(notReady.output().reply, 'sw')).toContain('Mwenye nyumba bado hajakamilisha');
    // Promised word when the payout is ready: the tenancy is noted.
    expect(waitingFlow.waiting).toEqual(['t1']);
  });

  it('offers the most one push allows when the balance is larger', async () => {
    const m = await payRent({ accounts: [{ ...account, due: 400_000 }], pending: null }).run();
    expect(m.text()).toContain('1. Pay KES 250,000 now (the most one M-Pesa payment allows)');
  });

  it('explains a refused start with the paybill fallback', async () => {
    const m = await payRent({ accounts: [account], pending: null }, () => ({ ok: false, reason: 'too_many', retryInMinutes: 7 })).run();
    await m.send('1');
    await m.send('1');
    const text = renderChatText(m.output().reply, 'en');
    expect(text).toContain('Too many M-Pesa prompts to that number in the last 10 minutes. Please try again in 7 minutes.');
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
