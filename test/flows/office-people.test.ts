// The machines of a landlord's people: managing one tenant (statement, rent, phone, move out), the
// caretakers list (add for a property, remove), and a caretaker's own PIN; in both languages, with USSD
// screens within 160 characters.
import { fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caretakerPinMachine } from '../../flows/caretaker-pin.machine.js';
import { caretakersMachine, type AddResult, type CaretakersData } from '../../flows/caretakers.machine.js';
import type { PinCheck } from '../../flows/landlord-setup.machine.js';
import type { TenantMatch } from '../../flows/landlord-money.machine.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import { manageTenantMachine, type TenantChange, type TenantSummary } from '../../flows/manage-tenant.machine.js';
import { base, run } from '../helpers/machines.js';

const pinIs4321 = fromPromise<PinCheck, { phone: string; pin: string; hash: string | null }>(async ({ input }) => (input.hash ? (input.pin === input.hash.replace('hash:', '') ? 'ok' : 'wrong') : input.pin === '4321' ? 'ok' : 'wrong'));

describe('manage-tenant machine', () => {
  const summary: TenantSummary = {
    name: 'Otieno Juma',
    unit: 'A1',
    phone: '254712000001',
    rent: 15_000,
    dueDay: 5,
    due: 7_000,
    credit: 0,
    endsOn: null,
    bills: [{ what: { en: 'Rent Nov 2026', sw: 'Kodi Nov 2026' }, amount: 15_000, paid: 8_000 }],
    payments: [{ day: { en: '3 Nov 2026', sw: '3 Nov 2026' }, amount: 8_000, receipt: 'TKA1B2C3D4' }],
  };
  function machine() {
    const changes: unknown[] = [];
    const m = manageTenantMachine.provide({
      actors: {
        findTenants: fromPromise<TenantMatch[], { query: string }>(async ({ input }) => (input.query.toLowerCase() === 'a1' ? [{ id: 't1', name: 'Otieno Juma', unit: 'A1', property: null }] : [])),
        loadTenant: fromPromise<TenantSummary, { tenancyId: string }>(async () => summary),
        saveChange: fromPromise<void, { tenancyId: string; change: TenantChange }>(async ({ input }) => void changes.push(input)),
      },
    });
    return { m, changes };
  }

  it('shows the statement in Kiswahili, then changes the rent from the next bill', async () => {
    const { m: flow, changes } = machine();
    const m = await run(flow, { ...base, language: 'sw' });
    await m.send('b9');
    expect(m.text('sw')).toContain('Hakuna mpangaji wako anayelingana na "b9"');
    await m.send('a1');
    expect(m.text('sw')).toContain('Otieno Juma, nyumba A1, 0712000001: kodi KES 15,000 tarehe 5; deni KES 7,000.');
    await m.send('1');
    const statement = JSON.stringify(m.output());
    expect(statement).toContain('Taarifa: Otieno Juma, nyumba A1');
    expect(statement).toContain('3 Nov 2026 KES 8,000 TKA1B2C3D4');

    const again = await run(flow, base);
    await again.send('A1');
    await again.send('2');
    await again.send('16.50');
    expect(again.text()).toContain('Please type whole shillings');
    await again.send('16,000');
    expect(again.text()).toContain('Change the rent of A1 to KES 16,000 from the next bill?');
    await again.send('1');
    expect(changes).toEqual([{ tenancyId: 't1', change: { monthlyRent: 16_000 } }]);
  });

  it('moves a tenant out after saying what they owe stays on record; USSD screens fit', async () => {
    const { m: flow, changes } = machine();
    const m = await run(flow, { ...base, channel: 'ussd' });
    await m.send('A1');
    expect(m.ussd().length).toBeLessThanOrEqual(160);
    await m.send('4');
    expect(m.ussd()).toContain('Move Otieno Juma out today?');
    await m.send('1');
    expect(changes).toEqual([{ tenancyId: 't1', change: { moveOut: true } }]);
    expect(JSON.stringify(m.output())).toContain('Otieno Juma moved out: no more bills.');
  });
});

