import { describe, expect, it } from 'vitest';
import { accountReferenceFor, canonicalAccountNumber, generateAccountNumber, generatePaymentReference } from '../../src/domain/references.js';

describe('references', () => {
  it('makes payment references that fit AccountReference and do not repeat', () => {
    const refs = Array.from({ length: 20_000 }, generatePaymentReference);
    for (const ref of refs.slice(0, 100)) expect(ref).toMatch(/^RE[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(refs).size).toBe(refs.length);
    expect(Math.max(...refs.map((r) => r.length))).toBeLessThanOrEqual(12);
  });

  it('makes 6-character account numbers without easily misread letters', () => {
    for (let i = 0; i < 200; i++) expect(generateAccountNumber()).toMatch(/^[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('compares account numbers without regard to case, spaces or dashes', () => {
    expect(canonicalAccountNumber(' k7m 2qx ')).toBe('K7M2QX');
    expect(canonicalAccountNumber('K7M-2QX')).toBe('K7M2QX');
  });

  it('derives an AccountReference of at most 12 safe characters from the unit', () => {
    expect(accountReferenceFor('Block B, Flat 12', 'K7M2QX')).toBe('BlockBFlat12');
    expect(accountReferenceFor('A1', 'K7M2QX')).toBe('A1');
    expect(accountReferenceFor('###', 'K7M2QX')).toBe('K7M2QX');
    expect(accountReferenceFor('Nyumba ya pili kwa mlango', 'X').length).toBe(12);
  });
});
