// Credentials with Web Crypto: the Basic header (the vendor's test pair exactly as its docs
// show it), the salted hashes (the same bytes Node's own SHA-256 gives, so stores written by
// earlier servers still verify), keys and secrets in the vendor's format.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  basicAuthorization,
  equalInConstantTime,
  generateAppKey,
  generateMasterSecret,
  hashSecret,
  hashSecretWithSalt,
  parseBasicAuthorization,
  secretMatches,
} from '../src/auth/credentials.js';

/** The vendor documentation's public test pair. */
const TEST_APP = { appKey: 'c96f42e0d2e662e45d035ab1', masterSecret: 'df4d59e84eac2f9d53b36f12' };

describe('credentials', () => {
  it("encodes and parses the vendor's test pair exactly as its docs show", () => {
    const header = 'Basic Yzk2ZjQyZTBkMmU2NjJlNDVkMDM1YWIxOmRmNGQ1OWU4NGVhYzJmOWQ1M2IzNmYxMg==';
    expect(basicAuthorization(TEST_APP)).toBe(header);
    expect(parseBasicAuthorization(header)).toEqual(TEST_APP);
    expect(parseBasicAuthorization(header.replace('Basic', 'basic'))).toEqual(TEST_APP);
  });

  it('keeps a colon inside the secret (only the first one separates), and UTF-8 text', () => {
    expect(parseBasicAuthorization(`Basic ${Buffer.from('key:se:cret').toString('base64')}`)).toEqual({
      appKey: 'key',
      masterSecret: 'se:cret',
    });
    const unicode = { appKey: 'clé', masterSecret: 'sécret-🔑' };
    expect(basicAuthorization(unicode)).toBe(`Basic ${Buffer.from('clé:sécret-🔑').toString('base64')}`);
    expect(parseBasicAuthorization(basicAuthorization(unicode))).toEqual(unicode);
  });

  it('reads base64 without its padding, as Node does', () => {
    const unpadded = Buffer.from('key:secret1').toString('base64').replace(/=+$/, '');
    expect(parseBasicAuthorization(`Basic ${unpadded}`)).toEqual({ appKey: 'key', masterSecret: 'secret1' });
  });

  it.each([
    ['missing', undefined],
    ['another scheme', 'Bearer abc'],
    ['no credentials', 'Basic '],
    ['not base64', 'Basic ***'],
    ['no colon', `Basic ${Buffer.from('justakey').toString('base64')}`],
    ['empty appKey', `Basic ${Buffer.from(':secret').toString('base64')}`],
    ['empty secret', `Basic ${Buffer.from('key:').toString('base64')}`],
    ['longer than 1024 characters', `Basic ${'A'.repeat(1024)}`],
  ])('refuses a header that is %s', (_label, header) => {
    expect(parseBasicAuthorization(header)).toBeNull();
  });

  it('stores a salted hash: the same secret hashes differently per salt, and verifies', async () => {
    const a = await hashSecret('df4d59e84eac2f9d53b36f12');
    const b = await hashSecret('df4d59e84eac2f9d53b36f12');
    expect(a.salt).toHaveLength(16);
    expect(Buffer.from(a.salt).equals(b.salt)).toBe(false);
    expect(Buffer.from(a.hash).equals(b.hash)).toBe(false);
    expect(Buffer.from(a.hash).toString('hex')).not.toContain('df4d59e84eac2f9d53b36f12');
    expect(await secretMatches('df4d59e84eac2f9d53b36f12', a)).toBe(true);
    expect(await secretMatches('df4d59e84eac2f9d53b36f13', a)).toBe(false);
  });

  it('hashes as SHA-256(salt ‖ UTF-8 secret), byte for byte what node:crypto gives', async () => {
    const salt = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    for (const secret of ['df4d59e84eac2f9d53b36f12', 'sécret-🔑', '']) {
      const expected = createHash('sha256').update(salt).update(secret, 'utf8').digest();
      expect(Buffer.from(await hashSecretWithSalt(secret, salt)).equals(expected)).toBe(true);
    }
  });

  it('compares byte strings of any content, and unequal lengths as different', () => {
    expect(equalInConstantTime(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(equalInConstantTime(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(equalInConstantTime(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2))).toBe(false);
    expect(equalInConstantTime(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it("generates 24-hex-character keys and secrets, like the vendor's", () => {
    const keys = new Set(Array.from({ length: 50 }, generateAppKey));
    expect(keys.size).toBe(50);
    for (const value of [...keys, generateMasterSecret()]) expect(value).toMatch(/^[0-9a-f]{24}$/);
  });
});