describe('caretakers machine', () => {
  function machine(data: Partial<CaretakersData> = {}, result: AddResult = 'added') {
    const writes: unknown[] = [];
    const m = caretakersMachine.provide({
      actors: {
        loadCaretakers: fromPromise<CaretakersData, { phone: string }>(async () => ({ hasPin: true, caretakers: [], properties: ['Hilltop', 'Sunrise'], ...data })),
        verifyPin: pinIs4321,
        addCaretaker: fromPromise<AddResult, { name: string; phone: string; property: string | null }>(async ({ input }) => (writes.push(input), result)),
        removeCaretaker: fromPromise<void, { id: string }>(async ({ input }) => void writes.push(input)),
      },
    });
    return { m, writes };
  }

  it('adds a caretaker for all properties, after a wrong PIN', async () => {
    const { m: flow, writes } = machine();
    const m = await run(flow, base);
    expect(m.text()).toContain('You have no caretakers.');
    expect(m.text()).not.toContain('Remove');
    await m.send('1');
    await m.send('J');
    expect(m.text()).toContain('Please type 2 to 60 characters.');
    await m.send('Jane Wambui');
    await m.send('12345');
    await m.send('0712 000 555');
    await m.send('3');
    expect(m.text()).toContain('Add Jane Wambui (0712000555) as caretaker of all your properties?');
    await m.send('1');
    await m.send('1111');
    expect(m.text()).toContain('Wrong PIN. 2 attempt(s) left.');
    await m.send('4321');
    expect(writes).toEqual([{ name: 'Jane Wambui', phone: '254712000555', property: null }]);
    expect(JSON.stringify(m.output())).toContain('Jane Wambui is now a caretaker');
  });

  it('removes one in Kiswahili, and sends a landlord without a PIN to set one up', async () => {
    const { m: flow, writes } = machine({ caretakers: [{ id: 'c1', name: 'Jane Wambui', phone: '254712000555', property: 'Sunrise' }] });
    const m = await run(flow, { ...base, language: 'sw' });
    expect(m.text('sw')).toContain('Wasimamizi wako:\nJane Wambui 0712000555: Sunrise');
    await m.send('2');
    await m.send('1');
    expect(m.text('sw')).toContain('Ondoa Jane Wambui?');
    await m.send('ndiyo');
    await m.send('4321');
    expect(writes).toEqual([{ id: 'c1' }]);
    const noPin = await run(machine({ hasPin: false }).m, base);
    expect(JSON.stringify(noPin.output())).toContain('Set up your paybill or till first');
  });

  it('says when the number cannot be a caretaker', async () => {
    const m = await run(machine({ properties: [] }, 'already_caretaker').m, { ...base, channel: 'ussd' });
    for (const input of ['1', 'Jane Wambui', '0712000555']) await m.send(input);
    expect(m.ussd()).toContain('Add Jane Wambui 0712000555?');
    await m.send('1');
    await m.send('4321');
    expect(JSON.stringify(m.output())).toContain('Already a caretaker.');
  });
});

describe('caretaker PIN machine', () => {
  function machine(hasPin: boolean) {
    const saved: string[] = [];
    const m = caretakerPinMachine.provide({
      actors: {
        loadPinState: fromPromise<{ hasPin: boolean }, { phone: string }>(async () => ({ hasPin })),
        verifyPin: pinIs4321,
        hashPin: fromPromise<string, { pin: string }>(async ({ input }) => `hash:${input.pin}`),
        savePin: fromPromise<void, { hash: string }>(async ({ input }) => void saved.push(input.hash)),
      },
    });
    return { m, saved };
  }

  it('chooses a PIN, typed twice the same', async () => {
    const { m: flow, saved } = machine(false);
    const m = await run(flow, base);
    await m.send('12');
    expect(m.text()).toContain('The PIN must be 4 to 6 digits.');
    await m.send('2468');
    await m.send('2469');
    expect(m.text()).toContain('The two PINs differ.');
    await m.send('2468');
    await m.send('2468');
    expect(saved).toEqual(['hash:2468']);
  });

  it('asks for the current PIN before a change', async () => {
    const { m: flow, saved } = machine(true);
    const m = await run(flow, { ...base, language: 'sw' });
    expect(m.text('sw')).toContain('Weka PIN yako ya sasa:');
    await m.send('4321');
    await m.send('1357');
    await m.send('1357');
    expect(saved).toEqual(['hash:1357']);
  });
});

describe('the menu of a caretaker', () => {
  const caretaker = { role: 'landlord' as const, name: 'Jane Wambui', caretakerFor: { landlord: 'Wanjiku', property: 'Sunrise' } };

  it('offers their own PIN and the office, never the payout, and says so when asked', async () => {
    const m = await run(mainMenuMachine, { ...base, person: caretaker });
    expect(m.text()).toContain('1. My PIN\n2. Rent collected');
    await m.send('setup');
    expect(m.text()).toContain('Only Wanjiku can do that');
    await m.send('caretakers');
    expect(m.text()).toContain('Only Wanjiku can do that');
    await m.send('6');
    expect(m.output()).toEqual({ next: 'cash' });
    const sw = await run(mainMenuMachine, { ...base, language: 'sw', channel: 'ussd', person: caretaker });
    expect(sw.ussd('sw')).toContain('Habari Jane (msimamizi)');
  });
});
