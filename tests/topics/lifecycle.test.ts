import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const shopRow = async (shop: string) =>
  (
    await query<Record<string, string | null>>(sql`
    select shopify_shop_id::text, name, currency, iana_timezone, plan_name, uninstalled_at::text from dim_shop where domain = ${shop}`)
  )[0];

describe('lifecycle topics', () => {
  it('shop/update records the shop attributes', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'shop/update', body: sample('shop-update') }]);

    expect(await shopRow(shop)).toMatchObject({
      shopify_shop_id: '548380009',
      name: 'Acme Apparel',
      currency: 'CAD',
      iana_timezone: 'America/Toronto',
      plan_name: 'Shopify Plus',
      uninstalled_at: null,
    });
  });

  it('app/uninstalled records when the app was uninstalled', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'app/uninstalled', body: sample('app-uninstalled'), options: { triggeredAt: '2025-04-10T08:00:00Z' } }]);

    expect(Date.parse((await shopRow(shop))!.uninstalled_at!)).toBe(Date.parse('2025-04-10T08:00:00Z'));
  });

  it('bulk_operations/finish is recorded for the resync that started it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'bulk_operations/finish', body: sample('bulk_operations-finish') }]);

    const rows = await query(sql`select status, type, error_code from bulk_operation where admin_graphql_api_id = 'gid://shopify/BulkOperation/147595010'
      and shop_id = (select shop_id from dim_shop where domain = ${shop})`);
    expect(rows).toEqual([{ status: 'completed', type: 'query', error_code: null }]);
  });

  it('bulk_operations/finish of one shop leaves another shop’s operation of the same id as it was', async () => {
    const [first, second] = [uniqueShop(), uniqueShop()];
    await loadInOrder(first, [{ topic: 'bulk_operations/finish', body: sample('bulk_operations-finish') }]);
    const failed = sample('bulk_operations-finish', {
      '"status": "completed"': '"status": "failed"',
      '"error_code": null': '"error_code": "internal_server_error"',
    });
    await loadInOrder(second, [{ topic: 'bulk_operations/finish', body: failed }]);

    const rows = await query(sql`select s.domain, b.status, b.error_code from bulk_operation b join dim_shop s using (shop_id)
      where b.admin_graphql_api_id = 'gid://shopify/BulkOperation/147595010' and s.domain in (${first}, ${second}) order by b.status`);
    expect(rows).toEqual([
      { domain: first, status: 'completed', error_code: null },
      { domain: second, status: 'failed', error_code: 'internal_server_error' },
    ]);
  });
});
