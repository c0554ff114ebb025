/** Running deliveries of any topic through both consumers, and reading what they left. */
import { sql } from 'drizzle-orm';
import { loadThroughPipeline, storedDelivery } from './pipeline';
import { query } from './warehouse';
import type { DeliveryOptions } from './webhooks';

export interface Delivery {
  topic: string;
  body: string;
  options?: DeliveryOptions;
}

/** Stores and loads each delivery in its own batch, in the order given. */
export async function loadInOrder(shop: string, deliveries: readonly Delivery[]) {
  for (const delivery of deliveries) {
    await loadThroughPipeline([await storedDelivery(delivery.body, { ...delivery.options, shop, topic: delivery.topic })]);
  }
}

/** Stores all deliveries and loads them as one batch. */
export async function loadAsOneBatch(shop: string, deliveries: readonly Delivery[]) {
  const claims = [];
  for (const delivery of deliveries) claims.push(await storedDelivery(delivery.body, { ...delivery.options, shop, topic: delivery.topic }));
  return loadThroughPipeline(claims);
}

/** Rows of a warehouse table for one shop, every column as text, in a stable order. */
export async function tableOf(table: string, shop: string, orderByColumn: string): Promise<Record<string, string | null>[]> {
  // Every value as Postgres's own text, so 18-digit ids never pass through a JavaScript number.
  const rows = await query<{ row: Record<string, string | null> }>(sql`
    select (select jsonb_object_agg(key, value #>> '{}') from jsonb_each(to_jsonb(t) - 'loaded_at')) as row
    from ${sql.identifier(table)} t join dim_shop s using (shop_id)
    where s.domain = ${shop} order by t.${sql.identifier(orderByColumn)}`);
  return rows.map((r) => r.row);
}
