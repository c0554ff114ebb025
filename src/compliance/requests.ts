/**
 * Shopify's mandatory compliance requests. Each is idempotent: a redelivered request redoes the
 * same work and records the same outcome.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ComplianceRequest } from '../domain/rows';
import type { CustomersDataRequest, CustomersRedact, ShopRedact } from '../shopify/payloads/compliance';
import { rebuildCustomers } from '../warehouse/customers-scd';
import { eraseCustomerData, purgeStagedLinesAbout } from '../warehouse/erase-customer';
import type { Warehouse } from '../warehouse/db';
import * as schema from '../warehouse/schema';
import { readRawJson, rawObjectsAbout, redactRawObject } from './raw-objects';

const {
  complianceRequest,
  customerVersion,
  dimCustomer,
  dimShop,
  factCheckout,
  factDraftOrder,
  factDraftOrderLine,
  factFulfillment,
  factOrder,
  factOrderDiscount,
  factOrderLine,
  factOrderTransaction,
  factRefund,
  factRefundLine,
  factReturn,
  factReturnEvent,
  factReturnLine,
  factShippingLine,
  quarantine,
  rawEvent,
  redactedCustomer,
} = schema;

async function shopIdOf(db: Warehouse, domain: string): Promise<number | undefined> {
  const [shop] = await db.select({ shopId: dimShop.shopId }).from(dimShop).where(eq(dimShop.domain, domain));
  return shop?.shopId;
}

async function record(db: Warehouse, request: ComplianceRequest, outcome: Partial<typeof complianceRequest.$inferInsert>) {
  await db
    .insert(complianceRequest)
    .values({ shopDomain: request.shopDomain, topic: request.topic, rawKey: request.rawKey, completedAt: sql`now()`, ...outcome })
    .onConflictDoUpdate({ target: complianceRequest.rawKey, set: { ...outcome, completedAt: sql`now()` } });
}

/** Everything held about the customer, warehouse and raw, as one JSON object in R2. */
async function exportCustomerData(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest, payload: CustomersDataRequest) {
  const customerId = payload.customer.id;
  const shopId = (await shopIdOf(db, request.shopDomain)) ?? -1;
  const orders = await db
    .select()
    .from(factOrder)
    .where(and(eq(factOrder.shopId, shopId), or(eq(factOrder.customerId, customerId), payload.orders_requested.length ? inArray(factOrder.orderId, payload.orders_requested) : sql`false`)));
  const orderIds = orders.map((o) => o.orderId);
  const ofOrders = (
    table:
      | typeof factOrderLine
      | typeof factOrderDiscount
      | typeof factShippingLine
      | typeof factOrderTransaction
      | typeof factRefund
      | typeof factRefundLine
      | typeof factReturn
      | typeof factReturnLine
      | typeof factReturnEvent
      | typeof factFulfillment,
  ) =>
    orderIds.length ? db.select().from(table).where(and(eq(table.shopId, shopId), inArray(table.orderId, orderIds))) : [];
  const draftOrders = await db.select().from(factDraftOrder).where(and(eq(factDraftOrder.shopId, shopId), eq(factDraftOrder.customerId, customerId)));
  const draftOrderIds = draftOrders.map((d) => d.draftOrderId);
  const raw = await rawObjectsAbout(db, request.shopDomain, customerId, payload.orders_requested);

  const document = {
    shopDomain: request.shopDomain,
    customerId,
    dataRequestId: payload.data_request.id,
    generatedAt: new Date().toISOString(),
    warehouse: {
      customerVersions: await db.select().from(customerVersion).where(and(eq(customerVersion.shopId, shopId), eq(customerVersion.customerId, customerId))),
      customer: await db.select().from(dimCustomer).where(and(eq(dimCustomer.shopId, shopId), eq(dimCustomer.customerId, customerId))),
      orders,
      orderLines: await ofOrders(factOrderLine),
      orderDiscounts: await ofOrders(factOrderDiscount),
      shippingLines: await ofOrders(factShippingLine),
      transactions: await ofOrders(factOrderTransaction),
      refunds: await ofOrders(factRefund),
      refundLines: await ofOrders(factRefundLine),
      fulfillments: await ofOrders(factFulfillment),
      draftOrders,
      draftOrderLines: draftOrderIds.length
        ? await db.select().from(factDraftOrderLine).where(and(eq(factDraftOrderLine.shopId, shopId), inArray(factDraftOrderLine.draftOrderId, draftOrderIds)))
        : [],
      checkouts: await db.select().from(factCheckout).where(and(eq(factCheckout.shopId, shopId), eq(factCheckout.customerId, customerId))),
      returns: await ofOrders(factReturn),
      returnLines: await ofOrders(factReturnLine),
      returnEvents: await ofOrders(factReturnEvent),
    },
    raw: await Promise.all(raw.map(async (ref) => ({ ...ref, payload: await readRawJson(bucket, ref.rawKey) }))),
  };
  const exportKey = `compliance/${request.shopDomain}/data-requests/${payload.data_request.id}.json`;
  await bucket.put(exportKey, JSON.stringify(document), { httpMetadata: { contentType: 'application/json' } });
  await record(db, request, { customerId, dataRequestId: payload.data_request.id, exportKey });
}

