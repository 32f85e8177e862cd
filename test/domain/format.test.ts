import { describe, expect, it } from 'vitest';
import { formatDateTime, formatKes, formatPeriod } from '../../src/messages/format.js';

describe('formatting', () => {
  it.each([
    [0, 'KES 0'],
    [1, 'KES 1'],
    [999, 'KES 999'],
    [1000, 'KES 1,000'],
    [15000, 'KES 15,000'],
    [250000, 'KES 250,000'],
    [1234567, 'KES 1,234,567'],
  ])('writes %i as %s', (amount, text) => {
    expect(formatKes(amount)).toBe(text);
  });

  it('writes dates in Nairobi time and periods in both languages', () => {
    expect(formatDateTime(new Date('2026-11-27T19:41:00Z'), 'en')).toBe('27 Nov 2026 22:41');
    expect(formatDateTime(new Date('2026-03-31T21:05:00Z'), 'sw')).toBe('1 Apr 2026 00:05');
    expect(formatPeriod('2026-11', 'en')).toBe('November 2026');
    expect(formatPeriod('2026-11', 'sw')).toBe('Novemba 2026');
  });
});

describe('log lines', () => {
  it('mask phone numbers in every form and replace callback tokens', async () => {
    const { maskLine } = await import('../../src/log.js');
    const token = 'ab'.repeat(32);
    const line = `{"msg":"Failed query: insert … params: 254712345678,+254112345678,0712345678","path":"/api/daraja/callback/${token}","ok":"ws_CO_191220191020363925 20261127224100"}`;
    expect(maskLine(line)).toBe('{"msg":"Failed query: insert … params: 254712***678,+254112***678,0712***678","path":"/api/daraja/callback/[token]","ok":"ws_CO_191220191020363925 20261127224100"}');
  });
});
