// The main menu and language machines: events in, states and replies out.
import { describe, expect, it } from 'vitest';
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

  it('explains RentEase to an unknown number', async () => {
    const m = await run(mainMenuMachine, { ...base, person: { role: 'unknown' } });
    expect(m.text()).toContain('not registered');
    expect(m.text('sw')).toContain('haijasajiliwa');
  });
});

describe('language machine', () => {
  it('chooses Kiswahili', async () => {
    const m = await run(languageMachine, base);
    await m.send('2');
    expect(m.output()).toMatchObject({ next: 'menu', language: 'sw' });
  });
});
