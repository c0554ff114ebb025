/**
 * Deliveries can arrive a day late, and Shopify retries for hours: a delivery about a customer
 * whose data was already erased must be erased on arrival, raw object included.
 */
import { sql } from 'drizzle-orm';
import type { Subjects } from '../domain/topics';
import type { WebhookClaim } from '../pipeline/messages';
import type { Warehouse } from '../warehouse/db';
import { dimShop, factOrder, redactedCustomer } from '../warehouse/schema';
import { aliased, tuplesIn } from '../warehouse/upsert';
import { redactRawObject } from './raw-objects';

export async function redactLateDeliveries(db: Warehouse, bucket: R2Bucket, deliveries: readonly { claim: WebhookClaim; subjects: Subjects }[]) {
  const withCustomer = deliveries.filter((d) => d.subjects.customerId);
  const withOrder = deliveries.filter((d) => d.subjects.orderId);
  if (withCustomer.length === 0 && withOrder.length === 0) return;

  const byCustomer = withCustomer.length
    ? await db.execute<{ shop_domain: string; id: string }>(sql`
        select shop_domain, customer_id::text as id from ${redactedCustomer}
        where ${tuplesIn([redactedCustomer.shopDomain, redactedCustomer.customerId], withCustomer.map((d) => [d.claim.shopDomain, d.subjects.customerId]))}`)
    : { rows: [] };
  const byOrder = withOrder.length
    ? await db.execute<{ shop_domain: string; id: string }>(sql`
        select s.domain as shop_domain, o.order_id::text as id from ${factOrder} o
        join ${dimShop} s on s.shop_id = o.shop_id
        join ${redactedCustomer} r on r.shop_domain = s.domain and r.customer_id = o.customer_id
        where ${tuplesIn([aliased('s', dimShop.domain), aliased('o', factOrder.orderId)], withOrder.map((d) => [d.claim.shopDomain, d.subjects.orderId]))}`)
    : { rows: [] };

  const customers = new Set(byCustomer.rows.map((r) => `${r.shop_domain}/${r.id}`));
  const orders = new Set(byOrder.rows.map((r) => `${r.shop_domain}/${r.id}`));
  const redactedAt = new Date().toISOString();
  for (const { claim, subjects } of deliveries) {
    if (customers.has(`${claim.shopDomain}/${subjects.customerId}`) || orders.has(`${claim.shopDomain}/${subjects.orderId}`)) {
      await redactRawObject(bucket, claim.rawKey, redactedAt);
    }
  }
}
