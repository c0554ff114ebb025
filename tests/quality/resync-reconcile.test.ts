/**
 * The rule resync.counts.reconcile: entity by entity, the warehouse's rows live when the last full
 * resync's export began against the records that export saw created before then.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiJson, apiKeyFor } from '../helpers/api';
import { mutateShop, registeredShop, resyncToEnd, type SimulatedShop } from '../helpers/resync';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

type Finding = { rule: string; checked: number; failed: number; score: number | null; samples: unknown; skipped: string | null };
type Run = { scores: { overall: number; dimensions: Record<string, number>; tables: Record<string, number> }; findings: Finding[] };

const RULE = 'resync.counts.reconcile';

async function reconciliation(shop: string): Promise<{ run: Run; finding: Finding }> {
  const { key } = await apiKeyFor(shop, ['admin']);
  const { status, body } = await apiJson<Run>('/v1/quality/runs', key, { method: 'POST' });
  expect(status).toBe(201);
  return { run: body, finding: body.findings.find((f) => f.rule === RULE)! };
}

/** The simulated shop's records of the entities the rule compares: all created before any resync. */
const recordsOf = (shop: SimulatedShop) => {
  const c = shop.counts;
  return c.orders + c.products + c.customers + c.inventoryItems + c.locations + c.draftOrders + c.discounts;
};

const inShop = (domain: string) => sql`shop_id = (select shop_id from dim_shop where domain = ${domain})`;

describe('the warehouse against the last full resync', () => {
  it('passes on the warehouse a full resync left, every record of every compared entity checked', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('quality-resync-clean.myshopify.com');
    await resyncToEnd(shop.domain, 'full');

    const { finding } = await reconciliation(shop.domain);

    expect(finding).toMatchObject({ checked: recordsOf(shop), failed: 0, score: 100, samples: [], skipped: null });
  });

  it('names the entity and both counts when the warehouse lost an order or holds a product twice', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('quality-resync-defects.myshopify.com');
    await resyncToEnd(shop.domain, 'full');
    // Behind the pipeline's back: an order deleted outright, a product copied under another id.
    await query(sql`delete from fact_order where ${inShop(shop.domain)} and order_id = (select min(order_id) from fact_order where ${inShop(shop.domain)})`);
    await query(sql`
      insert into dim_product
      select (jsonb_populate_record(null::dim_product, to_jsonb(p) || jsonb_build_object('product_id', p.product_id + 1))).*
      from dim_product p where ${inShop(shop.domain)} and product_id = (select max(product_id) from dim_product where ${inShop(shop.domain)})`);

    const { run, finding } = await reconciliation(shop.domain);

    expect(finding).toMatchObject({
      failed: 2,
      samples: [
        { entity: 'orders', resync: shop.counts.orders, warehouse: shop.counts.orders - 1, deletedWhileExporting: 0 },
        { entity: 'products', resync: shop.counts.products, warehouse: shop.counts.products + 1, deletedWhileExporting: 0 },
      ],
    });
    expect(finding.score).toBeLessThan(100);
    expect(run.scores.dimensions.reconciliation).toBeLessThan(100);
  });

  it('counts no order created or deleted in Shopify after the export began as a defect', { timeout: 180_000 }, async () => {
    const shop = await registeredShop('quality-resync-since.myshopify.com');
    await resyncToEnd(shop.domain, 'full');
    await mutateShop(shop.domain, { kind: 'create', entity: 'orders', count: 2 });
    const deleted = await mutateShop(shop.domain, { kind: 'delete', entity: 'orders', count: 1 });
    await resyncToEnd(shop.domain, 'incremental');
    await loadInOrder(shop.domain, [
      { topic: 'orders/delete', body: sample('orders-delete', { '820982911946154508': deleted.ids[0]! }), options: { triggeredAt: new Date().toISOString() } },
    ]);
    const [orders] = await query<{ live: number }>(sql`select count(*)::int as live from fact_order where ${inShop(shop.domain)} and deleted_at is null`);
    expect(orders!.live).toBe(shop.counts.orders + 2 - 1);

    const { finding } = await reconciliation(shop.domain);

    expect(finding).toMatchObject({ checked: recordsOf(shop), failed: 0, skipped: null });
  });

  it('passes an order deleted while its bulk query ran, whether the export had it or not', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('quality-resync-deleted-during.myshopify.com');
    const resync = await resyncToEnd(shop.domain, 'full');
    const orders = sql`resync_id = ${resync.id} and entity = 'orders'`;
    // The orders' bulk query ran for an hour after the export's upper bound; an order went 10 minutes in.
    await query(sql`update resync_operation set completed_at = (select window_to from resync where id = ${resync.id}) + interval '1 hour' where ${orders}`);
    await query(sql`
      update fact_order set deleted_at = (select window_to from resync where id = ${resync.id}) + interval '10 minutes'
      where ${inShop(shop.domain)} and order_id = (select min(order_id) from fact_order where ${inShop(shop.domain)})`);

    const had = await reconciliation(shop.domain);
    await query(sql`update resync_operation set records_created_before = records_created_before - 1 where ${orders}`);
    const lacked = await reconciliation(shop.domain);
    await query(sql`update resync_operation set records_created_before = records_created_before - 1 where ${orders}`);
    const lackedTwo = await reconciliation(shop.domain);

    expect(had.finding).toMatchObject({ failed: 0 });
    expect(lacked.finding).toMatchObject({ failed: 0 });
    expect(lackedTwo.finding).toMatchObject({
      failed: 1,
      samples: [{ entity: 'orders', resync: shop.counts.orders - 2, warehouse: shop.counts.orders, deletedWhileExporting: 1 }],
    });
  });

  it('is skipped, and not scored, for a shop that has had no full resync, and says so', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create') }]);

    const { run, finding } = await reconciliation(shop);
    const { key } = await apiKeyFor(shop);
    const { body: report } = await apiJson<{ data: { findings: Finding[] }[] }>('/v1/quality', key);

    expect(finding).toMatchObject({ checked: 0, failed: 0, score: null, skipped: 'no full resync has completed yet' });
    expect(run.scores.tables).not.toHaveProperty('resync');
    expect(report.data[0]!.findings.find((f) => f.rule === RULE)).toMatchObject({ score: null, skipped: 'no full resync has completed yet' });
  });
});
