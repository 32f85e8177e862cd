// How Kenyans type, table by table: every accepted form of an option, an amount, a yes or a no, a greeting
// and an intent, and forms that must not be read as money. A new form is taught by adding a row here.
import { describe, expect, it } from 'vitest';
import { isNo, isYes, optionNumber, parseTypedAmount } from '../../flows/input.js';
import { mainMenuMachine } from '../../flows/main-menu.machine.js';
import { isGreeting } from '../../src/conversations/flow-step.js';
import { base, run } from '../helpers/machines.js';

const MAX = 250_000;

describe('typed input', () => {
  it.each([
    ['1', 1], [' 2 ', 2], ['1.', 1], ['2)', 2], ['(3)', 3], ['#4', 4], ['moja', 1], ['Mbili', 2], ['tatu', 3], ['nne', 4], ['tano', 5],
    ['sita', 6], ['saba', 7], ['nane', 8], ['tisa', 9], ['kumi', 10], ['one', 1], ['Two', 2], ['three!', 3], ['10', 10],
  ])('reads %j as option %i', (input, n) => expect(optionNumber(input)).toBe(n));

  it.each(['', 'x', '1 2', 'moja mbili', 'ishirini', '1.5', '-1', '100'])('reads %j as no option', (input) => expect(optionNumber(input)).toBeUndefined());

  it.each([
    ['5000', 5_000], ['5,000', 5_000], ['5 000', 5_000], ['KES 5,000', 5_000], ['Ksh5000', 5_000], ['ksh 5k', 5_000], ['ksh5k', 5_000],
    ['5000/=', 5_000], ['5,000/-', 5_000], ['10,000/-', 10_000], ['5000.00', 5_000], ['5k', 5_000], ['5K', 5_000], ['2.5k', 2_500],
    ['15 elfu', 15_000], ['5 thousand', 5_000], ['5000 bob', 5_000], ['sh. 750', 750],
    ['elfu tano', 5_000], ['elfu kumi na tano', 15_000], ['elfu mbili mia tano', 2_500], ['mia tano', 500], ['mia tano na hamsini', 550],
    ['elfu tano na hamsini', 5_050], ['elfu ishirini na tano', 25_000], ['laki moja', 100_000], ['laki moja na elfu hamsini', 150_000], ['elfu', 1_000],
    ['five thousand', 5_000], ['fifteen thousand five hundred', 15_500], ['two hundred and fifty', 250], ['twenty five', 25],
  ])('reads %j as KES %i', (input, amount) => expect(parseTypedAmount(input, MAX)).toBe(amount));

  it.each(['', 'abc', '100.50', '5,00', '1e3', '0x10', '-500', '0', '5kk', 'elfu elfu', 'tano elfu', 'mia kumi', '300000', 'laki tatu', 'Infinity', '5..0k'])(
    'refuses %j as an amount',
    (input) => expect(parseTypedAmount(input, MAX)).toBeUndefined(),
  );

  it.each(['1', 'yes', 'Yes', 'ndiyo', 'ndio', 'sawa', 'ok', 'okay', 'poa', 'yeah', 'confirm', 'thibitisha', 'Sawa sawa'])('reads %j as yes', (input) => expect(isYes(input)).toBe(true));
  it.each(['2', 'no', 'hapana', 'Hapana!', 'la', 'cancel', 'ghairi', 'nope'])('reads %j as no', (input) => expect(isNo(input)).toBe(true));
  it.each(['acha', 'stop'])('does not read %j as no: alone it stops reminders', (input) => expect(isNo(input)).toBe(false));

  it.each(['hi', 'Hello', 'habari', 'Habari!', 'jambo', 'mambo', 'sasa', 'niaje', 'vipi', 'hey', 'good morning', 'habari za asubuhi'])('reads %j as a greeting', (input) =>
    expect(isGreeting(input)).toBe(true),
  );
});

describe('intents at the menu', () => {
  const tenant = { role: 'tenant' as const, name: 'Otieno', quickPay: null, due: 15_000, credit: 0 };
  it.each([
    ['pay', 'payRent'], ['lipa', 'payRent'], ['lipa kodi', 'payRent'], ['nataka kulipa', 'payRent'], ['Nataka kulipa kodi', 'payRent'], ['kulipa', 'payRent'],
    ['I want to pay', 'payRent'], ['pay my rent', 'payRent'], ['status', 'status'], ['salio', 'status'], ['salio langu', 'status'], ['deni langu', 'status'],
    ['my balance', 'status'], ['risiti', 'status'], ['receipts', 'status'], ['lugha', 'language'], ['language', 'language'],
  ])('%j leads to %s', async (input, area) => {
    const m = await run(mainMenuMachine, { ...base, person: tenant });
    await m.send(input);
    expect(m.output()).toEqual({ next: area });
  });

  it('says what was not understood, in the reader language, and repeats the choices', async () => {
    const m = await run(mainMenuMachine, { ...base, language: 'sw', person: tenant });
    await m.send('ndizi');
    expect(m.text('sw')).toMatch(/^Samahani, sijaelewa\.[\s\S]*\n1\. Lipa kodi/);
  });
});
