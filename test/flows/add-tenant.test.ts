// The add-tenant machine: one tenant step by step (with the property asked only when there are several),
// a unit already let, a pasted list on chat, and every USSD screen within 160 characters.
import { fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { addTenantMachine, type BulkResult, type NewTenant, type SaveResult } from '../../flows/add-tenant.machine.js';
import { parseTenantLines } from '../../src/domain/tenant-lines.js';
import { base, run } from '../helpers/machines.js';

function flow(properties: string[], options: { taken?: string[] } = {}) {
  const saved: NewTenant[] = [];
  const machine = addTenantMachine.provide({
    actors: {
      loadProperties: fromPromise<string[], { phone: string }>(async () => properties),
      saveTenant: fromPromise<SaveResult, { tenant: NewTenant; language: 'en' | 'sw' }>(async ({ input }) => {
        if (options.taken?.includes(input.tenant.unit)) return { ok: false, problem: 'unit_taken' };
        saved.push(input.tenant);
        return { ok: true, accountNumber: 'RE7K2M9' };
      }),
      saveTenants: fromPromise<BulkResult, { text: string; property: string | null; language: 'en' | 'sw' }>(async ({ input }) => {
        const lines = parseTenantLines(input.text);
        const ok = lines.flatMap((l) => (l.ok ? [l] : []));
        return {
          lines,
          added: ok.filter((l) => !options.taken?.includes(l.tenant.unit)).map((l) => ({ name: l.tenant.name, unit: l.tenant.unit, account: `ACC${l.line}` })),
          taken: ok.filter((l) => options.taken?.includes(l.tenant.unit)).map((l) => ({ line: l.line, text: 'as typed', unit: l.tenant.unit })),
        };
      }),
    },
  });
  return { machine, saved };
}

describe('add-tenant machine', () => {
  it('adds one tenant after a confirmation, asking for the property only when there are several', async () => {
    const { machine, saved } = flow(['Moonlight', 'Sunrise']);
    const m = await run(machine, base);
    expect(m.text()).toContain("Tenant's full name?");
    await m.send('Otieno Juma');
    expect(m.text()).toContain("Otieno Juma's phone number?");
    await m.send('07123');
    expect(m.text()).toContain('a Kenyan mobile number has 10 digits');
    await m.send('0712 345 678');
    await m.send('A1');
    expect(m.text()).toContain('Which property?');
    expect(m.text()).toContain('1. Moonlight\n2. Sunrise');
    await m.send('2');
    await m.send('15k');
    expect(m.text()).toContain('Which day of the month is rent due?');
    await m.send('32');
    expect(m.text()).toContain('Please type a day from 1 to 31.');
    await m.send('5');
    expect(m.text()).toContain('Add Otieno Juma (0712345678), unit A1, Sunrise, rent KES 15,000 due on day 5 of each month?');
    await m.send('1');
    expect(saved).toEqual([{ name: 'Otieno Juma', phone: '254712345678', unit: 'A1', property: 'Sunrise', monthlyRent: 15_000, dueDay: 5 }]);
    expect(m.output()).toMatchObject({ next: 'menu' });
    expect(JSON.stringify(m.output())).toContain('Their account number is RE7K2M9');
  });

  it('uses the one property there is, and refuses a unit already let', async () => {
    const { machine, saved } = flow(['Sunrise'], { taken: ['A1'] });
    const m = await run(machine, base);
    for (const input of ['Akinyi', '0722000111', 'A1', '12000', '1']) await m.send(input);
    await m.send('yes');
    expect(m.text()).toContain('Unit A1 already has a tenant in that property.');
    await m.send('A2');
    expect(m.text()).toContain('unit A2, Sunrise');
    await m.send('1');
    expect(saved.map((t) => [t.unit, t.property])).toEqual([['A2', 'Sunrise']]);
  });

  it('goes back a step on 0, and cancels on 2', async () => {
    const { machine, saved } = flow([]);
    const m = await run(machine, { ...base, channel: 'ussd' });
    for (const input of ['Kamau', '0110000222', 'B1']) await m.send(input);
    expect(m.ussd()).toContain('Monthly rent');
    await m.send('0');
    expect(m.ussd()).toContain('Unit?');
    for (const input of ['B1', '9000', '28']) await m.send(input);
    expect(m.ussd().length).toBeLessThanOrEqual(160);
    expect(m.ussd('sw')).toContain('Ongeza Kamau, B1, KES 9,000, tarehe 28?');
    await m.send('2');
    expect(JSON.stringify(m.output())).toContain('Nothing was added.');
    expect(saved).toEqual([]);
  });

  it('adds a pasted list at once on chat, and says what was refused and why', async () => {
    const { machine } = flow(['Sunrise'], { taken: ['C3'] });
    const m = await run(machine, base);
    await m.send('Otieno, 0712345678, A1, 15000\nAkinyi, 0722000111, B2, 15,000, 5\nKamau, 0612345678, C1, 9000\nWanjiru, 0733000444, C3, 9000');
    const summary = JSON.stringify(m.output());
    expect(summary).toContain('Added 2 tenants:');
    expect(summary).toContain('A1 Otieno: account ACC1');
    expect(summary).toContain('Not added (2):');
    expect(summary).toContain('Line 3 \\"Kamau, 0612345678, C1, 9000\\": a Kenyan mobile number starts with 07 or 01');
    expect(summary).toContain('Line 4 \\"as typed\\": Unit C3 already has a tenant');
  });
});