/** Erases the customer's personal data from the warehouse and from every raw object about them. */
async function redactCustomer(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest, payload: CustomersRedact) {
  const customerId = payload.customer.id;
  const redactedAt = new Date().toISOString();
  await db.insert(redactedCustomer).values({ shopDomain: request.shopDomain, customerId }).onConflictDoNothing();

  const raw = await rawObjectsAbout(db, request.shopDomain, customerId, payload.orders_to_redact);
  let rewritten = 0;
  for (const ref of raw) if (await redactRawObject(bucket, ref.rawKey, redactedAt)) rewritten++;

  const shopId = await shopIdOf(db, request.shopDomain);
  if (shopId !== undefined) {
    await db.transaction(async (tx) => {
      await eraseCustomerData(tx, shopId, customerId, payload.orders_to_redact);
      await purgeStagedLinesAbout(tx, shopId, payload.customer, payload.orders_to_redact);
      await rebuildCustomers(tx, [{ shopId, customerId }]);
    });
  }
  await record(db, request, { customerId, rawObjectsRewritten: rewritten });
}

/** Every table whose rows belong to a shop by `shop_id` (dim_shop itself is kept, marked redacted). */
export const SHOP_TABLES: readonly PgTable[] = [
  schema.customerVersion,
  schema.dimCustomer,
  schema.dimProduct,
  schema.dimVariant,
  schema.dimCollection,
  schema.collectionMembership,
  schema.collectionProduct,
  schema.dimLocation,
  schema.dimInventoryItem,
  schema.dimInventoryItemCostHistory,
  schema.dimChannel,
  schema.dimDiscount,
  schema.dimDiscountCode,
  schema.factOrder,
  schema.factOrderLine,
  schema.factOrderDiscount,
  schema.factDiscountAllocation,
  schema.factShippingLine,
  schema.factOrderTransaction,
  schema.factRefund,
  schema.factRefundLine,
  schema.factFulfillment,
  schema.factFulfillmentOrder,
  schema.factFulfillmentOrderLine,
  schema.factFulfillmentOrderEvent,
  schema.factOrderEdit,
  schema.factDraftOrder,
  schema.factDraftOrderLine,
  schema.factCheckout,
  schema.factReturn,
  schema.factReturnLine,
  schema.factReturnEvent,
  schema.factInventoryLevel,
  schema.factInventoryLevelHistory,
  schema.deletedEntity,
  schema.bulkOperation,
  schema.apiKeySpan,
  schema.apiKey,
  schema.factSalesLine,
  schema.uploadReject,
  schema.uploadChunk,
  schema.uploadJob,
  schema.multipartUpload,
  schema.orderMapping,
  schema.productMetafield,
  schema.resyncCursor,
  schema.resync,
  schema.shopInstall,
];

async function deleteObjects(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    if (page.objects.length) await bucket.delete(page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}

/** Deletes everything held for the shop: warehouse rows, ledger, quarantine and raw objects. */
async function redactShop(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest, _payload: ShopRedact) {
  const shopId = await shopIdOf(db, request.shopDomain);
  for (const prefix of ['webhooks', 'uploads', 'resyncs']) await deleteObjects(bucket, `${prefix}/${request.shopDomain}/`);
  await db.transaction(async (tx) => {
    if (shopId !== undefined) {
      // Parts, seen lines and resync steps are keyed by their upload, job or resync, not by shop: they go first.
      await tx.execute(sql`delete from ${schema.multipartPart} where upload_id in (select id from ${schema.multipartUpload} where shop_id = ${shopId})`);
      await tx.execute(sql`delete from ${schema.uploadLine} where job_id in (select id from ${schema.uploadJob} where shop_id = ${shopId})`);
      await tx.execute(sql`delete from ${schema.apiKeySpan} where key_id in (select id from ${schema.apiKey} where shop_id = ${shopId})`);
      for (const table of [schema.resyncStaging, schema.resyncOperation]) {
        await tx.execute(sql`delete from ${table} where resync_id in (select id from ${schema.resync} where shop_id = ${shopId})`);
      }
      for (const table of SHOP_TABLES) await tx.delete(table).where(sql`shop_id = ${shopId}`);
      await tx.update(dimShop).set({ redactedAt: sql`now()`, name: null, email: null }).where(eq(dimShop.shopId, shopId));
    }
    await tx.delete(rawEvent).where(eq(rawEvent.shopDomain, request.shopDomain));
    await tx.delete(quarantine).where(eq(quarantine.shopDomain, request.shopDomain));
    await tx.delete(redactedCustomer).where(eq(redactedCustomer.shopDomain, request.shopDomain));
  });
  await record(db, request, {});
}

export async function handleComplianceRequest(db: Warehouse, bucket: R2Bucket, request: ComplianceRequest): Promise<void> {
  switch (request.topic) {
    case 'customers/data_request':
      return exportCustomerData(db, bucket, request, request.payload);
    case 'customers/redact':
      return redactCustomer(db, bucket, request, request.payload);
    case 'shop/redact':
      return redactShop(db, bucket, request, request.payload);
  }
}
