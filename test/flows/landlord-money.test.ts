// The landlord-money machines: picking the tenant (one match, several, none), a charge of kind "other"
// with its label, cash with a reference, the PIN, and USSD screens within 160 characters.
import { fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { landlordMoneyMachine, type ChargeKind, type MoneyMode, type SuspenseItem, type TenantMatch } from '../../flows/landlord-money.machine.js';
import type { PinCheck } from '../../flows/landlord-setup.machine.js';
import { base, run } from '../helpers/machines.js';

const tenants: TenantMatch[] = [
  { id: 't1', name: 'Otieno Juma', unit: 'A1', property: 'Sunrise' },
  { id: 't2', name: 'Otieno Kamau', unit: 'B4', property: 'Moonlight' },
];

function machine(mode: MoneyMode, options: { hasPin?: boolean; items?: SuspenseItem[] } = {}) {
  const writes: unknown[] = [];
  const m = landlordMoneyMachine(mode).provide({
    actors: {
      loadStart: fromPromise<{ hasPin: boolean; items: SuspenseItem[] }, { phone: string; mode: MoneyMode }>(async () => ({ hasPin: options.hasPin ?? true, items: options.items ?? [] })),
      findTenants: fromPromise<TenantMatch[], { query: string }>(async ({ input }) => tenants.filter((t) => t.name.toLowerCase().includes(input.query.toLowerCase()) || t.unit.toLowerCase() === input.query.toLowerCase())),
      verifyPin: fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input }) => (input.pin === '4321' ? 'ok' : 'wrong')),
      saveCharge: fromPromise<void, { tenancyId: string; kind: ChargeKind; label: string | null; amount: number }>(async ({ input }) => void writes.push(input)),
      recordCash: fromPromise<string, { tenancyId: string; amount: number; note: string | null }>(async ({ input }) => (writes.push(input), 'R8K2M9XQ')),
      assignPayment: fromPromise<void, { paymentId: string; tenancyId: string }>(async ({ input }) => void writes.push(input)),
    },
  });
  return { m, writes };
}

describe('landlord money machines', () => {
  it('bills an "other" charge with its label, after choosing among two Otienos', async () => {
    const { m: flow, writes } = machine('charge');
    const m = await run(flow, base);
    await m.send('otieno');
    expect(m.text()).toContain('1. A1 Otieno Juma (Sunrise)\n2. B4 Otieno Kamau (Moonlight)');
    await m.send('2');
    await m.send('4');
    expect(m.text()).toContain('What is it for?');
    await m.send('Gate key');
    await m.send('KES 1,500');
    expect(m.text()).toContain('Bill Otieno Kamau (B4) KES 1,500 for gate key, due today?');
    await m.send('yes');
    await m.send('4321');
    expect(writes).toEqual([{ tenancyId: 't2', kind: 'other', label: 'Gate key', amount: 1_500 }]);
    expect(JSON.stringify(m.output())).toContain('Done: KES 1,500 billed to B4.');
  });

  it('records cash with a reference on USSD, every screen within 160 characters', async () => {
    const { m: flow, writes } = machine('cash');
    const m = await run(flow, { ...base, channel: 'ussd' });
    await m.send('nobody');
    expect(m.ussd()).toContain('No match. Unit?');
    await m.send('a1');
    expect(m.ussd()).toContain('Amount (KES)?');
    await m.send('12000');
    await m.send('SLIP 55');
    expect(m.ussd()).toContain('Record KES 12,000 from A1?');
    expect(m.ussd('sw').length).toBeLessThanOrEqual(160);
    await m.send('1');
    await m.send('9999');
    expect(m.ussd()).toContain('Wrong PIN. 2 attempt(s) left.');
    await m.send('4321');
    expect(writes).toEqual([{ tenancyId: 't1', amount: 12_000, note: 'SLIP 55' }]);
    expect(JSON.stringify(m.output())).toContain('our reference R8K2M9XQ');
  });

  it('gives unmatched money to the tenant chosen, after a confirmation and the PIN', async () => {
    const items = [{ id: 'p9', amount: 15_000, at: '2026-11-28T07:00:00Z', reference: 'house 4', phone: '254712000444' }];
    const { m: flow, writes } = machine('assign', { items });
    const m = await run(flow, base);
    expect(m.text()).toContain('1. KES 15,000 on 28 Nov 2026, account "house 4"');
    await m.send('1');
    await m.send('B4');
    expect(m.text()).toContain('Give KES 15,000 (28 Nov 2026, account "house 4") to Otieno Kamau (B4)?');
    await m.send('1');
    await m.send('4321');
    expect(writes).toEqual([{ paymentId: 'p9', tenancyId: 't2' }]);
    const empty = await run(machine('assign').m, base);
    expect(JSON.stringify(empty.output())).toContain('No unmatched money');
  });

  it('sends a landlord without a PIN to set one up first', async () => {
    const { m: flow } = machine('cash', { hasPin: false });
    const m = await run(flow, base);
    expect(JSON.stringify(m.output())).toContain('Set up your paybill or till first');
  });
});
