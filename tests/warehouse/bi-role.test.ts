import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/warehouse';

/** What BI tools may read: the star schema's dimensions and facts, the calendar, and the reporting views. */
const BI_RELATIONS = [
  'collection_product',
  'dim_channel',
  'dim_collection',
  'dim_customer',
  'dim_date',
  'dim_discount',
  'dim_discount_code',
  'dim_inventory_item',
  'dim_inventory_item_cost_history',
  'dim_location',
  'dim_product',
  'dim_shop',
  'dim_variant',
  'fact_checkout',
  'fact_customer_lifetime',
  'fact_customer_month',
  'fact_discount_allocation',
  'fact_draft_order',
  'fact_draft_order_line',
  'fact_fulfillment',
  'fact_fulfillment_order',
  'fact_fulfillment_order_event',
  'fact_fulfillment_order_line',
  'fact_inventory_level',
  'fact_inventory_level_history',
  'fact_order',
  'fact_order_discount',
  'fact_order_edit',
  'fact_order_line',
  'fact_order_transaction',
  'fact_refund',
  'fact_refund_line',
  'fact_return',
  'fact_return_event',
  'fact_return_line',
  'fact_sales_line',
  'fact_shipping_line',
  'metrics_daily',
  'product_content',
  'product_image',
  'product_metafield',
  'variant_market_price',
];

/** Every table and view of the warehouse, with what wharf_bi may do with it. */
const privileges = () =>
  query<{ relation: string; can_select: boolean; can_change: boolean }>(sql`
    select c.relname as relation,
      has_table_privilege('wharf_bi', c.oid, 'SELECT') as can_select,
      has_table_privilege('wharf_bi', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as can_change
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
    order by c.relname`);

/** Reads a relation as wharf_bi: 'ok', or the SQLSTATE Postgres refused it with. */
async function readAsBi(relation: string): Promise<string> {
  try {
    await query(sql.raw(`do $$ begin set local role wharf_bi; perform 1 from ${relation}; end $$`));
    return 'ok';
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code);
  }
}

describe('the BI role', () => {
  it('can read exactly the star schema and the reporting views', async () => {
    const relations = await privileges();

    expect(relations.filter((r) => r.can_select).map((r) => r.relation)).toEqual(BI_RELATIONS);
  });

  it('can read none of the operational, staging, secret or raw tables', async () => {
    const relations = await privileges();

    const hidden = relations.filter((r) => !BI_RELATIONS.includes(r.relation));
    expect(hidden.map((r) => r.relation)).toEqual(
      expect.arrayContaining(['resync_staging', 'shop_install', 'api_key', 'api_key_span', 'raw_event', 'quarantine', 'customer_version']),
    );
    expect(hidden.filter((r) => r.can_select)).toEqual([]);
  });

  it('can change nothing', async () => {
    expect((await privileges()).filter((r) => r.can_change)).toEqual([]);
  });

  it('reads every analytics mart, through the views, and can change none', async () => {
    const marts = await query<{ relation: string; can_select: boolean; can_change: boolean }>(sql`
      select c.relname as relation,
        has_table_privilege('wharf_bi', c.oid, 'SELECT') as can_select,
        has_table_privilege('wharf_bi', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') as can_change
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'analytics' order by c.relname`);

    expect(marts.length).toBeGreaterThanOrEqual(12);
    expect(marts.filter((m) => !m.can_select || m.can_change)).toEqual([]);
    for (const mart of ['sales_daily', 'product_sales_daily', 'customers', 'inventory_position']) {
      expect([mart, await readAsBi(`analytics.${mart}`)]).toEqual([mart, 'ok']);
    }
  });

  it('is refused a sealed token, and served a fact', async () => {
    // 42501: insufficient_privilege.
    expect(await readAsBi('shop_install')).toBe('42501');
    expect(await readAsBi('resync_staging')).toBe('42501');
    expect(await readAsBi('fact_order')).toBe('ok');
  });
});
