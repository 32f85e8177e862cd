import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { callbackToken, isValidCallbackToken, safeEqual } from '../../src/crypto/tokens.js';

describe('secrets at rest', () => {
  const box = createSecretBox(randomBytes(32));

  it('seals and opens a secret, with a new IV each time', () => {
    const a = box.seal('passkey-123');
    const b = box.seal('passkey-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('passkey');
    expect(box.open(a)).toBe('passkey-123');
  });

  it('refuses a tampered value and the wrong key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open('garbage')).toThrow('not a sealed secret');
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow();
  });
});

describe('callback tokens', () => {
  it('are lowercase hex HMACs of the payment id, checked in constant time', () => {
    const token = callbackToken('s'.repeat(32), 'payment-1');
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(isValidCallbackToken('s'.repeat(32), 'payment-1', token)).toBe(true);
    expect(isValidCallbackToken('s'.repeat(32), 'payment-2', token)).toBe(false);
    expect(isValidCallbackToken('t'.repeat(32), 'payment-1', token)).toBe(false);
    expect(isValidCallbackToken('s'.repeat(32), 'payment-1', token.slice(1))).toBe(false);
  });

  it('safeEqual compares exactly', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
