/**
 * What Shopify's compliance requests read and erase in the warehouse: everything held about a
 * customer, the deliveries that mention them, the customers already redacted, everything held for
 * a shop, and the record of each request handled.
 */
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Warehouse } from './db';
import * as schema from './schema';
import { aliased, type Tx, tuplesIn } from './upsert';

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

type ComplianceRequestRow = typeof complianceRequest.$inferInsert;

/** Records how a request was handled; a redelivered request records its outcome again. */
export async function recordComplianceRequest(
  db: Tx,
  request: Pick<ComplianceRequestRow, 'shopDomain' | 'topic' | 'rawKey'>,
  outcome: { [K in keyof ComplianceRequestRow]?: ComplianceRequestRow[K] | SQL },
) {
  await db
    .insert(complianceRequest)
    .values({ shopDomain: request.shopDomain, topic: request.topic, rawKey: request.rawKey, completedAt: sql`now()`, ...outcome })
    .onConflictDoUpdate({ target: complianceRequest.rawKey, set: { ...outcome, completedAt: sql`now()` } });
}

/** Every warehouse row about the customer and their orders (or the orders listed): a data request's export. */
export async function customerData(db: Tx, shopId: number, customerId: string, ordersRequested: readonly string[]) {
  const orders = await db
    .select()
    .from(factOrder)
    .where(
      and(
        eq(factOrder.shopId, shopId),
        or(eq(factOrder.customerId, customerId), ordersRequested.length ? inArray(factOrder.orderId, [...ordersRequested]) : sql`false`),
      ),
    );
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
    orderIds.length
      ? db
          .select()
          .from(table)
          .where(and(eq(table.shopId, shopId), inArray(table.orderId, orderIds)))
      : [];
  const draftOrders = await db
    .select()
    .from(factDraftOrder)
    .where(and(eq(factDraftOrder.shopId, shopId), eq(factDraftOrder.customerId, customerId)));
  const draftOrderIds = draftOrders.map((d) => d.draftOrderId);
  return {
    customerVersions: await db
      .select()
      .from(customerVersion)
      .where(and(eq(customerVersion.shopId, shopId), eq(customerVersion.customerId, customerId))),
    customer: await db
      .select()
      .from(dimCustomer)
      .where(and(eq(dimCustomer.shopId, shopId), eq(dimCustomer.customerId, customerId))),
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
      ? await db
          .select()
          .from(factDraftOrderLine)
          .where(and(eq(factDraftOrderLine.shopId, shopId), inArray(factDraftOrderLine.draftOrderId, draftOrderIds)))
      : [],
    checkouts: await db
      .select()
      .from(factCheckout)
      .where(and(eq(factCheckout.shopId, shopId), eq(factCheckout.customerId, customerId))),
    returns: await ofOrders(factReturn),
    returnLines: await ofOrders(factReturnLine),
    returnEvents: await ofOrders(factReturnEvent),
  };
}

export interface RawObjectRef {
  rawKey: string;
  topic: string;
  receivedAt: string;
}

