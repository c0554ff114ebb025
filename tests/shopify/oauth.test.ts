/**
 * The authorization code grant's pieces, against Shopify's documented examples
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant):
 * the signed query's message and hex digest, shop names, and scopes.
 */
import { describe, expect, it } from 'vitest';
import { missingScopes, shopDomainOf, signedQueryMessage, signQuery, verifySignedQuery } from '../../src/shopify/oauth';

// The docs' example: secret "hush", this query, digest 700e2dad… (lowercase hex).
const DOCS_QUERY = 'code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173';
const DOCS_HMAC = '700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf';
const AT_DOCS_TIME = 1337178173 * 1000;

describe("Shopify's signature on an install or callback query", () => {
  it("is the hex HMAC-SHA256 of the other parameters, sorted, as the docs' example computes it", async () => {
    const params = new URLSearchParams(`hmac=${DOCS_HMAC}&${DOCS_QUERY}`);

    expect(signedQueryMessage(params)).toBe(DOCS_QUERY);
    expect(await signQuery(params, 'hush')).toBe(DOCS_HMAC);
  });

  it('verifies under the current or the previous client secret', async () => {
    const params = new URLSearchParams(`${DOCS_QUERY}&hmac=${DOCS_HMAC}`);

    expect(await verifySignedQuery(params, ['new-secret', 'hush'], AT_DOCS_TIME)).toEqual({ ok: true });
  });

  it('refuses a query with a changed parameter', async () => {
    const params = new URLSearchParams(`${DOCS_QUERY.replace('some-shop', 'other-shop')}&hmac=${DOCS_HMAC}`);

    expect(await verifySignedQuery(params, ['hush'], AT_DOCS_TIME)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
  });

  it('refuses a query signed more than 90 seconds from now', async () => {
    const params = new URLSearchParams(`${DOCS_QUERY}&hmac=${DOCS_HMAC}`);

    expect(await verifySignedQuery(params, ['hush'], AT_DOCS_TIME + 91_000)).toMatchObject({ ok: false, reason: expect.stringContaining('too old') });
  });

  it('refuses a query without an hmac', async () => {
    expect(await verifySignedQuery(new URLSearchParams(DOCS_QUERY), ['hush'], AT_DOCS_TIME)).toMatchObject({ ok: false });
  });
});

describe('a shop name', () => {
  it('is a myshopify.com host of letters, digits and hyphens, lower-cased', () => {
    expect(shopDomainOf(' Example-Shop.myshopify.com ')).toBe('example-shop.myshopify.com');
  });

  it.each(['example.myshopify.com.attacker.net', 'https://example.myshopify.com', '-x.myshopify.com', 'exa_mple.myshopify.com', 'example.com', ''])(
    'is not %j',
    (value) => {
      expect(shopDomainOf(value)).toBeUndefined();
    },
  );
});

describe('the scopes a grant lacks', () => {
  it('counts a write scope as its read scope', () => {
    expect(missingScopes(['write_orders', 'read_products'], ['read_orders', 'read_products', 'read_customers'])).toEqual(['read_customers']);
  });
});
