import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadThroughPipeline, runConsumer, storedDelivery, warehouseDown } from '../helpers/pipeline';
import { orderLinesOf, ordersOf, query, rawEventsOf } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

describe('transform consumer', () => {
  it('loads a delivery handed to it: the order header, its lines and its customer', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-transform', [claim]);

    expect(result.explicitAcks).toEqual(['message-0']);
    expect(await ordersOf(shop)).toMatchObject([{ order_id: '820982911946154508', raw_key: claim.rawKey }]);
    expect(await orderLinesOf(shop)).toHaveLength(2);
  });

  it('keeps 18-digit ids exact in every column', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody(), { shop })]);

    const [order] = await ordersOf(shop);
    const lines = await orderLinesOf(shop);
    expect(order?.order_id).toBe('820982911946154508');
    expect(order?.customer_id).toBe('115310627314723954');
    expect(lines.map((l) => l.line_item_id)).toEqual(['141249953214522974', '866550311766439020']);
    expect(lines.map((l) => l.product_id)).toEqual([null, '7513594871903208446']);
  });

  it('keeps money exact as numeric, including computed line amounts', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody({ totalPrice: '0.30' }), { shop })]);

    expect((await ordersOf(shop))[0]?.total_price).toBe('0.30');
    expect(await orderLinesOf(shop)).toMatchObject([
      { line_item_id: '141249953214522974', quantity: 1, price: '60.87', gross_amount: '60.87' },
      { line_item_id: '866550311766439020', quantity: 2, price: '199.00', gross_amount: '398.00' },
    ]);
  });

  it('keeps a custom line item that has no product or variant', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody(), { shop })]);

    const [custom] = await orderLinesOf(shop);
    expect(custom).toMatchObject({ line_item_id: '141249953214522974', product_id: null });
  });

  it('never lets an older updated_at overwrite a newer row', async () => {
    const shop = uniqueShop();
    const newer = await storedDelivery(orderBody({ updatedAt: '2025-04-03T09:00:00-05:00', totalPrice: '500.00' }), { shop });
    const older = await storedDelivery(orderBody({ updatedAt: '2025-04-02T11:38:16-05:00', totalPrice: '474.47' }), { shop });

    await loadThroughPipeline([newer]);
    await loadThroughPipeline([older]);

    expect(await ordersOf(shop)).toMatchObject([{ total_price: '500.00' }]);
    expect(await rawEventsOf(shop)).toMatchObject([{ status: 'loaded' }, { status: 'loaded' }]);
  });

  it('compares updated_at as instants across UTC offsets', async () => {
    const shop = uniqueShop();
    // 11:38:16-05:00 is 16:38:16Z, eight minutes after 16:30:00Z, though its text sorts first.
    const later = await storedDelivery(orderBody({ updatedAt: '2025-04-02T11:38:16-05:00', totalPrice: '474.47' }), { shop });
    const earlier = await storedDelivery(orderBody({ updatedAt: '2025-04-02T16:30:00Z', totalPrice: '1.00' }), { shop });

    await loadThroughPipeline([later, earlier]);

    expect(await ordersOf(shop)).toMatchObject([{ total_price: '474.47' }]);
  });

  it('applies a newer version over an older one', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody(), { shop })]);
    await loadThroughPipeline([
      await storedDelivery(orderBody({ updatedAt: '2025-04-05T10:00:00-05:00', totalPrice: '410.00' }), { shop, topic: 'orders/updated' }),
    ]);

    expect(await ordersOf(shop)).toMatchObject([{ total_price: '410.00' }]);
  });

  it('drops lines that a newer version of the order no longer has', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody(), { shop })]);
    await loadThroughPipeline([
      await storedDelivery(orderBody({ updatedAt: '2025-04-06T10:00:00-05:00', dropSecondLine: true }), { shop, topic: 'orders/updated' }),
    ]);

    expect((await orderLinesOf(shop)).map((l) => l.line_item_id)).toEqual(['866550311766439020']);
  });

  it('loads the same delivery twice in one batch as one order', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-transform', [claim, claim]);

    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    expect(await ordersOf(shop)).toHaveLength(1);
    expect(await orderLinesOf(shop)).toHaveLength(2);
  });

  it('stores the customer email as a keyed hash and never in plaintext by default', async () => {
    const shop = uniqueShop();
    await loadThroughPipeline([await storedDelivery(orderBody(), { shop })]);

    const [customer] = await query<{ email: string | null; email_hash: string; country: string }>(sql`
      select c.email, c.email_hash, c.country from dim_customer c join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(customer?.email).toBeNull();
    expect(customer?.email_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(customer?.country).toBe('Canada');
  });

  it('stores the email in plaintext when the merchant opts in', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });
    await runConsumer('wharf-transform', [claim], { PII_EMAIL_MODE: 'plaintext' });

    const [customer] = await query<{ email: string }>(sql`
      select c.email from dim_customer c join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(customer?.email).toBe('jon@example.com');
  });

  it('quarantines a delivery the warehouse rejects and still loads the rest of its batch', async () => {
    const shop = uniqueShop();
    const good = await storedDelivery(orderBody(), { shop });
    // Valid ISO 8601, but Postgres has no year zero.
    const bad = await storedDelivery(
      orderBody()
        .replace('"created_at": "2025-04-02T11:38:15-05:00"', '"created_at": "0000-01-01T00:00:00Z"')
        .replace('820982911946154508', '820982911946154509'),
      { shop },
    );

    const result = await runConsumer('wharf-transform', [good, bad]);

    expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
    expect((await ordersOf(shop)).map((o) => o.order_id)).toEqual(['820982911946154508']);
    const rejected = await query<{ stage: string; reason: string; raw_key: string }>(sql`
      select stage::text, reason, raw_key from quarantine where shop_domain = ${shop}`);
    expect(rejected).toMatchObject([{ stage: 'transform', raw_key: bad.rawKey }]);
    expect(rejected[0]?.reason).toMatch(/^warehouse rejected the rows: SQLSTATE 22008/);
  });

  it('retries while the warehouse is unreachable and loads nothing', async () => {
    const shop = uniqueShop();
    const claim = await storedDelivery(orderBody(), { shop });

    const result = await runConsumer('wharf-transform', [claim], warehouseDown);

    expect(result.retryMessages).toEqual([{ msgId: 'message-0' }]);
    expect(await env.RAW_BUCKET.head(claim.rawKey)).not.toBeNull();
    expect(await ordersOf(shop)).toEqual([]);
  });
});
