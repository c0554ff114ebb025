import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countOf, registeredShop, resyncToEnd, simRequests } from '../helpers/resync';
import { query } from '../helpers/warehouse';

describe('full resync', () => {
  it('loads every entity of a shop into an empty warehouse, with every line counted', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-empty.myshopify.com');

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync).toMatchObject({ status: 'reconciled', kind: 'full', error: null });
    expect(resync.lines_total).toBe(shop.counts.jsonlLines);
    expect(resync.lines_loaded + resync.lines_rejected + resync.lines_duplicate).toBe(resync.lines_total);
    expect(resync.lines_rejected).toBe(0);
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders);
    expect(await countOf('fact_order_line', shop.domain)).toBe(shop.counts.lineItems);
    expect(await countOf('dim_product', shop.domain)).toBe(shop.counts.products);
    expect(await countOf('dim_variant', shop.domain)).toBe(shop.counts.variants);
    expect(await countOf('dim_customer', shop.domain, sql`is_current`)).toBe(shop.counts.customers);
    expect(await countOf('dim_collection', shop.domain)).toBe(shop.counts.collections);
    expect(await countOf('collection_product', shop.domain)).toBe(shop.counts.collectionProducts);
    expect(shop.counts.collectionProducts).toBeGreaterThan(0);
    expect(await countOf('fact_fulfillment_order', shop.domain)).toBe(shop.counts.orders);
    expect(await countOf('fact_fulfillment_order_line', shop.domain)).toBe(shop.counts.lineItems);
    expect(await countOf('dim_inventory_item', shop.domain)).toBe(shop.counts.inventoryItems);
    expect(await countOf('fact_inventory_level', shop.domain)).toBe(shop.counts.inventoryLevels);
    expect(await countOf('fact_draft_order', shop.domain)).toBe(shop.counts.draftOrders);
    expect(await countOf('fact_draft_order_line', shop.domain)).toBe(shop.counts.draftOrderLines);
    expect(await countOf('fact_checkout', shop.domain)).toBe(shop.counts.abandonedCheckouts);
    expect(await countOf('fact_return', shop.domain)).toBe(shop.counts.returns);
    expect(await countOf('fact_return_line', shop.domain)).toBe(shop.counts.returnLines);
    expect(shop.counts.returns).toBeGreaterThan(0);
    expect(await countOf('dim_discount', shop.domain)).toBe(shop.counts.discounts);
    expect(await countOf('dim_discount_code', shop.domain)).toBe(shop.counts.discountCodes);
    expect(await countOf('dim_discount', shop.domain, sql`discount_type is not null and usage_count is not null`)).toBe(shop.counts.discounts);
  });

  it('counts the root records each export saw, which a bulk operation’s objectCount, counting every line, is not', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-record-counts.myshopify.com');

    const resync = await resyncToEnd(shop.domain, 'full');

    const operations = await query<{ entity: string; records: number; created_before: number | null; object_count: number }>(sql`
      select entity, records::int, records_created_before::int as created_before, object_count::int from resync_operation
      where resync_id = ${resync.id} and entity in ('collections', 'discounts', 'orders', 'products') order by entity`);
    // Every simulated record was created before the resync; collections have no creation time to tell.
    expect(operations).toEqual([
      { entity: 'collections', records: shop.counts.collections, created_before: null, object_count: shop.counts.collections + shop.counts.collectionProducts },
      { entity: 'discounts', records: shop.counts.discounts, created_before: shop.counts.discounts, object_count: shop.counts.discounts },
      { entity: 'orders', records: shop.counts.orders, created_before: shop.counts.orders, object_count: expect.any(Number) },
      { entity: 'products', records: shop.counts.products, created_before: shop.counts.products, object_count: expect.any(Number) },
    ]);
    for (const op of operations.slice(2)) expect(op.object_count).toBeGreaterThan(op.records);
  });

  it('exports refund line items a slice of parents per tick, each slice staged as a file of its own', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-sliced-exports.myshopify.com', { orders: 200 });

    const resync = await resyncToEnd(shop.domain, 'full');

    // RESYNC_EXPORT_SLICE_PARENTS is 2 in the tests: a slice that reads the last refund leaves an empty one to find that out.
    const refunds = await countOf('fact_refund', shop.domain);
    expect(refunds).toBeGreaterThan(4);
    const [operation] = await query<{ export_slices: number; status: string; files: number }>(sql`
      select o.export_slices, o.status,
        (select count(*)::int from upload_job j where j.resync_id = o.resync_id and j.raw_key like '%/refundLineItems-1-%') as files
      from resync_operation o where o.resync_id = ${resync.id} and o.entity = 'refundLineItems'`);
    expect(operation).toEqual({ export_slices: Math.floor(refunds / 2) + 1, status: 'COMPLETED', files: Math.floor(refunds / 2) + 1 });
    expect(resync).toMatchObject({ status: 'reconciled', lines_rejected: 0 });
    expect(resync.lines_total).toBe(shop.counts.jsonlLines);
  });

  it('assembles each entity once its files are staged, orders only after their refunds’ lines', { timeout: 90_000 }, async () => {
    // Two refunds a slice, one slice a tick of a second: the refunds' export of this shop takes many seconds.
    const shop = await registeredShop('resync-early-assembly.myshopify.com', { orders: 200 });

    const resync = await resyncToEnd(shop.domain, 'full');

    const [times] = await query<{ products_before: boolean; inventory_before: boolean; orders_after: boolean }>(sql`
      with op as (select entity, assembled_at, completed_at from resync_operation where resync_id = ${resync.id})
      select
        (select assembled_at from op where entity = 'products') < (select completed_at from op where entity = 'refundLineItems') as products_before,
        (select assembled_at from op where entity = 'inventoryItems') < (select completed_at from op where entity = 'refundLineItems') as inventory_before,
        (select assembled_at from op where entity = 'orders') > (select completed_at from op where entity = 'refundLineItems') as orders_after`);
    expect(times).toEqual({ products_before: true, inventory_before: true, orders_after: true });
    expect(resync).toMatchObject({ status: 'reconciled', lines_rejected: 0 });
    expect(resync.lines_total).toBe(shop.counts.jsonlLines);
    expect(await countOf('fact_order_line', shop.domain)).toBe(shop.counts.lineItems);
  });

  it('reads the shipping each refund gave back, which no bulk query can reach', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-refund-shipping.myshopify.com', { orders: 200 });

    await resyncToEnd(shop.domain, 'full');

    // The simulated shop gives shipping back with full refunds (cancellations), not with partial ones.
    const [refunds] = await query<{ total: number; unknown: number; with_shipping: number }>(sql`
      select count(*)::int as total, count(*) filter (where r.shipping_refunded is null)::int as unknown,
        count(*) filter (where r.shipping_refunded > 0)::int as with_shipping
      from fact_refund r join dim_shop s using (shop_id) where s.domain = ${shop.domain}`);
    expect(refunds).toMatchObject({ unknown: 0, with_shipping: expect.any(Number) });
    expect(refunds!.with_shipping).toBeGreaterThan(0);
    expect(refunds!.with_shipping).toBeLessThan(refunds!.total);
  });

  it('advances every entity cursor to the export’s upper bound, and only then', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-cursor.myshopify.com');

    const resync = await resyncToEnd(shop.domain, 'full');

    const cursors = await query<{ entity: string; loaded_through: Date; resync_id: string }>(sql`
      select c.entity, c.loaded_through, c.resync_id from resync_cursor c join dim_shop s using (shop_id) where s.domain = ${shop.domain} order by entity`);
    const [{ window_to } = { window_to: null }] = await query<{ window_to: Date }>(sql`select window_to from resync where id = ${resync.id}`);
    expect(cursors.map((c) => c.entity)).toEqual([
      'abandonedCheckouts',
      'collections',
      'customers',
      'discounts',
      'draftOrders',
      'fulfillmentOrders',
      'inventoryItems',
      'locations',
      'orders',
      'products',
      'returns',
    ]);
    for (const cursor of cursors) expect(cursor).toMatchObject({ resync_id: resync.id, loaded_through: window_to });
  });

  it('asks every question of the Admin API in the configured version', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-api-version.myshopify.com');

    await resyncToEnd(shop.domain, 'full');

    const versions = new Set((await simRequests(shop.domain)).map((request) => request.apiVersion));
    expect(env.SHOPIFY_API_VERSION).toBe('2026-01');
    expect([...versions]).toEqual([env.SHOPIFY_API_VERSION]);
  });

  it('keeps 18-digit ids exact through GraphQL gids', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-ids.myshopify.com');

    await resyncToEnd(shop.domain, 'full');

    const big = await query<{ order_id: string }>(sql`
      select o.order_id::text from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop.domain} and o.order_id > 9007199254740993`);
    expect(big.length).toBeGreaterThan(0);
    const gids = await query<{ same: boolean }>(sql`
      select bool_and(o.admin_graphql_api_id = 'gid://shopify/Order/' || o.order_id::text) as same
      from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop.domain}`);
    expect(gids[0]!.same).toBe(true);
  });
});
