import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type PiiSettings, piiPolicies } from '../../src/domain/pii';

const KEY = 'wharf-test-pii-key-0123456789abcdef';
const SHOP = 'wharf-demo.myshopify.com';
const settings = (changes: Partial<PiiSettings> = {}): PiiSettings => ({ emailMode: 'hash', hashScope: 'shop', hashKey: KEY, ...changes });
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');
/** The shop's key: HMAC-SHA256 of the secret over the purpose label and the shop's domain. */
const shopKey = (shop: string) => createHmac('sha256', KEY).update(`wharf/email-hash/${shop}`).digest();

describe('the PII policy', () => {
  it('stores an email as the keyed hash of the trimmed, lower-cased address, and no plaintext', () => {
    const pii = piiPolicies(settings()).forShop(SHOP);

    expect(pii.emailHash('  Russell.Winfield@Example.com ')).toBe(hmac(shopKey(SHOP), 'russell.winfield@example.com'));
    expect(pii.emailPlaintext('Russell.Winfield@Example.com')).toBeNull();
    expect(pii.emailHash(null)).toBeNull();
  });

  it('keeps the normalised address where the merchant chose plaintext', () => {
    expect(
      piiPolicies(settings({ emailMode: 'plaintext' }))
        .forShop(SHOP)
        .emailPlaintext(' Russell.Winfield@Example.com'),
    ).toBe('russell.winfield@example.com');
  });

  it('hashes an address alike however many other addresses one policy has hashed before', () => {
    const busy = piiPolicies(settings()).forShop(SHOP);
    for (let i = 0; i < 25_000; i++) busy.emailHash(`customer${i}@example.com`);

    expect(busy.emailHash('customer7@example.com')).toBe(hmac(shopKey(SHOP), 'customer7@example.com'));
    expect(busy.emailHash('customer24999@example.com')).toBe(piiPolicies(settings()).forShop(SHOP).emailHash('customer24999@example.com'));
  });

  it('hashes the same address alike within a shop and differently in two shops', () => {
    const policies = piiPolicies(settings());
    const [first, again, other] = [policies.forShop(SHOP), piiPolicies(settings()).forShop(SHOP), policies.forShop('other-shop.myshopify.com')];

    expect(first.emailHash('jon@example.com')).toBe(again.emailHash('JON@example.com'));
    expect(first.emailHash('jon@example.com')).not.toBe(other.emailHash('jon@example.com'));
  });

  it('hashes alike in every shop with the global scope, keyed by the secret itself', () => {
    const policies = piiPolicies(settings({ hashScope: 'global' }));

    expect(policies.forShop(SHOP).emailHash('jon@example.com')).toBe(hmac(KEY, 'jon@example.com'));
    expect(policies.forShop('other-shop.myshopify.com').emailHash('jon@example.com')).toBe(hmac(KEY, 'jon@example.com'));
  });
});
