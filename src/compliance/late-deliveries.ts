/**
 * Deliveries can arrive a day late, and Shopify retries for hours: a delivery about a customer
 * whose data was already erased must be erased on arrival, raw object included.
 */
import type { Subjects } from '../domain/topics';
import type { WebhookClaim } from '../pipeline/messages';
import { ordersOfRedactedCustomersAmong, redactedCustomersAmong } from '../warehouse/compliance';
import type { Warehouse } from '../warehouse/db';
import { redactRawObject } from './raw-objects';

export async function redactLateDeliveries(db: Warehouse, bucket: R2Bucket, deliveries: readonly { claim: WebhookClaim; subjects: Subjects }[]) {
  const withCustomer = deliveries.filter((d) => d.subjects.customerId);
  const withOrder = deliveries.filter((d) => d.subjects.orderId);
  if (withCustomer.length === 0 && withOrder.length === 0) return;

  const customers = await redactedCustomersAmong(
    db,
    withCustomer.map((d) => [d.claim.shopDomain, d.subjects.customerId!] as const),
  );
  const orders = await ordersOfRedactedCustomersAmong(
    db,
    withOrder.map((d) => [d.claim.shopDomain, d.subjects.orderId!] as const),
  );
  const redactedAt = new Date().toISOString();
  for (const { claim, subjects } of deliveries) {
    if (customers.has(`${claim.shopDomain}/${subjects.customerId}`) || orders.has(`${claim.shopDomain}/${subjects.orderId}`)) {
      await redactRawObject(bucket, claim.rawKey, redactedAt);
    }
  }
}
