import { describe, expect, it } from 'vitest';
import { signShopifyHmac, verifyShopifyHmac } from '../../src/shopify/hmac';

const body = new TextEncoder().encode('{"id":820982911946154508}');

describe('Shopify HMAC', () => {
  it('verifies a signature made with the current secret', async () => {
    const signature = await signShopifyHmac(body, 'current');
    expect(await verifyShopifyHmac(body, signature, ['current', 'previous'])).toBe(true);
  });

  it('verifies a signature made with the previous secret during a rotation', async () => {
    const signature = await signShopifyHmac(body, 'previous');
    expect(await verifyShopifyHmac(body, signature, ['current', 'previous'])).toBe(true);
  });

  it('rejects a signature made with any other secret', async () => {
    const signature = await signShopifyHmac(body, 'attacker');
    expect(await verifyShopifyHmac(body, signature, ['current', 'previous'])).toBe(false);
  });

  it('matches the base64 HMAC-SHA256 that Shopify sends', async () => {
    // echo -n '{"id":820982911946154508}' | openssl dgst -sha256 -hmac current -binary | base64
    expect(await signShopifyHmac(body, 'current')).toBe('LYgU8T8l/kjRY9yn8AOT1h7YtA/LmMyKBVhQtqvaVpo=');
  });
});