/** Every delivery about the customer, or about one of their orders (or the listed orders). */
export async function rawObjectsAbout(
  db: Pick<Warehouse, 'select'>,
  shopDomain: string,
  customerId: string,
  orderIds: readonly string[],
): Promise<RawObjectRef[]> {
  const customerOrders = db
    .select({ orderId: factOrder.orderId })
    .from(factOrder)
    .where(and(eq(factOrder.customerId, customerId), sql`${factOrder.shopId} = (select shop_id from dim_shop where domain = ${shopDomain})`));
  const orderList = orderIds.length
    ? sql`${rawEvent.orderId} in (${sql.join(
        orderIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`false`;
  return db
    .select({ rawKey: rawEvent.rawKey, topic: rawEvent.topic, receivedAt: rawEvent.receivedAt })
    .from(rawEvent)
    .where(and(eq(rawEvent.shopDomain, shopDomain), or(eq(rawEvent.customerId, customerId), sql`${rawEvent.orderId} in ${customerOrders}`, orderList)))
    .orderBy(rawEvent.receivedAt);
}

/** Remembers that the customer's data was erased, so that late deliveries about them are erased on arrival. */
export async function markCustomerRedacted(db: Tx, shopDomain: string, customerId: string) {
  await db.insert(redactedCustomer).values({ shopDomain, customerId }).onConflictDoNothing();
}

/** Which of these customers (shop domain, customer id) have been redacted, as `domain/id`. */
export async function redactedCustomersAmong(db: Tx, customers: readonly (readonly [string, string])[]): Promise<Set<string>> {
  if (customers.length === 0) return new Set();
  const result = await db.execute<{ shop_domain: string; id: string }>(sql`
    select shop_domain, customer_id::text as id from ${redactedCustomer}
    where ${tuplesIn(
      [redactedCustomer.shopDomain, redactedCustomer.customerId],
      customers.map((c) => [...c]),
    )}`);
  return new Set(result.rows.map((r) => `${r.shop_domain}/${r.id}`));
}

/** Which of these orders (shop domain, order id) belong to a redacted customer, as `domain/id`. */
export async function ordersOfRedactedCustomersAmong(db: Tx, orders: readonly (readonly [string, string])[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const result = await db.execute<{ shop_domain: string; id: string }>(sql`
    select s.domain as shop_domain, o.order_id::text as id from ${factOrder} o
    join ${dimShop} s on s.shop_id = o.shop_id
    join ${redactedCustomer} r on r.shop_domain = s.domain and r.customer_id = o.customer_id
    where ${tuplesIn(
      [aliased('s', dimShop.domain), aliased('o', factOrder.orderId)],
      orders.map((o) => [...o]),
    )}`);
  return new Set(result.rows.map((r) => `${r.shop_domain}/${r.id}`));
}

/** Every table whose rows belong to a shop by `shop_id` (dim_shop itself is kept, marked redacted). */
export const SHOP_TABLES: readonly PgTable[] = [
  schema.customerVersion,
  schema.dimCustomer,
  schema.dimProduct,
  schema.dimVariant,
  schema.productImage,
  schema.productContent,
  schema.variantMarketPrice,
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
  schema.qualityResult,
  schema.qualityRun,
  schema.alertDelivery,
  schema.alert,
  schema.alertChannel,
  schema.alertSetting,
  schema.signatureFailure,
  schema.factCustomerLifetime,
  schema.factCustomerMonth,
  schema.factProductDay,
  schema.productDayPending,
  schema.customerFiguresPending,
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
  schema.exportCursor,
  schema.exportRun,
  schema.shopInstall,
];

/**
 * Deletes everything held for the shop in one transaction: its rows (`shopId`, when the shop is
 * known), its ledger entries, quarantine records and redacted customers (by domain); the shop's
 * own row is kept, marked redacted, without its name and email.
 */
export async function eraseShop(db: Warehouse, shopId: number | undefined, shopDomain: string) {
  await db.transaction(async (tx) => {
    if (shopId !== undefined) {
      // Parts, seen lines, key spans, console sessions, resync steps and export files are keyed by their upload, job, key, resync or run, not by shop: they go first.
      await tx.execute(sql`delete from ${schema.multipartPart} where upload_id in (select id from ${schema.multipartUpload} where shop_id = ${shopId})`);
      await tx.execute(sql`delete from ${schema.uploadLine} where job_id in (select id from ${schema.uploadJob} where shop_id = ${shopId})`);
      await tx.execute(sql`delete from ${schema.apiKeySpan} where key_id in (select id from ${schema.apiKey} where shop_id = ${shopId})`);
      await tx.execute(sql`delete from ${schema.consoleSession} where key_id in (select id from ${schema.apiKey} where shop_id = ${shopId})`);
      for (const table of [schema.resyncStaging, schema.resyncRange, schema.resyncOperation]) {
        await tx.execute(sql`delete from ${table} where resync_id in (select id from ${schema.resync} where shop_id = ${shopId})`);
      }
      for (const table of [schema.exportFile, schema.exportRunTable]) {
        await tx.execute(sql`delete from ${table} where run_id in (select id from ${schema.exportRun} where shop_id = ${shopId})`);
      }
      for (const table of SHOP_TABLES) await tx.delete(table).where(sql`shop_id = ${shopId}`);
      await tx.update(dimShop).set({ redactedAt: sql`now()`, name: null, email: null }).where(eq(dimShop.shopId, shopId));
    }
    await tx.delete(rawEvent).where(eq(rawEvent.shopDomain, shopDomain));
    await tx.delete(quarantine).where(eq(quarantine.shopDomain, shopDomain));
    await tx.delete(redactedCustomer).where(eq(redactedCustomer.shopDomain, shopDomain));
    // The shop's exported files are deleted with it: no redaction of its customers waits for a purging run.
    await tx
      .update(complianceRequest)
      .set({ exportsPurgedAt: sql`now()` })
      .where(and(eq(complianceRequest.shopDomain, shopDomain), eq(complianceRequest.topic, 'customers/redact'), isNull(complianceRequest.exportsPurgedAt)));
  });
}
