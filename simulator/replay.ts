/**
 * `replay-all`: the current state of every record as the webhooks that would have created it.
 * Loading these must give the same warehouse as a full resync of the same shop: that is the
 * convergence test. Events are made one at a time, as they are sent.
 */
import {
  checkoutEvent,
  collectionEvent,
  customerEvent,
  discountEvent,
  draftOrderEvent,
  fulfillmentEvent,
  inventoryItemEvent,
  inventoryLevelEvent,
  locationEvent,
  orderEvent,
  productEvent,
  refundEvent,
  returnEvents,
  type ShopEvent,
  shopEvent,
  transactionEvent,
} from './events';
import type { ShopModel } from './model';

export function* replayEvents(model: ShopModel): Generator<ShopEvent> {
  // Captured up front, so that records changed during a long replay are sent as they were.
  const products = [...model.products.values()];
  const collections = [...model.collections.values()];
  const customers = [...model.customers.values()];
  const items = [...model.inventoryItems.values()];
  const orders = [...model.orders.values()];
  const draftOrders = [...model.draftOrders.values()];
  const checkouts = [...model.checkouts.values()];
  const discounts = [...model.discounts.values()];

  yield shopEvent(model, model.info);
  for (const location of model.locations.values()) yield locationEvent(model, 'locations/create', location);
  for (const product of products) yield productEvent(model, 'products/create', product);
  for (const collection of collections) yield collectionEvent(model, 'collections/create', collection);
  for (const customer of customers) yield customerEvent(model, 'customers/create', customer);
  for (const item of items) yield inventoryItemEvent(model, 'inventory_items/create', item);
  for (const item of items) for (const level of item.levels) yield inventoryLevelEvent(model, item, level);
  for (const discount of discounts) yield discountEvent(model, 'discounts/create', discount);
  for (const order of orders) {
    yield orderEvent(model, 'orders/create', order);
    for (const transaction of order.transactions) yield transactionEvent(model, order, transaction);
    for (const refund of order.refunds) yield refundEvent(model, order, refund);
    for (const fulfillment of order.fulfillments) yield fulfillmentEvent(model, 'fulfillments/create', order, fulfillment);
    for (const made of order.returns) yield* returnEvents(order, made);
  }
  for (const draft of draftOrders) yield draftOrderEvent(model, 'draft_orders/create', draft);
  for (const checkout of checkouts) yield checkoutEvent(model, 'checkouts/create', checkout);
}
