import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { resyncConfig } from '../../src/config';
import { installFor, registerShop, resealTokens } from '../../src/resync/installs';
import { sealToken } from '../../src/shopify/token-vault';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const PREVIOUS_KEY = 'the-key-before-the-rotation-0123456789';

const sealedOf = async (shopId: number) =>
  (await query<{ sealed: string }>(sql`select access_token_sealed as sealed from shop_install where shop_id = ${shopId}`))[0]!.sealed;

/** A registered shop whose token was sealed under the previous key, as before a rotation. */
async function sealedUnderPreviousKey(shop: string) {
  const { shopId } = await withDb((db) => registerShop(db, PREVIOUS_KEY, { shopDomain: shop, accessToken: 'shpat_rotating0123' }));
  return { shopId, before: await sealedOf(shopId) };
}

describe('installed shops’ tokens across a key rotation', () => {
  const keys = [resyncConfig(env).tokenKeys[0]!, PREVIOUS_KEY];

  it('opens a token sealed under the previous key and seals it again under the current one', async () => {
    const shop = uniqueShop();
    const { shopId, before } = await sealedUnderPreviousKey(shop);

    const install = await withDb((db) => installFor(db, keys, shopId));

    expect(install?.accessToken).toBe('shpat_rotating0123');
    const after = await sealedOf(shopId);
    expect(after).not.toBe(before);
    expect(await withDb((db) => installFor(db, keys.slice(0, 1), shopId))).toMatchObject({ accessToken: 'shpat_rotating0123' });
  });

  it('seals every stale token again on demand, and leaves current ones alone', async () => {
    const stale = await sealedUnderPreviousKey(uniqueShop());
    const current = await withDb((db) => registerShop(db, keys[0]!, { shopDomain: uniqueShop(), accessToken: 'shpat_current0123' }));
    const currentSealed = await sealedOf(current.shopId);

    const outcome = await withDb((db) => resealTokens(db, keys));

    expect(outcome.resealed).toBeGreaterThanOrEqual(1);
    expect(await sealedOf(stale.shopId)).not.toBe(stale.before);
    expect(await sealedOf(current.shopId)).toBe(currentSealed);
  });

  it('will not open a token moved onto another shop’s install', async () => {
    const shop = uniqueShop();
    const { shopId } = await withDb((db) => registerShop(db, keys[0]!, { shopDomain: shop, accessToken: 'shpat_mine0123' }));
    const theirs = await sealToken('shpat_theirs0123', 'another-shop.myshopify.com', keys[0]!);
    await query(sql`update shop_install set access_token_sealed = ${theirs} where shop_id = ${shopId}`);

    await expect(withDb((db) => installFor(db, keys, shopId))).rejects.toThrow(/does not open/);
  });
});
