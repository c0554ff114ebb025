import { describe, expect, it } from 'vitest';
import { piiPolicies } from '../../src/domain/pii';
import { resourceModel } from '../../src/domain/topics';
import { loadWarehouseRows } from '../../src/warehouse/load-rows';
import { loadInOrder, tableOf } from '../helpers/topics';
import { withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const GID = 'gid://shopify/DiscountCodeNode/1057371242';

/** The discount a resync exports, as of `updatedAt`, read at `observedAt`, with `codes`. */
const exported = (updatedAt: string, codes: [string, string][]) => ({
  admin_graphql_api_id: GID,
  title: 'WELCOME10',
  status: 'ACTIVE',
  created_at: '2024-12-20T10:00:00-05:00',
  updated_at: updatedAt,
  type: 'DiscountCodeBasic',
  summary: '10% off entire order',
  starts_at: '2025-01-01T00:00:00-05:00',
  ends_at: null,
  usage_count: 41,
  codes_count: codes.length,
  codes: codes.map(([id, code]) => ({ id, code, usage_count: 20 })),
});

async function resynced(shop: string, payload: ReturnType<typeof exported>, observedAt: string) {
  const validated = resourceModel('discount')!.validate(payload);
  if (!validated.ok) throw new Error(validated.reason);
  const rows = validated.toRows(
    { shopDomain: shop, rawKey: `resyncs/${shop}/rsy_test/discounts-1.jsonl`, eventAt: observedAt },
    piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: 'a-key-for-tests-only-0123456789' }),
  );
  await withDb((db) => db.transaction((tx) => loadWarehouseRows(tx, rows)));
}

const webhook = (updatedAt: string, title: string) =>
  JSON.stringify({ admin_graphql_api_id: GID, title, status: 'ACTIVE', created_at: '2024-12-20T10:00:00-05:00', updated_at: updatedAt });

describe('discounts', () => {
  it('keep the terms a resync stored when a webhook updates the rest, until a newer resync restates them', async () => {
    const shop = uniqueShop();
    await resynced(shop, exported('2025-03-01T10:00:00-05:00', [['22140', 'WELCOME10']]), '2025-03-02T00:00:00Z');

    await loadInOrder(shop, [{ topic: 'discounts/update', body: webhook('2025-03-05T10:00:00-05:00', 'Welcome, ten off') }]);

    const [updated] = await tableOf('dim_discount', shop, 'discount_id');
    expect(updated).toMatchObject({
      discount_id: '1057371242',
      method: 'code',
      title: 'Welcome, ten off',
      discount_type: 'DiscountCodeBasic',
      summary: '10% off entire order',
      usage_count: '41',
    });

    await resynced(
      shop,
      { ...exported('2025-03-05T10:00:00-05:00', [['22140', 'WELCOME10']]), title: 'Welcome, ten off', summary: '10% off, one use per customer' },
      '2025-03-06T00:00:00Z',
    );

    const [restated] = await tableOf('dim_discount', shop, 'discount_id');
    expect(restated).toMatchObject({ title: 'Welcome, ten off', summary: '10% off, one use per customer' });
  });

  it('take the codes of the latest resync: a code gone from the discount goes from the warehouse', async () => {
    const shop = uniqueShop();
    await resynced(
      shop,
      exported('2025-03-01T10:00:00-05:00', [
        ['22140', 'WELCOME10'],
        ['22141', 'WELCOME-10'],
      ]),
      '2025-03-02T00:00:00Z',
    );

    await resynced(
      shop,
      exported('2025-03-01T10:00:00-05:00', [
        ['22140', 'WELCOME10'],
        ['22142', 'HELLO10'],
      ]),
      '2025-03-03T00:00:00Z',
    );

    expect((await tableOf('dim_discount_code', shop, 'discount_code_id')).map((c) => [c.discount_code_id, c.discount_id, c.code])).toEqual([
      ['22140', '1057371242', 'WELCOME10'],
      ['22142', '1057371242', 'HELLO10'],
    ]);
  });

  it('stay deleted when the delete arrives before the discount', async () => {
    const shop = uniqueShop();
    const deleted = JSON.stringify({ admin_graphql_api_id: GID, deleted_at: '2025-03-09T10:00:00-05:00' });

    await loadInOrder(shop, [
      { topic: 'discounts/delete', body: deleted },
      { topic: 'discounts/update', body: webhook('2025-03-05T10:00:00-05:00', 'WELCOME10') },
    ]);

    const [row] = await tableOf('dim_discount', shop, 'discount_id');
    expect(Date.parse(row!.deleted_at!)).toBe(Date.parse('2025-03-09T15:00:00Z'));
  });
});
