// Tenants pasted in one message: each line read on its own, refused with a reason, never guessed.
import { describe, expect, it } from 'vitest';
import { looksLikeTenantList, parseRent, parseTenantLines } from '../../src/domain/tenant-lines.js';

describe('pasted tenant lines', () => {
  it('reads name, phone, unit, rent and an optional due day', () => {
    const parsed = parseTenantLines('Otieno Juma, 0712 345 678, A1, 15000\nAkinyi, +254 722 000 111, B2, 15,000, 5\n\nKamau, 0110000222, C3, KES 9k');
    expect(parsed).toEqual([
      { ok: true, line: 1, tenant: { name: 'Otieno Juma', phone: '254712345678', unit: 'A1', monthlyRent: 15_000, dueDay: 1 } },
      { ok: true, line: 2, tenant: { name: 'Akinyi', phone: '254722000111', unit: 'B2', monthlyRent: 15_000, dueDay: 5 } },
      { ok: true, line: 4, tenant: { name: 'Kamau', phone: '254110000222', unit: 'C3', monthlyRent: 9_000, dueDay: 1 } },
    ]);
  });

  it('refuses a line with the reason', () => {
    const problems = parseTenantLines('Otieno, 0712345678, A1\nX, 0712345678, A1, 100\nWanjiru, 0612345678, A1, 100\nWanjiru, 0712345678, A1, lots\nWanjiru, 0712345678, A1, 100, 32')
      .map((p) => (p.ok ? 'ok' : p.problem));
    expect(problems).toEqual(['fields', 'name', 'not_mobile', 'rent', 'due_day']);
  });

  it('knows a list from a sentence', () => {
    expect(looksLikeTenantList('Otieno, 0712345678, A1, 15000')).toBe(true);
    expect(looksLikeTenantList('a\nb, c')).toBe(true);
    expect(looksLikeTenantList('Otieno Juma')).toBe(false);
    expect(looksLikeTenantList('hello, there')).toBe(false);
  });

  it('reads rent as whole shillings only', () => {
    expect(parseRent('15,000')).toBe(15_000);
    expect(parseRent('Ksh. 12000')).toBe(12_000);
    expect(parseRent('15.5')).toBeUndefined();
    expect(parseRent('0')).toBeUndefined();
    expect(parseRent('-100')).toBeUndefined();
  });
});
