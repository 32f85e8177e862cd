// Allocation as a pure function, with properties over any bills and any money.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/domain/allocate.js';

const bills = fc.array(fc.record({ id: fc.uuid(), balance: fc.integer({ min: 0, max: 500_000 }) }), { maxLength: 8 });
const money = fc.array(fc.record({ paymentId: fc.uuid(), remaining: fc.integer({ min: 0, max: 500_000 }) }), { maxLength: 8 });
const settings = { numRuns: 500, seed: 20261129 };

describe('allocate', () => {
  it('pays the oldest bill first and keeps the rest as credit', () => {
    const result = allocate(
      [
        { id: 'oct', balance: 10_000 },
        { id: 'nov', balance: 15_000 },
      ],
      [{ paymentId: 'p1', remaining: 20_000 }],
    );
    expect(result.lines).toEqual([
      { paymentId: 'p1', billId: 'oct', amount: 10_000 },
      { paymentId: 'p1', billId: 'nov', amount: 10_000 },
    ]);
    expect([...result.balances]).toEqual([
      ['oct', 0],
      ['nov', 5_000],
    ]);
    expect(result.credit).toBe(0);
  });

  it('conserves money: every shilling is in a line or in the credit', () => {
    fc.assert(
      fc.property(bills, money, (b, m) => {
        const result = allocate(b, m);
        const allocated = result.lines.reduce((sum, l) => sum + l.amount, 0);
        expect(allocated + result.credit).toBe(m.reduce((sum, p) => sum + p.remaining, 0));
        // and each bill's balance fell by exactly what was allocated to it
        for (const bill of b) {
          const toBill = result.lines.filter((l) => l.billId === bill.id).reduce((sum, l) => sum + l.amount, 0);
          if (new Set(b.map((x) => x.id)).size === b.length) expect(result.balances.get(bill.id)).toBe(bill.balance - toBill);
        }
      }),
      settings,
    );
  });

  it('pays bills in order: a later bill gets money only when every earlier one is paid', () => {
    fc.assert(
      fc.property(bills, money, (b, m) => {
        const result = allocate(b, m);
        b.forEach((bill, i) => {
          const got = result.lines.some((l) => l.billId === bill.id);
          if (got && new Set(b.map((x) => x.id)).size === b.length) for (const earlier of b.slice(0, i)) expect(result.balances.get(earlier.id)).toBe(0);
        });
        // Credit remains only when every bill is paid.
        if (result.credit > 0) for (const bill of b) expect(result.balances.get(bill.id)).toBe(0);
      }),
      settings,
    );
  });

  it('never makes a negative balance, a negative credit or an empty line', () => {
    fc.assert(
      fc.property(bills, money, (b, m) => {
        const result = allocate(b, m);
        for (const line of result.lines) expect(line.amount).toBeGreaterThan(0);
        for (const balance of result.balances.values()) expect(balance).toBeGreaterThanOrEqual(0);
        expect(result.credit).toBeGreaterThanOrEqual(0);
      }),
      settings,
    );
  });
});
