/** Finding and rewriting the raw R2 objects that mention a customer. */
import { and, eq, or, sql } from 'drizzle-orm';
import { redactPersonalData } from '../domain/redaction';
import { parseJsonExact, type JsonValue } from '../shopify/json';
import type { Warehouse } from '../warehouse/db';
import { factOrder, rawEvent } from '../warehouse/schema';

type Db = Pick<Warehouse, 'select'>;

export interface RawObjectRef {
  rawKey: string;
  topic: string;
  receivedAt: string;
}

/** Every delivery about the customer, or about one of their orders (or the listed orders). */
export async function rawObjectsAbout(db: Db, shopDomain: string, customerId: string, orderIds: readonly string[]): Promise<RawObjectRef[]> {
  const customerOrders = db
    .select({ orderId: factOrder.orderId })
    .from(factOrder)
    .where(and(eq(factOrder.customerId, customerId), sql`${factOrder.shopId} = (select shop_id from dim_shop where domain = ${shopDomain})`));
  const orderList = orderIds.length ? sql`${rawEvent.orderId} in (${sql.join(orderIds.map((id) => sql`${id}`), sql`, `)})` : sql`false`;
  return db
    .select({ rawKey: rawEvent.rawKey, topic: rawEvent.topic, receivedAt: rawEvent.receivedAt })
    .from(rawEvent)
    .where(
      and(
        eq(rawEvent.shopDomain, shopDomain),
        or(eq(rawEvent.customerId, customerId), sql`${rawEvent.orderId} in ${customerOrders}`, orderList),
      ),
    )
    .orderBy(rawEvent.receivedAt);
}

export async function readRawJson(bucket: R2Bucket, rawKey: string): Promise<JsonValue | null> {
  const object = await bucket.get(rawKey);
  if (!object) return null;
  const parsed = parseJsonExact(await object.text());
  return parsed.ok ? parsed.value : null;
}

/**
 * Rewrites a raw object without the customer's personal data, keeping its metadata and noting
 * when it was redacted. Ids above 2^53 are written as strings, which Wharf's schemas accept.
 */
export async function redactRawObject(bucket: R2Bucket, rawKey: string, redactedAt: string): Promise<boolean> {
  const object = await bucket.get(rawKey);
  if (!object) return false;
  const parsed = parseJsonExact(await object.text());
  // A body that is not JSON cannot be redacted field by field: it is deleted instead.
  if (!parsed.ok) {
    await bucket.delete(rawKey);
    return true;
  }
  await bucket.put(rawKey, JSON.stringify(redactPersonalData(parsed.value)), {
    httpMetadata: object.httpMetadata,
    customMetadata: { ...object.customMetadata, 'redacted-at': redactedAt },
  });
  return true;
}
