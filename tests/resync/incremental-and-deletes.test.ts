import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { countOf, mutateShop, registeredShop, resyncToEnd } from '../helpers/resync';
import { query } from '../helpers/warehouse';

describe('incremental resync and delete reconciliation', () => {
  it('exports only what changed since the cursor, and loads the changes', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-incremental.myshopify.com');
    const full = await resyncToEnd(shop.domain, 'full');
    const updated = await mutateShop(shop.domain, { kind: 'update', entity: 'orders', count: 3 });
    const created = await mutateShop(shop.domain, { kind: 'create', entity: 'orders', count: 2 });
    const discount = await mutateShop(shop.domain, { kind: 'update', entity: 'discounts', count: 1 });

    const incremental = await resyncToEnd(shop.domain, 'incremental');

    expect(incremental).toMatchObject({ status: 'reconciled', kind: 'incremental' });
    expect(incremental.lines_total).toBeLessThan(full.lines_total);
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders + 2);
    const changed = await query<{ order_id: string; updated_at: Date }>(sql`
      select o.order_id::text, o.updated_at from fact_order o join dim_shop s using (shop_id)
      where s.domain = ${shop.domain} and o.raw_key like ${`resyncs/%/${incremental.id}/%`}`);
    expect(changed.map((o) => o.order_id)).toEqual(expect.arrayContaining([...updated.ids, ...created.ids]));
    // The discount now ends, as the export of the discounts updated since the cursor says.
    const discounts = await query<{ discount_id: string; ends: boolean }>(sql`
      select d.discount_id::text, d.ends_at is not null as ends from dim_discount d join dim_shop s using (shop_id)
      where s.domain = ${shop.domain} and d.raw_key like ${`resyncs/%/${incremental.id}/%`}`);
    expect(discounts).toEqual([{ discount_id: discount.ids[0], ends: true }]);
  });

  it('falls back to a full resync for a shop that has never completed one', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-first-incremental.myshopify.com');

    const resync = await resyncToEnd(shop.domain, 'incremental');

    expect(resync).toMatchObject({ status: 'reconciled', kind: 'full' });
  });

  it('soft-deletes what a full export no longer has, as a delete webhook would', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-deletes.myshopify.com');
    await resyncToEnd(shop.domain, 'full');
    const orders = await mutateShop(shop.domain, { kind: 'delete', entity: 'orders', count: 2 });
    const products = await mutateShop(shop.domain, { kind: 'delete', entity: 'products', count: 1 });
    const discounts = await mutateShop(shop.domain, { kind: 'delete', entity: 'discounts', count: 1 });

    const resync = await resyncToEnd(shop.domain, 'full');

    const tombstones = await query<{ entity: string; entity_id: string }>(sql`
      select d.entity::text, d.entity_id::text from deleted_entity d join dim_shop s using (shop_id)
      where s.domain = ${shop.domain} and d.raw_key like ${`resyncs/%/${resync.id}/%`} order by 1, 2`);
    const itemsOfProduct = await query<{ id: string }>(sql`
      select v.inventory_item_id::text as id from dim_variant v join dim_shop s using (shop_id)
      where s.domain = ${shop.domain} and v.product_id = ${products.ids[0]} order by 1`);
    // Deleting a product in Shopify deletes its variants' inventory items with it.
    expect(tombstones).toEqual(
      [
        { entity: 'discount', entity_id: discounts.ids[0]! },
        ...orders.ids.sort().map((id) => ({ entity: 'order', entity_id: id })),
        { entity: 'product', entity_id: products.ids[0]! },
        ...itemsOfProduct.map(({ id }) => ({ entity: 'inventory_item', entity_id: id })),
      ].sort((a, b) => a.entity.localeCompare(b.entity) || a.entity_id.localeCompare(b.entity_id)),
    );
    expect(resync.deletes_reconciled).toBe(tombstones.length);
    const deleted = await query<{ order_id: string }>(sql`
      select o.order_id::text from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop.domain} and o.deleted_at is not null order by 1`);
    expect(deleted.map((o) => o.order_id)).toEqual([...orders.ids].sort());
    expect(await countOf('dim_product', shop.domain, sql`deleted_at is not null`)).toBe(1);
    expect(await countOf('dim_discount', shop.domain, sql`deleted_at is not null`)).toBe(1);
    expect(await countOf('deleted_entity', shop.domain, sql`entity = 'product' and entity_id = ${products.ids[0]}`)).toBe(1);
    expect(await countOf('fact_order', shop.domain, sql`deleted_at is null`)).toBe(shop.counts.orders - 2);
  });
});
