/**
 * Webhook events for model changes. Each captures the record versions it was triggered with
 * (records are immutable) and renders its REST body only when it is sent.
 */
import type {
  Checkout,
  Collection,
  Customer,
  Discount,
  DraftOrder,
  Fulfillment,
  InventoryItem,
  InventoryLevel,
  Location,
  Order,
  Product,
  Refund,
  Return,
  ShopInfo,
  ShopModel,
  Transaction,
} from './model';
import type { Random } from './random';
import type { RestObject } from './rest-json';
import {
  type RestContext,
  restCheckout,
  restCollection,
  restCustomer,
  restDeletion,
  restDiscount,
  restDiscountDeletion,
  restDraftOrder,
  restFulfillment,
  restInventoryItem,
  restInventoryLevel,
  restLocation,
  restOrder,
  restProduct,
  restRefund,
  restReturnDeclined,
  restReturnStatus,
  restReturnWithLines,
  restShop,
  restTransaction,
} from './rest-view';
import type { Delivery } from './webhooks';

export interface ShopEvent {
  topic: string;
  at: number;
  /** The REST body, rendered when sent. */
  payload: () => RestObject;
  /** The record the event is about, when versions of it can be told apart by `updated_at`. */
  resource?: string;
}

export function restContext(model: ShopModel): RestContext {
  return { timeZone: model.info.ianaTimezone, currency: model.info.currency, domain: model.domain, shopId: model.info.id };
}

const event = (topic: string, at: number, payload: () => RestObject, resource?: string): ShopEvent => ({ topic, at, payload, resource });

const customerOf = (model: ShopModel, record: { customerId: string | null }) =>
  record.customerId === null ? null : (model.customers.get(record.customerId) ?? null);

export function orderEvent(model: ShopModel, topic: string, order: Order, at = order.updatedAt): ShopEvent {
  const context = restContext(model);
  const customer = customerOf(model, order);
  return event(topic, at, () => restOrder(context, order, customer), `Order/${order.id}`);
}

export function draftOrderEvent(model: ShopModel, topic: string, draft: DraftOrder, at = draft.updatedAt): ShopEvent {
  const context = restContext(model);
  const customer = customerOf(model, draft);
  return event(topic, at, () => restDraftOrder(context, draft, customer), `DraftOrder/${draft.id}`);
}

export function checkoutEvent(model: ShopModel, topic: string, checkout: Checkout, at = checkout.updatedAt): ShopEvent {
  const context = restContext(model);
  const customer = customerOf(model, checkout);
  return event(topic, at, () => restCheckout(context, checkout, customer), `Checkout/${checkout.id}`);
}

export function refundEvent(model: ShopModel, order: Order, refund: Refund): ShopEvent {
  const context = restContext(model);
  return event('refunds/create', refund.createdAt, () => restRefund(context, order, refund));
}

export function transactionEvent(model: ShopModel, order: Order, transaction: Transaction): ShopEvent {
  const context = restContext(model);
  return event('order_transactions/create', transaction.createdAt, () => restTransaction(context, order, transaction));
}

export function fulfillmentEvent(model: ShopModel, topic: 'fulfillments/create' | 'fulfillments/update', order: Order, fulfillment: Fulfillment): ShopEvent {
  const context = restContext(model);
  return event(topic, fulfillment.updatedAt, () => restFulfillment(context, order, fulfillment));
}

export function productEvent(model: ShopModel, topic: string, product: Product, at = product.updatedAt): ShopEvent {
  const context = restContext(model);
  // Stock as it is now, not as it will be when the body is rendered.
  const items = new Map(
    product.variants.flatMap((variant) => {
      const item = model.inventoryItems.get(variant.inventoryItemId);
      return item ? [[item.id, item] as const] : [];
    }),
  );
  return event(topic, at, () => restProduct(context, product, items));
}

export function customerEvent(model: ShopModel, topic: string, customer: Customer, at = customer.updatedAt): ShopEvent {
  const context = restContext(model);
  return event(topic, at, () => restCustomer(context, customer));
}

export function collectionEvent(model: ShopModel, topic: string, collection: Collection, at = collection.updatedAt): ShopEvent {
  const context = restContext(model);
  return event(topic, at, () => restCollection(context, collection));
}

export function inventoryItemEvent(model: ShopModel, topic: string, item: InventoryItem, at = item.updatedAt): ShopEvent {
  const context = restContext(model);
  return event(topic, at, () => restInventoryItem(context, item));
}

export function inventoryLevelEvent(model: ShopModel, item: InventoryItem, level: InventoryLevel, at = level.updatedAt): ShopEvent {
  const context = restContext(model);
  return event('inventory_levels/update', at, () => restInventoryLevel(context, item, level));
}

export function shopEvent(model: ShopModel, info: ShopInfo, at = info.updatedAt): ShopEvent {
  const context = restContext(model);
  return event('shop/update', at, () => restShop(context, info));
}

export function locationEvent(model: ShopModel, topic: string, location: Location, at = location.updatedAt): ShopEvent {
  const context = restContext(model);
  return event(topic, at, () => restLocation(context, location));
}

/** What a return went through, as the returns/* webhooks told it: requested, then approved (and closed) or declined. */
export function returnEvents(order: Order, made: Return): ShopEvent[] {
  const events = [event('returns/request', made.requestedAt, () => restReturnWithLines(order, made, 'requested'))];
  if (made.approvedAt !== null) events.push(event('returns/approve', made.approvedAt, () => restReturnWithLines(order, made, 'open')));
  if (made.declinedAt !== null) events.push(event('returns/decline', made.declinedAt, () => restReturnDeclined(order, made)));
  if (made.closedAt !== null) events.push(event('returns/close', made.closedAt, () => restReturnStatus(order, made, 'closed')));
  return events;
}

export function discountEvent(model: ShopModel, topic: 'discounts/create' | 'discounts/update', discount: Discount, at = discount.updatedAt): ShopEvent {
  const context = restContext(model);
  return event(topic, at, () => restDiscount(context, discount));
}

export function discountDeletionEvent(model: ShopModel, discount: Discount, at: number): ShopEvent {
  const context = restContext(model);
  return event('discounts/delete', at, () => restDiscountDeletion(context, discount, at));
}

export function deletionEvent(topic: string, id: string, at: number): ShopEvent {
  return event(topic, at, () => restDeletion(id));
}

/** Gives an event its webhook and event ids (reproducible from the rng). */
export function toDelivery(shopEvent: ShopEvent, rng: Random): Delivery {
  return {
    topic: shopEvent.topic,
    webhookId: rng.uuid(),
    eventId: rng.uuid(),
    triggeredAt: shopEvent.at,
    payload: shopEvent.payload,
    resource: shopEvent.resource,
  };
}
