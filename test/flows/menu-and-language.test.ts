// The main menu and language machines: events in, states and replies out.
import { fromPromise } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signupMachine } from '../../flows/signup.machine.js';
import { languageMachine } from '../../flows/language.machine.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import type { Person } from '../../flows/types.js';
import { base, run } from '../helpers/machines.js';

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

  it('asks a landlord who is also a tenant which they are writing as, and leads to that menu', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { role: 'both', name: 'Wanjiku' } });
    expect(m.text()).toContain('Are you writing about your own rent, or about your property?');
    expect(m.text()).toContain('1. My rent (as a tenant)\n2. My property (as a landlord)');
    expect(m.ussd('sw')).toContain('1. Kodi yangu\n2. Nyumba zangu');
    await m.send('2');
    expect(m.output()).toEqual({ next: 'menu', as: 'landlord' });
    const pay = await run(mainMenuMachine, { ...base, person: { role: 'both', name: 'Wanjiku' } });
    await pay.send('lipa');
    expect(pay.output()).toEqual({ next: 'payRent', as: 'tenant' });
  });

  it('lets a person with two roles switch from either menu, and adds nothing for one role', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { ...tenant, alsoLandlord: true } });
    expect(m.text()).toContain('5. My property (as a landlord)');
    await m.send('5');
    expect(m.output()).toEqual({ next: 'menu', as: 'landlord' });
    const l = await run(mainMenuMachine, { ...base, person: { role: 'landlord', name: 'Wanjiku', alsoTenant: true } });
    await l.send('10');
    expect(l.output()).toEqual({ next: 'menu', as: 'tenant' });
    expect(l.ussd().length).toBeLessThanOrEqual(160);
    expect((await run(mainMenuMachine, { ...base, person: tenant })).text()).not.toContain('My property');
  });

  it('offers an unknown number to register as a landlord, and tells a tenant whom to ask', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { role: 'unknown', signupOpen: true, pastLandlord: null } });
    expect(m.text()).toContain('1. I am a landlord: register\n2. I am a tenant');
    await m.send('1');
    expect(m.output()).toEqual({ next: 'signup' });
    const tenantAsks = await run(mainMenuMachine, { ...base, person: { role: 'unknown', signupOpen: false, pastLandlord: { name: 'Kamau', phone: '254722000000' } } });
    expect(tenantAsks.text()).toContain('Landlords: ask RentEase to register you');
    expect(tenantAsks.text()).not.toContain('register\n');
    await tenantAsks.send('1');
    expect(JSON.stringify(tenantAsks.output())).toContain('Ask your landlord to add it: Kamau, 0722000000.');
  });
});

describe('language machine', () => {
  it('chooses Kiswahili', async () => {
    const m = await run(languageMachine, base);
    await m.send('2');
    expect(m.output()).toMatchObject({ next: 'menu', language: 'sw' });
  });
});

describe('sign-up machine', () => {
  it('asks name, business name and language, then hands over to the payout setup', async () => {
    const saved: unknown[] = [];
    const machine = signupMachine.provide({ actors: { registerLandlord: fromPromise<void, { name: string; businessName: string | null; language: 'en' | 'sw' }>(async ({ input }) => void saved.push(input)) } });
    const m = await run(machine, { ...base, channel: 'ussd' });
    expect(m.ussd()).toContain('Your name?');
    await m.send('7');
    expect(m.ussd()).toContain('2-60 characters.');
    await m.send('Jane Mwangi');
    await m.send('0');
    expect(m.ussd()).toContain('Your name?');
    await m.send('Jane Mwangi');
    await m.send('1');
    await m.send('1');
    expect(saved).toEqual([{ name: 'Jane Mwangi', businessName: null, language: 'en' }]);
    expect(m.output()).toMatchObject({ next: 'setup', language: 'en' });
  });
});
