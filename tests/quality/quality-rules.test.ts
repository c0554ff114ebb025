/**
 * The data-quality rules on a shop loaded from documented payloads: clean, it scores 100; with a
 * defect seeded for a rule, that rule fails on the seeded rows and names them.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import order450789469 from '../fixtures/shopify/2026-01/rest/order-450789469.json';
import { deliveredAgo } from '../helpers/alerts';
import { apiJson, apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

type Run = {
  runId: number;
  scores: { overall: number; dimensions: Record<string, number> };
  findings: { rule: string; checked: number; failed: number; score: number; samples: unknown }[];
};

async function runQuality(shop: string): Promise<Run> {
  const { key } = await apiKeyFor(shop, ['admin']);
  const { status, body } = await apiJson<Run>('/v1/quality/runs', key, { method: 'POST' });
  expect(status).toBe(201);
  return body;
}

const finding = (run: Run, rule: string) => run.findings.find((f) => f.rule === rule)!;
/** The sample order of orders/create: 820982911946154508, #1001, lines 866550311766439020 (2 × 199.00) and 141249953214522974 (1 × 60.87). */
const SAMPLE_ORDER = '820982911946154508';

describe('data quality', () => {
  it('scores a clean shop 100 on every rule, with no anomaly history yet', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'customers/create', body: sample('customers-create') },
    ]);

    const run = await runQuality(shop);

    expect(run.findings.filter((f) => f.failed > 0)).toEqual([]);
    expect(run.scores.overall).toBe(100);
    expect(finding(run, 'fact_order_line.order_id.references')).toMatchObject({ checked: 2, failed: 0 });
    expect(finding(run, 'fact_order.lines.reconcile')).toMatchObject({ checked: 1, failed: 0 });
    expect(finding(run, 'orders.daily.anomaly')).toMatchObject({ checked: 1, failed: 0 });
  });

  it('catches each seeded defect and names the rows', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      // Shopify's REST reference order: also named #1001.
      { topic: 'orders/create', body: JSON.stringify(order450789469) },
      // A level at a location and of an item the warehouse has no record of.
      { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
    ]);
    const inShop = sql`shop_id = (select shop_id from dim_shop where domain = ${shop})`;
    await query(sql`update fact_order set currency = 'usd' where ${inShop} and order_id = ${SAMPLE_ORDER}`);
    await query(sql`update fact_order_line set quantity = 0 where ${inShop} and line_item_id = 141249953214522974`);
    await query(sql`update fact_order_line set order_id = 999 where ${inShop} and order_id = 450789469 and line_item_id = 466157049`);
    // Thirty deliveries of a topic over days 7 to 3 ago, none since: overdue.
    for (let i = 0; i < 30; i++) await deliveredAgo(shop, (3 + (4 * i) / 30) * 24 * 60, 'loaded', 'products/update');

    const run = await runQuality(shop);

    expect(finding(run, 'fact_order.currency.valid')).toMatchObject({ failed: 1, samples: [SAMPLE_ORDER] });
    expect(finding(run, 'fact_order_line.quantity.valid')).toMatchObject({ failed: 1, samples: ['141249953214522974'] });
    // 141249953214522974 now adds 0 to its order; 450789469 lost a line to order 999.
    expect(finding(run, 'fact_order.lines.reconcile')).toMatchObject({ checked: 2, failed: 2, samples: ['450789469', SAMPLE_ORDER] });
    expect(finding(run, 'fact_order_line.order_id.references')).toMatchObject({ failed: 1, samples: ['466157049'] });
    expect(finding(run, 'fact_order.name.unique')).toMatchObject({ checked: 2, failed: 2 });
    expect(finding(run, 'dim_location.name.complete')).toMatchObject({ failed: 1 });
    expect(finding(run, 'fact_inventory_level.inventory_item_id.references')).toMatchObject({ failed: 1 });
    expect(finding(run, 'raw_event.topics.fresh')).toMatchObject({ checked: 1, failed: 1, samples: ['products/update'] });
    expect(run.scores.dimensions.validity).toBeLessThan(100);
    expect(run.scores.overall).toBeLessThan(100);
  });

  it('catches a seeded defect for every other rule', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'refunds/create', body: sample('refunds-create') },
      { topic: 'products/create', body: sample('products-create') },
      { topic: 'inventory_items/update', body: sample('inventory_items-update') },
      { topic: 'inventory_levels/update', body: sample('inventory_levels-update') },
    ]);
    const inShop = sql`shop_id = (select shop_id from dim_shop where domain = ${shop})`;
    const clean = await runQuality(shop);
    const defects: [string, ReturnType<typeof sql>][] = [
      ['dim_inventory_item.cost.complete', sql`update dim_inventory_item set cost = null where ${inShop}`],
      [
        'dim_variant.inventory_item_id.complete',
        sql`update dim_variant set inventory_item_id = null where ${inShop} and variant_id = (select min(variant_id) from dim_variant where ${inShop})`,
      ],
      ['dim_variant.sku.unique', sql`update dim_variant set sku = 'SAME-SKU' where ${inShop}`],
      [
        'dim_variant.product_id.references',
        sql`update dim_variant set product_id = 999 where ${inShop} and variant_id = (select max(variant_id) from dim_variant where ${inShop})`,
      ],
      ['fact_order.source_name.complete', sql`update fact_order set source_name = null where ${inShop}`],
      ['fact_order.financial_status.valid', sql`update fact_order set financial_status = 'settled' where ${inShop}`],
      ['fact_order_line.price.valid', sql`update fact_order_line set price = -1 where ${inShop} and line_item_id = 141249953214522974`],
      ['fact_refund_line.quantity.valid', sql`update fact_refund_line set quantity = 0 where ${inShop}`],
      ['fact_refund_line.line_item_id.references', sql`update fact_refund_line set line_item_id = 999 where ${inShop}`],
      ['fact_refund.order_id.references', sql`update fact_refund set order_id = 999 where ${inShop}`],
      ['fact_inventory_level.location_id.references', sql`update fact_inventory_level set location_id = 999 where ${inShop}`],
    ];
    for (const [rule, defect] of defects) {
      expect([rule, finding(clean, rule).failed]).toEqual([rule, 0]);
      await query(defect);
    }

    const run = await runQuality(shop);

    for (const [rule] of defects) expect([rule, finding(run, rule).failed > 0]).toEqual([rule, true]);
  });

  it('keeps every run for trends, newest first, with the rules it applies', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create') }]);
    const first = await runQuality(shop);
    await query(
      sql`update fact_order set total_price = -1 where order_id = ${SAMPLE_ORDER} and shop_id = (select shop_id from dim_shop where domain = ${shop})`,
    );
    const second = await runQuality(shop);
    const { key } = await apiKeyFor(shop);

    const { body } = await apiJson<{ rules: { name: string }[]; data: { id: number; scores: { overall: number } }[] }>('/v1/quality', key);

    expect(body.data.map((r) => r.id)).toEqual([second.runId, first.runId]);
    expect(body.data[0]!.scores.overall).toBeLessThan(body.data[1]!.scores.overall);
    expect(body.rules.map((r) => r.name)).toContain('fact_order.total_price.valid');
  });
});
