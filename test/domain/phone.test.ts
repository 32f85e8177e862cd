import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from '../../src/domain/phone.js';

describe('phone normalizer', () => {
  it.each([
    ['0712345678', '254712345678'],
    ['0112345678', '254112345678'],
    ['+254712345678', '254712345678'],
    ['254712345678', '254712345678'],
    ['0712 345 678', '254712345678'],
    ['0712-345-678', '254712345678'],
    ['+254 712 345 678', '254712345678'],
    [' 712345678 ', '254712345678'],
    ['(0712) 345678', '254712345678'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, phone: expected });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['07123abc78', 'invalid_characters'],
    ['0712 345 67', 'wrong_length'],
    ['07123456789', 'wrong_length'],
    ['+255712345678', 'not_kenyan'],
    ['+1 415 555 0100', 'not_kenyan'],
    ['0202345678', 'not_mobile'],
    ['254202345678', 'not_mobile'],
    ['12345', 'not_kenyan'],
    ['07+12345678', 'invalid_characters'],
  ])('rejects %j as %s', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('returns either a 12-digit 2547/2541 number or a reason, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = normalizePhone(text);
        if (result.ok) expect(result.phone).toMatch(/^254[17]\d{8}$/);
        else expect(typeof result.reason).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizes every valid number the same way in all its spellings', () => {
    fc.assert(
      fc.property(fc.constantFrom('7', '1'), fc.stringMatching(/^\d{8}$/), (lead, rest) => {
        const msisdn = `254${lead}${rest}`;
        for (const spelling of [`0${lead}${rest}`, `+${msisdn}`, msisdn, `0${lead}${rest.slice(0, 2)} ${rest.slice(2, 5)} ${rest.slice(5)}`]) {
          expect(normalizePhone(spelling)).toEqual({ ok: true, phone: msisdn });
        }
      }),
    );
  });

  it('masks numbers for logs', () => {
    expect(maskPhone('254708374149')).toBe('2547****149');
  });
});
