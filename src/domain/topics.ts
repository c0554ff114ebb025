/**
 * The webhook topics Wharf models: for each, the payload schema, the mapping to warehouse rows,
 * and the customer and order the delivery concerns (recorded in the ledger so that compliance
 * requests can find every raw object about a customer). A topic missing here is still accepted
 * and kept raw; it is recorded as unmodelled.
 */
import type { z } from 'zod';
import type { JsonValue } from '../lib/exact-json';
import { COMPLIANCE_TOPICS } from '../shopify/compliance-topics';
import { bulkOperationFinish } from '../shopify/payloads/bulk-operation';
import { checkout } from '../shopify/payloads/checkout';
import { collection } from '../shopify/payloads/collection';
import { collectionProducts } from '../shopify/payloads/collection-products';
import { customersDataRequest, customersRedact, shopRedact } from '../shopify/payloads/compliance';
import { customer } from '../shopify/payloads/customer';
import { deletion } from '../shopify/payloads/deletion';
import { discount, discountDeletion, discountResource } from '../shopify/payloads/discount';
import { draftOrder } from '../shopify/payloads/draft-order';
import { fulfillment } from '../shopify/payloads/fulfillment';
import { fulfillmentOrder, fulfillmentOrderEvent } from '../shopify/payloads/fulfillment-order';
import { inventoryItem, inventoryLevel, inventoryLevelDisconnect } from '../shopify/payloads/inventory';
import { location } from '../shopify/payloads/location';
import { order } from '../shopify/payloads/order';
import { orderEdited } from '../shopify/payloads/order-edit';
import { product } from '../shopify/payloads/product';
import { refund } from '../shopify/payloads/refund';
import { returnDeclined, returnResource, returnStatusChange, returnUpdate, returnWithLines } from '../shopify/payloads/return';
import { shop } from '../shopify/payloads/shop';
import { orderTransaction } from '../shopify/payloads/transaction';
import { checkoutRows } from './checkouts';
import { customerRows } from './customers';
import { discountDeletionRows, discountResourceRows, discountRows } from './discounts';
import { draftOrderRows } from './draft-orders';
import { fulfillmentOrderEventRows, fulfillmentOrderRows } from './fulfillment-orders';
import { inventoryDisconnectRows, inventoryItemRows, inventoryLevelRows } from './inventory';
import { bulkOperationRows, customerRedactRows, dataRequestRows, deletionRows, shopRedactRows, shopRows, uninstallRows } from './lifecycle';
import { locationRows } from './locations';
import { orderEditRows, orderRows } from './orders';
import type { PiiPolicies, PiiPolicy } from './pii';
import { collectionProductRows, collectionRows, productRows } from './products';
import { fulfillmentRows, refundRows } from './refunds';
import { returnDeclinedRows, returnLinesNotes, returnResourceRows, returnStatusRows, returnWithLinesRows } from './returns';
import { type PayloadRows, rows, type Source } from './rows';
import { transactionRows } from './transactions';

export interface PayloadIssue {
  path: string;
  message: string;
}

/** Something a valid payload carries that the load leaves out, and why: recorded with the delivery. */
export interface PayloadNote {
  path: string;
  reason: string;
}

/** The customer and order a delivery is about, where it is about one. */
export interface Subjects {
  customerId?: string;
  orderId?: string;
}

export type ValidatedPayload =
  | { ok: true; subjects: Subjects; notes: PayloadNote[]; toRows(source: Source, pii: PiiPolicies): PayloadRows }
  | { ok: false; reason: string; path: string; issues: PayloadIssue[] };

export interface TopicModel {
  validate(payload: JsonValue): ValidatedPayload;
}

const MAX_REPORTED_ISSUES = 20;

