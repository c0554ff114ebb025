/**
 * The webhook topics Wharf models: for each, the payload schema, the mapping to warehouse rows,
 * and the customer and order the delivery concerns (recorded in the ledger so that compliance
 * requests can find every raw object about a customer). A topic missing here is still accepted
 * and kept raw; it is recorded as unmodelled.
 */
import type { z } from 'zod';
import type { JsonValue } from '../shopify/json';
import { COMPLIANCE_TOPICS } from '../shopify/compliance-topics';
import { bulkOperationFinish } from '../shopify/payloads/bulk-operation';
import { collection } from '../shopify/payloads/collection';
import { customersDataRequest, customersRedact, shopRedact } from '../shopify/payloads/compliance';
import { customer } from '../shopify/payloads/customer';
import { deletion } from '../shopify/payloads/deletion';
import { fulfillment } from '../shopify/payloads/fulfillment';
import { inventoryItem, inventoryLevel, inventoryLevelDisconnect } from '../shopify/payloads/inventory';
import { order } from '../shopify/payloads/order';
import { orderEdited } from '../shopify/payloads/order-edit';
import { product } from '../shopify/payloads/product';
import { refund } from '../shopify/payloads/refund';
import { shop } from '../shopify/payloads/shop';
import { customerRows } from './customers';
import { inventoryDisconnectRows, inventoryItemRows, inventoryLevelRows } from './inventory';
import {
  bulkOperationRows,
  customerRedactRows,
  dataRequestRows,
  deletionRows,
  shopRedactRows,
  shopRows,
  uninstallRows,
} from './lifecycle';
import { orderEditRows, orderRows } from './orders';
import type { PiiPolicies, PiiPolicy } from './pii';
import { collectionRows, productRows } from './products';
import { fulfillmentRows, refundRows } from './refunds';
import type { Source, WarehouseRows } from './rows';

export interface PayloadIssue {
  path: string;
  message: string;
}

/** The customer and order a delivery is about, where it is about one. */
export interface Subjects {
  customerId?: string;
  orderId?: string;
}

export type ValidatedPayload =
  | { ok: true; subjects: Subjects; toRows(source: Source, pii: PiiPolicies): WarehouseRows }
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
  toRows: (payload: z.infer<S>, source: Source, pii: PiiPolicy) => WarehouseRows,
  subjects: (payload: z.infer<S>) => Subjects = () => ({}),
): TopicModel {
  return {
    validate(payload) {
      const parsed = schema.safeParse(payload);
      if (parsed.success) {
        return { ok: true, subjects: subjects(parsed.data), toRows: (source, pii) => toRows(parsed.data, source, pii.forShop(source.shopDomain)) };
      }
      const issues = describe(parsed.error.issues);
      const first = issues[0] ?? { path: '', message: 'invalid payload' };
      return { ok: false, reason: `${first.path || 'payload'}: ${first.message}`, path: first.path, issues };
    },
  };
}

const orderModel = model(order, orderRows, (o) => ({ orderId: o.id, customerId: o.customer?.id }));
const customerModel = model(customer, customerRows, (c) => ({ customerId: c.id }));
const productModel = model(product, productRows);
const collectionModel = model(collection, collectionRows);
const levelModel = model(inventoryLevel, inventoryLevelRows);
const itemModel = model(inventoryItem, inventoryItemRows);
const fulfillmentModel = model(fulfillment, fulfillmentRows, (f) => ({ orderId: f.order_id }));

const topicModels: Readonly<Record<string, TopicModel>> = {
  'orders/create': orderModel,
  'orders/updated': orderModel,
  'orders/paid': orderModel,
  'orders/cancelled': orderModel,
  'orders/fulfilled': orderModel,
  'orders/partially_fulfilled': orderModel,
  'orders/edited': model(orderEdited, orderEditRows, (e) => ({ orderId: e.order_edit.order_id })),
  'orders/delete': model(deletion, deletionRows('order'), (d) => ({ orderId: d.id })),
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
  'inventory_levels/update': levelModel,
  'inventory_levels/connect': levelModel,
  'inventory_levels/disconnect': model(inventoryLevelDisconnect, inventoryDisconnectRows),
  'inventory_items/create': itemModel,
  'inventory_items/update': itemModel,
  'inventory_items/delete': model(deletion, deletionRows('inventory_item')),
  'refunds/create': model(refund, refundRows, (r) => ({ orderId: r.order_id })),
  'fulfillments/create': fulfillmentModel,
  'fulfillments/update': fulfillmentModel,
  'app/uninstalled': model(shop, uninstallRows),
  'shop/update': model(shop, shopRows),
  'bulk_operations/finish': model(bulkOperationFinish, bulkOperationRows),
  'customers/data_request': model(customersDataRequest, dataRequestRows, (r) => ({ customerId: r.customer.id })),
  'customers/redact': model(customersRedact, customerRedactRows, (r) => ({ customerId: r.customer.id })),
  'shop/redact': model(shopRedact, shopRedactRows),
};

export const modelledTopics = Object.keys(topicModels);

/**
 * Topics that only Shopify may send, signed with the app's secret: the shop's lifecycle, its bulk
 * operations and the compliance requests. They act on the shop itself (its install, its resyncs,
 * its data), so a file uploaded with a partner key never carries them.
 */
const SHOPIFY_ONLY_TOPICS: ReadonlySet<string> = new Set(['app/uninstalled', 'shop/update', 'bulk_operations/finish', ...COMPLIANCE_TOPICS]);

/** The modelled topics that carry a shop's records (orders, products, customers, inventory, …): what an upload may carry. */
export const dataTopics = modelledTopics.filter((topic) => !SHOPIFY_ONLY_TOPICS.has(topic));

export function topicModel(topic: string): TopicModel | undefined {
  return Object.hasOwn(topicModels, topic) ? topicModels[topic] : undefined;
}
