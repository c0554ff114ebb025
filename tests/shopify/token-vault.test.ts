import { describe, expect, it } from 'vitest';
import { openToken, sealToken } from '../../src/shopify/token-vault';

const KEY = 'a-vault-key-of-at-least-32-characters-0123';
const SHOP = 'wharf-demo.myshopify.com';

/** A token sealed the way Wharf sealed them before: AES-GCM under one SHA-256 of the secret, bound to no shop. */
async function sealedTheOldWay(token: string, secret: string) {
  const raw = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`wharf-token-vault:${secret}`));
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(token)));
  const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  return `v1.${base64(iv)}.${base64(data)}`;
}

describe('access tokens at rest', () => {
  it('opens what it sealed, and seals the same token differently each time', async () => {
    const first = await sealToken('shpat_0123456789abcdef', SHOP, KEY);
    const second = await sealToken('shpat_0123456789abcdef', SHOP, KEY);

    expect(first).toMatch(/^v2\./);
    expect(first).not.toContain('shpat_');
    expect(first).not.toBe(second);
    expect(await openToken(first, SHOP, [KEY])).toEqual({ token: 'shpat_0123456789abcdef', stale: false });
  });

  it('refuses to open a token sealed under another key', async () => {
    const sealed = await sealToken('shpat_0123456789abcdef', SHOP, KEY);
    await expect(openToken(sealed, SHOP, ['another-vault-key-entirely-0123456789'])).rejects.toThrow(/does not open/);
  });

  it('refuses to open a token copied onto another shop', async () => {
    const sealed = await sealToken('shpat_0123456789abcdef', SHOP, KEY);
    await expect(openToken(sealed, 'other-shop.myshopify.com', [KEY])).rejects.toThrow(/does not open/);
  });

  it('opens a token sealed the old way, and says it is stale', async () => {
    const sealed = await sealedTheOldWay('shpat_0123456789abcdef', 'an-old-16-char-k');
    expect(await openToken(sealed, SHOP, [KEY, 'an-old-16-char-k'])).toEqual({ token: 'shpat_0123456789abcdef', stale: true });
  });

  it('opens a token sealed under the previous key during a rotation, and says it is stale', async () => {
    const sealed = await sealToken('shpat_0123456789abcdef', SHOP, 'the-previous-vault-key-0123456789abcdef');
    expect(await openToken(sealed, SHOP, [KEY, 'the-previous-vault-key-0123456789abcdef'])).toEqual({ token: 'shpat_0123456789abcdef', stale: true });
  });
});
