/** GET /v1/metrics/pipeline: what the pipeline did for the shop over a window ending now. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveredAgo } from '../../helpers/alerts';
import { apiJson, apiKeyFor } from '../../helpers/api';
import { sample } from '../../helpers/samples';
import { loadInOrder } from '../../helpers/topics';
import { query } from '../../helpers/warehouse';
import { uniqueShop } from '../../helpers/webhooks';

type Metrics = {
  deliveries: Record<string, number>;
  series: { at: string; received: number; loaded: number; quarantined: number }[];
  loadLagSeconds: { p50: number | null; p95: number | null };
  backlog: { deliveries: number; oldestReceivedAt: string | null };
  failures: { stage: string; opened: number; open: number }[];
  topics: { topic: string; received: number; lastLoadedAt: string | null }[];
};

describe('GET /v1/metrics/pipeline', () => {
  it('counts the window’s deliveries by outcome and over time, the backlog, failures per stage and freshness per topic', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'orders/create', body: sample('orders-create') },
      { topic: 'customers/create', body: sample('customers-create') },
      // Not an order Shopify would send: quarantined at validation.
      { topic: 'orders/create', body: '{"id": 1}' },
    ]);
    // Accepted two hours ago and never loaded.
    await deliveredAgo(shop, 120);
    await query(sql`update raw_event set status = 'validated', loaded_at = null where shop_domain = ${shop} and received_at < now() - interval '1 hour'`);
    const { key } = await apiKeyFor(shop);

    const { status, body } = await apiJson<Metrics>('/v1/metrics/pipeline?hours=3&bucket=minute', key);

    expect(status).toBe(200);
    expect(body.deliveries).toEqual({ received: 4, loaded: 2, quarantined: 1, unmodelled: 0, validated: 1 });
    expect(body.series.length).toBeGreaterThanOrEqual(180);
    expect(body.series.reduce((sum, b) => sum + b.received, 0)).toBe(4);
    expect(body.series.reduce((sum, b) => sum + b.quarantined, 0)).toBe(1);
    expect(body.backlog.deliveries).toBe(1);
    expect(Date.now() - Date.parse(body.backlog.oldestReceivedAt!)).toBeGreaterThan(119 * 60_000);
    expect(body.failures).toEqual([{ stage: 'validate', opened: 1, open: 1 }]);
    expect(body.loadLagSeconds.p50).toBeGreaterThanOrEqual(0);
    expect(body.topics.map((t) => [t.topic, t.received, t.lastLoadedAt !== null])).toEqual(
      expect.arrayContaining([
        ['orders/create', 3, true],
        ['customers/create', 1, true],
      ]),
    );
  });

  it('takes a window of at most a week', async () => {
    const { key } = await apiKeyFor(uniqueShop());

    expect((await apiJson('/v1/metrics/pipeline?hours=169', key)).status).toBe(400);
  });
});