function describe(issues: z.core.$ZodIssue[]): PayloadIssue[] {
  return issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function model<S extends z.ZodType>(
  schema: S,
  toRows: (payload: z.infer<S>, source: Source, pii: PiiPolicy) => PayloadRows,
  subjects: (payload: z.infer<S>) => Subjects = () => ({}),
  notes: (payload: z.infer<S>) => PayloadNote[] = () => [],
): TopicModel {
  return {
    validate(payload) {
      const parsed = schema.safeParse(payload);
      if (parsed.success) {
        return {
          ok: true,
          subjects: subjects(parsed.data),
          notes: notes(parsed.data),
          toRows: (source, pii) => toRows(parsed.data, source, pii.forShop(source.shopDomain)),
        };
      }
      const issues = describe(parsed.error.issues);
      const first = issues[0] ?? { path: '', message: 'invalid payload' };
      return { ok: false, reason: `${first.path || 'payload'}: ${first.message}`, path: first.path, issues };
    },
  };
}

const orderModel = model(
  order,
  orderRows,
  (o) => ({ orderId: o.id, customerId: o.customer?.id }),
  (o) =>
    o.customer && !o.customer.updated_at
      ? [{ path: 'customer.updated_at', reason: 'the embedded customer has no updated_at: no customer version was recorded from it' }]
      : [],
);
const customerModel = model(customer, customerRows, (c) => ({ customerId: c.id }));
const productModel = model(product, productRows);
const collectionModel = model(collection, collectionRows);
const levelModel = model(inventoryLevel, inventoryLevelRows);
const locationModel = model(location, locationRows);
const itemModel = model(inventoryItem, inventoryItemRows);
const fulfillmentModel = model(fulfillment, fulfillmentRows, (f) => ({ orderId: f.order_id }));
const draftOrderModel = model(draftOrder, draftOrderRows, (d) => ({ customerId: d.customer?.id ?? undefined, orderId: d.order_id ?? undefined }));
const checkoutModel = model(checkout, checkoutRows, (c) => ({ customerId: c.customer?.id ?? undefined }));
const discountModel = model(discount, discountRows);

const returnWithLinesModel = (topic: string) => model(returnWithLines, returnWithLinesRows(topic), (r) => ({ orderId: r.order.id }), returnLinesNotes);
const returnStatusModel = (topic: string) => model(returnStatusChange, returnStatusRows(topic), (r) => ({ orderId: r.order_id }));

/** Every fulfillment_orders/* topic: each reports the status its event put fulfillment orders in. */
const FULFILLMENT_ORDER_TOPICS = [
  'cancellation_request_accepted',
  'cancellation_request_rejected',
  'cancellation_request_submitted',
  'cancelled',
  'fulfillment_request_accepted',
  'fulfillment_request_rejected',
  'fulfillment_request_submitted',
  'fulfillment_service_failed_to_complete',
  'hold_released',
  'line_items_prepared_for_local_delivery',
  'line_items_prepared_for_pickup',
  'manually_reported_progress_stopped',
  'merged',
  'moved',
  'order_routing_complete',
  'placed_on_hold',
  'progress_reported',
  'rescheduled',
  'scheduled_fulfillment_order_ready',
  'split',
].map((event) => `fulfillment_orders/${event}`);

const topicModels: Readonly<Record<string, TopicModel>> = {
  ...Object.fromEntries(FULFILLMENT_ORDER_TOPICS.map((topic) => [topic, model(fulfillmentOrderEvent, fulfillmentOrderEventRows(topic))])),
  'orders/create': orderModel,
  'orders/updated': orderModel,
  'orders/paid': orderModel,
  'orders/cancelled': orderModel,
  'orders/fulfilled': orderModel,
  'orders/partially_fulfilled': orderModel,
  'orders/edited': model(orderEdited, orderEditRows, (e) => ({ orderId: e.order_edit.order_id })),
  'orders/delete': model(deletion, deletionRows('order'), (d) => ({ orderId: d.id })),
  'order_transactions/create': model(orderTransaction, transactionRows, (t) => ({ orderId: t.order_id })),
  'draft_orders/create': draftOrderModel,
  'draft_orders/update': draftOrderModel,
  'draft_orders/delete': model(deletion, deletionRows('draft_order')),
  'checkouts/create': checkoutModel,
  'checkouts/update': checkoutModel,
  'checkouts/delete': model(deletion, deletionRows('checkout')),
  'products/create': productModel,
  'products/update': productModel,
  'products/delete': model(deletion, deletionRows('product')),
  'collections/create': collectionModel,
  'collections/update': collectionModel,
  'collections/delete': model(deletion, deletionRows('collection')),
  'customers/create': customerModel,
  'customers/update': customerModel,
  'customers/enable': customerModel,
  'customers/disable': customerModel,
  'customers/delete': model(deletion, deletionRows('customer'), (d) => ({ customerId: d.id })),
  'locations/create': locationModel,
  'locations/update': locationModel,
  'locations/activate': locationModel,
  'locations/deactivate': locationModel,
  'locations/delete': model(deletion, deletionRows('location')),
  'inventory_levels/update': levelModel,
  'inventory_levels/connect': levelModel,
  'inventory_levels/disconnect': model(inventoryLevelDisconnect, inventoryDisconnectRows),
  'inventory_items/create': itemModel,
  'inventory_items/update': itemModel,
  'inventory_items/delete': model(deletion, deletionRows('inventory_item')),
  'refunds/create': model(refund, refundRows, (r) => ({ orderId: r.order_id })),
  'fulfillments/create': fulfillmentModel,
  'fulfillments/update': fulfillmentModel,
  'returns/request': returnWithLinesModel('returns/request'),
  'returns/approve': returnWithLinesModel('returns/approve'),
  'returns/decline': model(returnDeclined, returnDeclinedRows, (r) => ({ orderId: r.order.id })),
  'returns/cancel': returnStatusModel('returns/cancel'),
  'returns/close': returnStatusModel('returns/close'),
  'returns/reopen': returnStatusModel('returns/reopen'),
  'returns/update': model(
    returnUpdate,
    () => rows({}),
    () => ({}),
    (u) =>
      u.return_line_items?.removals.length
        ? [{ path: 'return_line_items.removals', reason: "quantities removed from return lines are not applied: the next resync restates the return's lines" }]
        : [],
  ),
  'discounts/create': discountModel,
  'discounts/update': discountModel,
  'discounts/delete': model(discountDeletion, discountDeletionRows),
  'app/uninstalled': model(shop, uninstallRows),
  'shop/update': model(shop, shopRows),
  'bulk_operations/finish': model(bulkOperationFinish, bulkOperationRows),
  'customers/data_request': model(customersDataRequest, dataRequestRows, (r) => ({ customerId: r.customer.id })),
  'customers/redact': model(customersRedact, customerRedactRows, (r) => ({ customerId: r.customer.id })),
  'shop/redact': model(shopRedact, shopRedactRows),
};

const modelledTopics = Object.keys(topicModels);

/**
 * Topics that only Shopify may send, signed with the app's secret: the shop's lifecycle, its bulk
 * operations and the compliance requests. They act on the shop itself (its install, its resyncs,
 * its data), so a file uploaded with a partner key never carries them.
 */
const SHOPIFY_ONLY_TOPICS: ReadonlySet<string> = new Set(['app/uninstalled', 'shop/update', 'bulk_operations/finish', ...COMPLIANCE_TOPICS]);

/** The modelled topics that carry a shop's records (orders, products, customers, inventory, …): what an upload may carry. */
export const dataTopics = modelledTopics.filter((topic) => !SHOPIFY_ONLY_TOPICS.has(topic));

/**
 * The topics Wharf subscribes a shop to through the Admin API: every modelled topic but the
 * compliance ones, which only the app's configuration can subscribe to.
 */
export const subscribedTopics = modelledTopics.filter((topic) => !(COMPLIANCE_TOPICS as readonly string[]).includes(topic));

export function topicModel(topic: string): TopicModel | undefined {
  return Object.hasOwn(topicModels, topic) ? topicModels[topic] : undefined;
}

/**
 * REST resources that no webhook carries whole, which resyncs export: named without a slash, so
 * that no topic can take their name.
 */
export const FULFILLMENT_ORDER_RESOURCE = 'fulfillment_order';
export const COLLECTION_PRODUCTS_RESOURCE = 'collection_products';
export const RETURN_RESOURCE = 'return';
export const DISCOUNT_RESOURCE = 'discount';

const resourceModels: Readonly<Record<string, TopicModel>> = {
  [FULFILLMENT_ORDER_RESOURCE]: model(fulfillmentOrder, fulfillmentOrderRows, (f) => ({ orderId: f.order_id })),
  [COLLECTION_PRODUCTS_RESOURCE]: model(collectionProducts, collectionProductRows),
  [RETURN_RESOURCE]: model(returnResource, returnResourceRows, (r) => ({ orderId: r.order.id })),
  [DISCOUNT_RESOURCE]: model(discountResource, discountResourceRows),
};

/** The model of a webhook topic or of a resource only resyncs export. */
export function resourceModel(name: string): TopicModel | undefined {
  return topicModel(name) ?? (Object.hasOwn(resourceModels, name) ? resourceModels[name] : undefined);
}
