import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { piiPolicy } from '../../src/domain/pii';

const KEY = 'wharf-test-pii-key';
const hmac = (text: string) => createHmac('sha256', KEY).update(text).digest('hex');

describe('the PII policy', () => {
  it('stores an email as the keyed hash of the trimmed, lower-cased address, and no plaintext', () => {
    const pii = piiPolicy('hash', KEY);

    expect(pii.emailHash('  Russell.Winfield@Example.com ')).toBe(hmac('russell.winfield@example.com'));
    expect(pii.emailPlaintext('Russell.Winfield@Example.com')).toBeNull();
    expect(pii.emailHash(null)).toBeNull();
  });

  it('keeps the normalised address where the merchant chose plaintext', () => {
    expect(piiPolicy('plaintext', KEY).emailPlaintext(' Russell.Winfield@Example.com')).toBe('russell.winfield@example.com');
  });

  it('hashes an address alike however many other addresses one policy has hashed before', () => {
    const busy = piiPolicy('hash', KEY);
    for (let i = 0; i < 25_000; i++) busy.emailHash(`customer${i}@example.com`);

    expect(busy.emailHash('customer7@example.com')).toBe(hmac('customer7@example.com'));
    expect(busy.emailHash('customer24999@example.com')).toBe(piiPolicy('hash', KEY).emailHash('customer24999@example.com'));
  });
});
