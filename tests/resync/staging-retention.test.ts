/** Resync staging holds export lines as they came, emails in plain text: it is kept no longer than a resync needs it. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { failResync } from '../../src/resync/advance';
import { insertStagedLines, stagedLineColumns } from '../../src/warehouse/resync-staging';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

// Lines of a bulk export as Shopify writes them: the customer of customers-redact.json, one of their
// orders with a line item and a refund, another customer's order with a refund naming them nowhere, and a product.
const LINES = [
  [
    'gid://shopify/Customer/115310627314723954',
    null,
    '{"id":"gid://shopify/Customer/115310627314723954","email":"Jon@Example.com","updatedAt":"2025-04-02T11:38:16Z"}',
  ],
  [
    'gid://shopify/Order/820982911946154508',
    null,
    '{"id":"gid://shopify/Order/820982911946154508","email":"jon@example.com","customer":{"id":"gid://shopify/Customer/115310627314723954"},"refunds":[{"id":"gid://shopify/Refund/509562969"}]}',
    'gid://shopify/Refund/509562969',
  ],
  [
    'gid://shopify/LineItem/866550311766439020',
    'gid://shopify/Order/820982911946154508',
    '{"id":"gid://shopify/LineItem/866550311766439020","sku":"IPOD-342-N","__parentId":"gid://shopify/Order/820982911946154508"}',
  ],
  [
    'gid://shopify/Order/820982911946154600',
    null,
    '{"id":"gid://shopify/Order/820982911946154600","email":"ana@example.org","customer":{"id":"gid://shopify/Customer/1153106273147239540"},"refunds":[{"id":"gid://shopify/Refund/509562970"}]}',
    'gid://shopify/Refund/509562970',
  ],
  ['gid://shopify/Product/632910392', null, '{"id":"gid://shopify/Product/632910392","title":"IPod Nano - 8GB"}'],
] as const;

/** A running resync of the shop with the lines staged. */
async function stagedResync(shop: string): Promise<string> {
  await loadInOrder(shop, [{ topic: 'shop/update', body: sample('shop-update') }]);
  const id = `rsy_${crypto.randomUUID().replaceAll('-', '')}`;
  await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to)
    select ${id}, shop_id, 'full', 'loading', 'test', now() from dim_shop where domain = ${shop}`);
  for (const [index, [gid, parent, body, anchors = null]] of LINES.entries()) {
    const entity = gid.split('/')[3]!.toLowerCase();
    const line = { gid, parentGid: parent, lineNo: index + 1, body, anchors };
    await withDb((db) => db.transaction((tx) => insertStagedLines(tx, id, entity, stagedLineColumns([line]))));
  }
  return id;
}

const stagedAnchors = async (resyncId: string) =>
  (await query<{ gid: string }>(sql`select gid from resync_anchor where resync_id = ${resyncId} order by gid`)).map((row) => row.gid);

const stagedGids = async (resyncId: string) =>
  (await query<{ gid: string }>(sql`select gid from resync_staging where resync_id = ${resyncId} order by line_no`)).map((row) => row.gid);

describe('resync staging retention', () => {
  it('is deleted when the resync fails', async () => {
    const resyncId = await stagedResync(uniqueShop());
    await withDb((db) => failResync(db, resyncId, 'access denied: grant read_orders'));

    expect(await stagedGids(resyncId)).toEqual([]);
    expect(await stagedAnchors(resyncId)).toEqual([]);
    expect(await query(sql`select status::text from resync where id = ${resyncId}`)).toEqual([{ status: 'failed' }]);
  });

  it('loses every line about a customer redacted while it is staged, and keeps the rest', async () => {
    const shop = uniqueShop();
    const resyncId = await stagedResync(shop);

    await loadInOrder(shop, [{ topic: 'customers/redact', body: sample('customers-redact') }]);

    expect(await stagedGids(resyncId)).toEqual(['gid://shopify/Order/820982911946154600', 'gid://shopify/Product/632910392']);
    // The redacted order's refund is no longer exported: only the other order's is.
    expect(await stagedAnchors(resyncId)).toEqual(['gid://shopify/Refund/509562970']);
  });
});
