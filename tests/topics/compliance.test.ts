import { env } from 'cloudflare:test';
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../src/auth/console-sessions';
import { SHOP_TABLES } from '../../src/warehouse/compliance';
import * as schema from '../../src/warehouse/schema';
import { apiKeyFor } from '../helpers/api';
import { documentedSample, sample } from '../helpers/samples';
import { loadInOrder, tableOf } from '../helpers/topics';
import { query, rawEventsOf, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

/** Shopify's documented returns/request sample. */
const [RETURN_REQUEST] = Object.values(
  import.meta.glob<string>('../fixtures/shopify/2026-01/webhooks/returns-request.json', { query: '?raw', import: 'default', eager: true }),
);

const customerHistory = [
  { topic: 'customers/create', body: sample('customers-create') },
  { topic: 'orders/create', body: sample('orders-create') },
  { topic: 'fulfillments/create', body: sample('fulfillments-create') },
];

async function rawTexts(shop: string) {
  const listed = await env.RAW_BUCKET.list({ prefix: `webhooks/${shop}/` });
  return Promise.all(listed.objects.map(async (o) => (await env.RAW_BUCKET.get(o.key))!.text()));
}

const complianceOf = (shop: string) =>
  query<{ topic: string; export_key: string | null; raw_objects_rewritten: number | null; exports_purged: boolean }>(sql`
    select topic::text, export_key, raw_objects_rewritten, exports_purged_at is not null as exports_purged from compliance_request where shop_domain = ${shop}`);

describe('compliance topics', () => {
  it('customers/data_request writes everything held about the customer to R2 as one JSON object', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...customerHistory, { topic: 'customers/data_request', body: sample('customers-data_request') }]);

    const [request] = await complianceOf(shop);
    expect(request).toMatchObject({ topic: 'customers/data_request', export_key: `compliance/${shop}/data-requests/9999.json` });
    const exported = JSON.parse(await (await env.RAW_BUCKET.get(request!.export_key!))!.text()) as {
      warehouse: { orders: { orderId: string }[]; orderLines: unknown[]; customer: unknown[]; fulfillments: unknown[] };
      raw: { topic: string }[];
    };
    expect(exported.warehouse.orders.map((o) => o.orderId)).toEqual(['820982911946154508']);
    expect(exported.warehouse.orderLines).toHaveLength(2);
    // Two SCD rows: the order's copy of the customer carries a newer tag than the customer record.
    expect(exported.warehouse.customer).toHaveLength(2);
    expect(exported.warehouse.fulfillments).toHaveLength(1);
    expect(exported.raw.map((r) => r.topic).sort()).toEqual(['customers/create', 'customers/data_request', 'fulfillments/create', 'orders/create']);
  });

  it('customers/redact erases the customer from warehouse rows and raw objects, keeping order totals', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...customerHistory, { topic: 'customers/redact', body: sample('customers-redact') }]);

    expect(await tableOf('dim_customer', shop, 'valid_from')).toMatchObject([{ email_hash: null, email: null, city: null, country: 'Canada' }]);
    expect((await tableOf('dim_customer', shop, 'valid_from'))[0]?.redacted_at).not.toBeNull();
    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([{ email_hash: null, total_price: '474.47' }]);

    const texts = await rawTexts(shop);
    expect(texts).toHaveLength(4);
    for (const text of texts) {
      expect(text.toLowerCase()).not.toContain('jon@example.com');
      expect(text).not.toContain('Amoebobacterieae');
      expect(text).not.toContain('555-625-1199');
    }
    expect(texts.some((text) => text.includes('"total_price":"474.47"'))).toBe(true);
    // The shop was never exported: no file holds the customer, and the request is complete at once.
    expect(await complianceOf(shop)).toMatchObject([{ topic: 'customers/redact', raw_objects_rewritten: 4, exports_purged: true }]);
  });

  it('exports the returns of the customer’s orders, and erases what the customer wrote about them', async () => {
    const shop = uniqueShop();
    const request = RETURN_REQUEST!
      .replace('"id": 4783296544821', '"id": 820982911946154508')
      .replace(
        '"return_line_items": []',
        '"return_line_items": [{ "id": 987654321, "fulfillment_line_item": { "id": 10736341352597, "line_item": { "id": 487817672276298554 } }, "quantity": 1, "return_reason": "size_too_small", "return_reason_note": "", "customer_note": "Too tight at the shoulders" }]',
      );
    await loadInOrder(shop, [
      ...customerHistory,
      { topic: 'returns/request', body: request },
      { topic: 'customers/data_request', body: sample('customers-data_request') },
    ]);

    const [exportRequest] = await complianceOf(shop);
    const exported = JSON.parse(await (await env.RAW_BUCKET.get(exportRequest!.export_key!))!.text()) as {
      warehouse: { returns: { returnId: string }[]; returnLines: { lineItemId: string }[]; returnEvents: unknown[] };
    };
    expect([
      exported.warehouse.returns.map((r) => r.returnId),
      exported.warehouse.returnLines.map((l) => l.lineItemId),
      exported.warehouse.returnEvents.length,
    ]).toEqual([['123134564567890'], ['487817672276298554'], 1]);

    await loadInOrder(shop, [{ topic: 'customers/redact', body: sample('customers-redact') }]);

    const texts = await rawTexts(shop);
    expect(texts.some((text) => text.includes('"return_reason":"size_too_small"'))).toBe(true);
    for (const text of texts) expect(text).not.toContain('Too tight at the shoulders');
  });

  it('erases personal data that arrives about a customer after the redaction', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...customerHistory, { topic: 'customers/redact', body: sample('customers-redact') }]);
    await loadInOrder(shop, [
      {
        topic: 'orders/updated',
        body: sample('orders-create', { '"updated_at": "2025-04-02T11:38:16-05:00"': '"updated_at": "2025-04-20T10:00:00-05:00"' }),
      },
    ]);

    expect(await tableOf('fact_order', shop, 'order_id')).toMatchObject([{ email_hash: null }]);
    expect((await tableOf('dim_customer', shop, 'valid_from')).every((c) => c.email_hash === null && c.city === null)).toBe(true);
    const texts = await rawTexts(shop);
    expect(texts).toHaveLength(5);
    for (const text of texts) expect(text.toLowerCase()).not.toContain('jon@example.com');
  });

  // Shopify's documented draft order and checkout, made the redacted customer's (customers-redact names customer 115310627314723954).
  const draftOfCustomer = { topic: 'draft_orders/create', body: documentedSample('draft_orders-create', { '706405506930370084': '115310627314723954' }) };
  const checkoutOfCustomer = { topic: 'checkouts/create', body: documentedSample('checkouts-create', { '603851970716743426': '115310627314723954' }) };

  it('customers/data_request exports the customer’s draft orders, with their lines, and checkouts', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [draftOfCustomer, checkoutOfCustomer, { topic: 'customers/data_request', body: sample('customers-data_request') }]);

    const [request] = await complianceOf(shop);
    const exported = JSON.parse(await (await env.RAW_BUCKET.get(request!.export_key!))!.text()) as {
      warehouse: { draftOrders: { draftOrderId: string }[]; draftOrderLines: unknown[]; checkouts: { checkoutId: string }[] };
    };
    expect(exported.warehouse.draftOrders.map((d) => d.draftOrderId)).toEqual(['890612572568261625']);
    expect(exported.warehouse.draftOrderLines).toHaveLength(3);
    expect(exported.warehouse.checkouts.map((c) => c.checkoutId)).toEqual(['981820079255243537']);
  });

  it('customers/redact erases the email hash of the customer’s draft orders and checkouts, held or arriving after it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [draftOfCustomer, { topic: 'customers/redact', body: sample('customers-redact') }, checkoutOfCustomer]);

    expect(await tableOf('fact_draft_order', shop, 'draft_order_id')).toMatchObject([
      { customer_id: '115310627314723954', email_hash: null, total_price: '436.00' },
    ]);
    expect(await tableOf('fact_checkout', shop, 'checkout_id')).toMatchObject([{ customer_id: '115310627314723954', email_hash: null, total_price: '421.88' }]);
    for (const text of await rawTexts(shop))
      for (const email of ['jon@doe.ca', 'john@doe.ca', 'john@example.com', 'example@email.com']) expect(text).not.toContain(email);
  });

  it('shop/redact deletes the shop’s warehouse rows, ledger, raw objects and exported files', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [...customerHistory, { topic: 'refunds/create', body: sample('refunds-create') }]);
    // What an export left: a published file and a staged one.
    const exported = [`exports/${shop}/fact_order/export_date=2026-12-06/part-0000.parquet`, `export-staging/${shop}/exp_x/fact_order/part-0001-00.parquet`];
    for (const key of exported) await env.EXPORT_BUCKET.put(key, 'PAR1');
    // An operator signed in to the console for the shop: the session goes with the shop's keys.
    const { key } = await apiKeyFor(shop, ['admin']);
    expect(await withDb((db) => signIn(db, key))).toMatchObject({ ok: true });
    await loadInOrder(shop, [{ topic: 'shop/redact', body: sample('shop-redact') }]);

    expect(
      await query(sql`select 1 from console_session c join api_key k on k.id = c.key_id join dim_shop s on s.shop_id = k.shop_id where s.domain = ${shop}`),
    ).toEqual([]);
    for (const table of ['fact_order', 'fact_order_line', 'customer_version', 'dim_customer', 'fact_refund', 'fact_fulfillment']) {
      expect(await tableOf(table, shop, 'shop_id'), table).toEqual([]);
    }
    expect(await rawEventsOf(shop)).toEqual([]);
    expect(await rawTexts(shop)).toEqual([]);
    for (const key of exported) expect(await env.EXPORT_BUCKET.head(key), key).toBeNull();
    expect(await complianceOf(shop)).toMatchObject([{ topic: 'shop/redact' }]);
  });

  it('shop/redact knows every table that holds a shop’s rows', () => {
    const withShopId = Object.values(schema).filter(
      (value) => typeof value === 'object' && value !== schema.dimShop && 'shopId' in getTableColumns(value as PgTable),
    );
    expect(new Set(SHOP_TABLES)).toEqual(new Set(withShopId));
  });
});
