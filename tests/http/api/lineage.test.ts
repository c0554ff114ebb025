/**
 * GET /v1/lineage: for a warehouse row, the raw object and the delivery, upload job and row or
 * resync that produced it, and every delivery that touched it, newest first.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { api, apiJson, apiKeyFor } from '../../helpers/api';
import { registeredShop, resyncToEnd } from '../../helpers/resync';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { finishedJob, upload } from '../../helpers/uploads';
import { orderLinesOf, query } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

type Lineage = {
  rows: { row: Record<string, string | null>; source: Record<string, unknown> }[];
  deliveries: { topic: string; webhookId: string; status: string }[];
};

const lineage = (key: string, table: string, row: string) => apiJson<Lineage>(`/v1/lineage?table=${table}&key=${encodeURIComponent(row)}`, key);

describe('GET /v1/lineage', () => {
  it('traces an order line to the delivery that last wrote it, and lists every delivery of its order, newest first', async () => {
    const shop = uniqueShop();
    const updated = sample('orders-create', { '"updated_at": "2025-04-02T11:38:16-05:00"': '"updated_at": "2025-04-03T09:00:00-05:00"' });
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'orders/updated', body: updated },
    ]);
    const [line] = await orderLinesOf(shop);
    const { key } = await apiKeyFor(shop, ['admin']);

    const { status, body } = await lineage(key, 'fact_order_line', line!.line_item_id);

    expect(status).toBe(200);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]!.row).toMatchObject({ line_item_id: line!.line_item_id, quantity: String(line!.quantity) });
    expect(body.rows[0]!.source).toMatchObject({ kind: 'delivery', topic: 'orders/updated', status: 'loaded' });
    expect(String(body.rows[0]!.source.rawKey)).toMatch(new RegExp(`^webhooks/${shop}/orders/updated/`));
    expect(body.deliveries.map((d) => [d.topic, d.status])).toEqual([
      ['orders/updated', 'loaded'],
      ['orders/create', 'loaded'],
    ]);
  });

  it('traces an uploaded sales line to its job and row', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['admin', 'upload']);
    const file =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom\n536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n';
    const job = await finishedJob(key, (await upload(key, file)).body.id);

    const { body } = await lineage(key, 'fact_sales_line', `${job.id}:2`);

    expect(body.rows.map((r) => [r.row.stock_code, r.source])).toEqual([
      [
        '71053',
        {
          kind: 'upload',
          rawKey: expect.stringMatching(new RegExp(`^uploads/${shop}/${job.id}/`)),
          jobId: job.id,
          format: 'retail-csv',
          jobStatus: 'done',
          rowNumber: 2,
        },
      ],
    ]);
    expect(body.deliveries).toEqual([]);
  });

  it('traces a resynced order to its resync and export file', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('lineage-resync.myshopify.com', { orders: 3 });
    const resync = await resyncToEnd(shop.domain, 'full');
    const [order] = await query<{ order_id: string }>(sql`
      select o.order_id::text from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop.domain} order by o.order_id limit 1`);
    const { key } = await apiKeyFor(shop.domain, ['admin']);

    const { body } = await lineage(key, 'fact_order', order!.order_id);

    expect(body.rows[0]!.source).toMatchObject({ kind: 'resync', resyncId: resync.id, resyncKind: 'full', resyncStatus: 'reconciled' });
    expect(String(body.rows[0]!.source.file)).toMatch(/^orders-1/);
  });

  it("gives every version of a customer by the customer's id alone", async () => {
    const shop = uniqueShop();
    const later = sample('customers-create', { '"updated_at": "2024-11-18T09:02:41-05:00"': '"updated_at": "2024-11-20T09:02:41-05:00"' });
    await loadInOrder(shop, [
      { topic: 'customers/create', body: sample('customers-create') },
      { topic: 'customers/update', body: later },
    ]);
    const [customer] = await query<{ customer_id: string }>(sql`
      select v.customer_id::text from customer_version v join dim_shop s using (shop_id) where s.domain = ${shop} limit 1`);
    const { key } = await apiKeyFor(shop, ['admin']);

    const { body } = await lineage(key, 'customer_version', customer!.customer_id);

    expect(body.rows.map((r) => r.source.topic)).toEqual(['customers/update', 'customers/create']);
  });

  it('answers 404 for a key without a row in this shop, 400 for a table it does not trace, and 403 to a read key', async () => {
    const shop = uniqueShop();
    const admin = (await apiKeyFor(shop, ['admin'])).key;
    const reader = (await apiKeyFor(shop, ['read'])).key;

    expect((await api('/v1/lineage?table=fact_order&key=1', admin)).status).toBe(404);
    expect((await api('/v1/lineage?table=api_key&key=1', admin)).status).toBe(400);
    expect((await api('/v1/lineage?table=fact_order&key=1', reader)).status).toBe(403);
  });
});
