import { describe, expect, it } from 'vitest';
import { openToken, sealToken } from '../../src/shopify/token-vault';

describe('access tokens at rest', () => {
  it('opens what it sealed, and seals the same token differently each time', async () => {
    const first = await sealToken('shpat_0123456789abcdef', 'a-vault-key-of-some-length');
    const second = await sealToken('shpat_0123456789abcdef', 'a-vault-key-of-some-length');
    expect(first).not.toContain('shpat_');
    expect(first).not.toBe(second);
    expect(await openToken(first, 'a-vault-key-of-some-length')).toBe('shpat_0123456789abcdef');
  });

  it('refuses to open a token sealed under another key', async () => {
    const sealed = await sealToken('shpat_0123456789abcdef', 'a-vault-key-of-some-length');
    await expect(openToken(sealed, 'another-vault-key-entirely')).rejects.toThrow();
  });
});
