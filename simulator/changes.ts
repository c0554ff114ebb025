/**
 * Changes to a shop, each applied to the model and recorded as the webhooks Shopify would send
 * for it. Mutations (one change at a time) and scenarios (a day's worth) are both made of these.
 *
 * Every change is stamped `at` (the driver's current time), but never at or before the record's
 * previous `updatedAt`: with second-resolution timestamps two versions of a record must differ,
 * or no consumer could tell which is newer.
 */
import { makeCollection, makeProduct, makeVariant, takenCollectionHandles, takenProductHandles } from './catalog-records';
import { abandonedCheckoutAfter, abandonmentFollows, CHECKOUT_CHANNEL, checkoutHistory, completedCheckoutOf } from './checkouts';
import { makeCustomer } from './customer-records';
import { codeDiscount } from './discount-records';
import { completedDraftOf, DRAFT_ORDER_CHANNEL, draftHistory, quoteAfter, quoteFollows } from './draft-orders';
import {
  checkoutEvent,
  collectionEvent,
  customerEvent,
  deletionEvent,
  discountDeletionEvent,
  discountEvent,
  draftOrderEvent,
  fulfillmentEvent,
  inventoryItemEvent,
  inventoryLevelEvent,
  orderEvent,
  productEvent,
  refundEvent,
  type ShopEvent,
  transactionEvent,
} from './events';
import { type OrderDraft, placeOrder } from './generate';
import type {
  CancelReason,
  Checkout,
  Collection,
  Customer,
  Discount,
  DraftOrder,
  FulfillmentDisplayStatus,
  InventoryItem,
  Order,
  Product,
  ShopModel,
} from './model';
import * as lifecycle from './order-lifecycle';
import type { Random } from './random';
import { DAY, SECOND } from './time';
import { COLORS, CUSTOMER_TAGS, ORDER_TAGS, PRODUCT_TAGS, REFUND_NOTES, SIZES } from './vocabulary';

const SORT_CYCLE: readonly Collection['sortOrder'][] = ['BEST_SELLING', 'ALPHA_ASC', 'MANUAL', 'CREATED_DESC', 'PRICE_ASC', 'ALPHA_DESC'];

export class ShopChanges {
  readonly events: ShopEvent[] = [];
  /** The driver's current time (whole seconds). */
  at = 0;
  /** The latest stamp given so far: the simulator answers only once the clock has passed it. */
  latest = 0;

  constructor(
    readonly model: ShopModel,
    readonly rng: Random,
  ) {}

  stamp(previous = 0): number {
    const at = Math.max(this.at, previous + SECOND);
    this.latest = Math.max(this.latest, at);
    return at;
  }

  private emit(...events: ShopEvent[]): void {
    this.events.push(...events);
  }

  /** Stores the order's new version; the transactions it gained are sent as order_transactions/create. */
  private saveOrder(order: Order): Order {
    const before = this.model.orders.get(order.id)?.transactions.length ?? 0;
    this.model.orders.set(order.id, order);
    for (const made of order.transactions.slice(before)) this.emit(transactionEvent(this.model, order, made));
    return order;
  }

  activeLocationId(): string {
    const locations = [...this.model.locations.values()];
    return (locations.find((location) => location.isActive) ?? locations[0]!).id;
  }

  // Orders

  /**
   * Places an order, with what it came from (an online store order's checkout, a draft order
   * channel's draft: their earlier versions sent before the order, their completion after it) and
   * what follows it (a quote, an abandoned checkout), each version sent as a webhook.
   */
  placeOrder(draft: OrderDraft, products: readonly Product[], lines?: number): Order {
    const order = this.saveOrder(placeOrder(this.model, this.rng, draft, products, this.stamp(), lines));
    const drafts = order.sourceName === DRAFT_ORDER_CHANNEL ? draftHistory(completedDraftOf(this.model, order)) : [];
    const checkouts = order.sourceName === CHECKOUT_CHANNEL ? checkoutHistory(completedCheckoutOf(order)) : [];
    for (const version of drafts.slice(0, -1)) this.saveDraftOrder(version);
    for (const version of checkouts.slice(0, -1)) this.saveCheckout(version);
    this.emit(orderEvent(this.model, 'orders/create', order));
    if (order.financialStatus === 'PAID') this.emit(orderEvent(this.model, 'orders/paid', order));
    for (const version of drafts.slice(-1)) this.saveDraftOrder(version);
    for (const version of checkouts.slice(-1)) this.saveCheckout(version);
    if (quoteFollows(order)) {
      const created = this.stamp();
      for (const version of draftHistory(quoteAfter(this.model, order, { created, invoiced: this.stamp(created) }))) this.saveDraftOrder(version);
    }
    if (abandonmentFollows(order)) {
      const created = this.stamp();
      for (const version of checkoutHistory(abandonedCheckoutAfter(this.model, order, { created, left: this.stamp(created) }))) this.saveCheckout(version);
    }
    return order;
  }

  /** Stores a version of a draft order: draft_orders/create for a new one, draft_orders/update after. */
  private saveDraftOrder(draft: DraftOrder): void {
    const topic = this.model.draftOrders.has(draft.id) ? 'draft_orders/update' : 'draft_orders/create';
    this.model.draftOrders.set(draft.id, draft);
    this.emit(draftOrderEvent(this.model, topic, draft));
  }

  /** Stores a version of a checkout: checkouts/create for a new one, checkouts/update after. */
  private saveCheckout(checkout: Checkout): void {
    const topic = this.model.checkouts.has(checkout.id) ? 'checkouts/update' : 'checkouts/create';
    this.model.checkouts.set(checkout.id, checkout);
    this.emit(checkoutEvent(this.model, topic, checkout));
  }

  /** Stock leaves the shelf: one level update per line, at the selling location. */
  sellFromStock(order: Order, locationId = this.activeLocationId()): void {
    for (const line of order.lineItems) {
      const variant = line.productId ? this.model.products.get(line.productId)?.variants.find((v) => v.id === line.variantId) : undefined;
      if (variant) this.adjustLevel(variant.inventoryItemId, locationId, -line.quantity);
    }
  }

  pay(order: Order): Order {
    const paid = this.saveOrder(lifecycle.pay(this.model, order, this.stamp(order.updatedAt)));
    this.emit(orderEvent(this.model, 'orders/paid', paid), orderEvent(this.model, 'orders/updated', paid));
    return paid;
  }

  fulfill(order: Order, options: Partial<lifecycle.FulfillOptions> = {}): Order {
    const next = lifecycle.fulfill(this.model, this.rng, order, this.stamp(order.updatedAt), {
      locationId: options.locationId ?? this.activeLocationId(),
      displayStatus: options.displayStatus ?? 'IN_TRANSIT',
      partial: options.partial,
      tracked: options.tracked ?? order.sourceName !== 'pos',
    });
    if (next === order) return order;
    this.saveOrder(next);
    const shipment = next.fulfillments[next.fulfillments.length - 1]!;
    this.emit(
      fulfillmentEvent(this.model, 'fulfillments/create', next, shipment),
      orderEvent(this.model, next.fulfillmentStatus === 'FULFILLED' ? 'orders/fulfilled' : 'orders/partially_fulfilled', next),
      orderEvent(this.model, 'orders/updated', next),
    );
    return next;
  }

  advanceShipment(order: Order, status: FulfillmentDisplayStatus): Order {
    const shipment = order.fulfillments.find((f) => f.displayStatus !== 'DELIVERED' && f.displayStatus !== 'FULFILLED');
    if (!shipment) return order;
    const next = this.saveOrder(lifecycle.advanceShipment(order, shipment.id, status, this.stamp(order.updatedAt)));
    const updated = next.fulfillments.find((f) => f.id === shipment.id)!;
    this.emit(fulfillmentEvent(this.model, 'fulfillments/update', next, updated), orderEvent(this.model, 'orders/updated', next));
    return next;
  }

  refund(order: Order, options: { full?: boolean; restock?: boolean } = {}): Order {
    const next = lifecycle.refund(this.model, this.rng, order, this.stamp(order.updatedAt), {
      full: options.full,
      restockType: options.restock === false ? 'NO_RESTOCK' : order.fulfillments.length > 0 ? 'RETURN' : 'CANCEL',
      locationId: this.activeLocationId(),
      note: options.full ? 'Refunded in full' : this.rng.pick(REFUND_NOTES),
    });
    if (next === order) return order;
    this.saveOrder(next);
    this.emit(refundEvent(this.model, next, next.refunds[next.refunds.length - 1]!), orderEvent(this.model, 'orders/updated', next));
    return next;
  }

  cancel(order: Order, reason: CancelReason): Order {
    let current = order;
    if (current.financialStatus === 'PAID' || current.financialStatus === 'PARTIALLY_REFUNDED') current = this.refund(current, { full: true });
    const cancelled = this.saveOrder(lifecycle.cancel(this.model, current, reason, this.stamp(current.updatedAt)));
    this.emit(orderEvent(this.model, 'orders/cancelled', cancelled), orderEvent(this.model, 'orders/updated', cancelled));
    return cancelled;
  }

  tagOrder(order: Order, tag = this.rng.pick(ORDER_TAGS)): Order {
    const next = this.saveOrder(lifecycle.addTag(order, tag, this.stamp(order.updatedAt)));
    this.emit(orderEvent(this.model, 'orders/updated', next));
    return next;
  }

  /** A visible update: payment captured if it was pending, else a new tag. */
  updateOrder(order: Order): Order {
    if (order.financialStatus === 'PENDING' || order.financialStatus === 'AUTHORIZED') return this.pay(order);
    return this.tagOrder(order, `updated-${this.rng.hex(4)}`);
  }

  deleteOrder(order: Order): void {
    this.model.orders.delete(order.id);
    this.emit(deletionEvent('orders/delete', order.id, this.stamp()));
  }

  // Inventory

  adjustLevel(itemId: string, locationId: string, delta: number): void {
    const item = this.model.inventoryItems.get(itemId);
    const level = item?.levels.find((l) => l.locationId === locationId);
    if (!item || !level) return;
    const changed = { ...level, available: level.available + delta, updatedAt: this.stamp(level.updatedAt) };
    const next: InventoryItem = { ...item, levels: item.levels.map((l) => (l === level ? changed : l)) };
    this.model.inventoryItems.set(item.id, next);
    this.emit(inventoryLevelEvent(this.model, next, changed));
  }

  updateInventoryItem(item: InventoryItem): InventoryItem {
    const cost = Math.max(1, Math.round((item.cost ?? 1000) * (0.9 + this.rng.next() * 0.25)));
    const next: InventoryItem = { ...item, cost, updatedAt: this.stamp(item.updatedAt) };
    this.model.inventoryItems.set(item.id, next);
    this.emit(inventoryItemEvent(this.model, 'inventory_items/update', next));
    return next;
  }

  // Products

  private saveProduct(product: Product, topic: string): Product {
    this.model.products.set(product.id, product);
    this.emit(productEvent(this.model, topic, product));
    return product;
  }

  private addItems(items: readonly InventoryItem[]): void {
    for (const item of items) {
      this.model.inventoryItems.set(item.id, item);
      this.emit(inventoryItemEvent(this.model, 'inventory_items/create', item));
      for (const level of item.levels) this.emit(inventoryLevelEvent(this.model, item, level));
    }
  }

  createProduct(): Product {
    const at = this.stamp();
    const { product, items } = makeProduct(this.model, this.rng, takenProductHandles(this.model), at, at);
    const created: Product = {
      ...product,
      updatedAt: at,
      variants: product.variants.map((variant) => ({ ...variant, updatedAt: at })),
      publishedAt: product.publishedAt === null ? null : at,
    };
    const stocked = items.map((item) => ({ ...item, updatedAt: at, levels: item.levels.map((level) => ({ ...level, updatedAt: at })) }));
    this.model.products.set(created.id, created);
    this.addItems(stocked);
    this.emit(productEvent(this.model, 'products/create', created));
    return created;
  }

  /** A new price on one variant (and a tag now and then). */
  updateProduct(product: Product): Product {
    const at = this.stamp(product.updatedAt);
    const index = this.rng.int(product.variants.length);
    const variants = product.variants.map((variant, i) =>
      i === index
        ? {
            ...variant,
            price: Math.max(100, Math.round(variant.price * (this.rng.chance(0.5) ? 1.1 : 0.9))),
            updatedAt: Math.max(at, variant.updatedAt + SECOND),
          }
        : variant,
    );
    const tags = this.rng.chance(0.4) ? [...new Set([...product.tags, this.rng.pick(PRODUCT_TAGS)])] : product.tags;
    return this.saveProduct({ ...product, variants, tags, updatedAt: Math.max(at, ...variants.map((v) => v.updatedAt)) }, 'products/update');
  }

  deleteProduct(product: Product): void {
    const at = this.stamp();
    this.model.products.delete(product.id);
    this.emit(deletionEvent('products/delete', product.id, at));
    for (const variant of product.variants) {
      this.model.inventoryItems.delete(variant.inventoryItemId);
      this.emit(deletionEvent('inventory_items/delete', variant.inventoryItemId, at));
    }
  }

  /** A new variant (a new inventory item): products/update and inventory_items/create. */
  addVariant(product: Product): InventoryItem {
    const at = this.stamp(product.updatedAt);
    const taken = new Set(product.variants.map((variant) => variant.title));
    const value = [...SIZES, ...COLORS].find((candidate) => !taken.has(candidate)) ?? `Edition ${product.variants.length + 1}`;
    const name = product.variants[0]?.options[0]?.name === 'Color' ? 'Color' : 'Size';
    const skuBase = product.variants[0]?.sku.replace(/-\d+$/, '') ?? product.handle.toUpperCase();
    const { variant, item } = makeVariant(this.model, this.rng, [{ name, value }], product.variants.length + 1, skuBase, at, at);
    const stocked = { ...item, updatedAt: at, levels: item.levels.map((level) => ({ ...level, updatedAt: at })) };
    this.saveProduct({ ...product, variants: [...product.variants, { ...variant, updatedAt: at }], updatedAt: at }, 'products/update');
    this.addItems([stocked]);
    return stocked;
  }

  /** Removes the variant holding `item` (or the whole product, for its last variant). */
  removeVariantOf(item: InventoryItem): void {
    const product = [...this.model.products.values()].find((p) => p.variants.some((v) => v.inventoryItemId === item.id));
    if (!product || product.variants.length === 1) {
      if (product) {
        this.deleteProduct(product);
        return;
      }
      this.model.inventoryItems.delete(item.id);
      this.emit(deletionEvent('inventory_items/delete', item.id, this.stamp()));
      return;
    }
    const at = this.stamp(product.updatedAt);
    const variants = product.variants.filter((v) => v.inventoryItemId !== item.id).map((v, i) => ({ ...v, position: i + 1 }));
    this.saveProduct({ ...product, variants, updatedAt: at }, 'products/update');
    this.model.inventoryItems.delete(item.id);
    this.emit(deletionEvent('inventory_items/delete', item.id, at));
  }

  // Customers

  createCustomer(): Customer {
    const customer = makeCustomer(this.model, this.rng, this.stamp());
    this.model.customers.set(customer.id, customer);
    this.emit(customerEvent(this.model, 'customers/create', customer));
    return customer;
  }

  updateCustomer(customer: Customer): Customer {
    const tag = this.rng.pick(CUSTOMER_TAGS);
    const tags = customer.tags.includes(tag) ? customer.tags.filter((t) => t !== tag) : [...customer.tags, tag];
    const next: Customer = { ...customer, tags, updatedAt: this.stamp(customer.updatedAt) };
    this.model.customers.set(next.id, next);
    this.emit(customerEvent(this.model, 'customers/update', next));
    return next;
  }

  deleteCustomer(customer: Customer): void {
    this.model.customers.delete(customer.id);
    this.emit(deletionEvent('customers/delete', customer.id, this.stamp()));
  }

  // Collections

  createCollection(): Collection {
    const collection = makeCollection(this.model, this.rng, takenCollectionHandles(this.model), this.stamp());
    this.model.collections.set(collection.id, collection);
    this.emit(collectionEvent(this.model, 'collections/create', collection));
    return collection;
  }

  updateCollection(collection: Collection): Collection {
    const sortOrder = SORT_CYCLE[(SORT_CYCLE.indexOf(collection.sortOrder) + 1) % SORT_CYCLE.length]!;
    const next: Collection = { ...collection, sortOrder, updatedAt: this.stamp(collection.updatedAt) };
    this.model.collections.set(next.id, next);
    this.emit(collectionEvent(this.model, 'collections/update', next));
    return next;
  }

  deleteCollection(collection: Collection): void {
    this.model.collections.delete(collection.id);
    this.emit(deletionEvent('collections/delete', collection.id, this.stamp()));
  }

  // Discounts

  /** A new code discount, 25 % off, with a code of its own. */
  createDiscount(): Discount {
    const index = this.model.nextDiscount++;
    const discount = codeDiscount(index, { code: `PROMO${index}`, type: 'percentage', value: 25 }, this.model.info.currency, this.stamp());
    this.model.discounts.set(discount.id, discount);
    this.emit(discountEvent(this.model, 'discounts/create', discount));
    return discount;
  }

  /** The discount now ends thirty days from the change. */
  updateDiscount(discount: Discount): Discount {
    const at = this.stamp(discount.updatedAt);
    const next: Discount = { ...discount, endsAt: at + 30 * DAY, updatedAt: at };
    this.model.discounts.set(next.id, next);
    this.emit(discountEvent(this.model, 'discounts/update', next));
    return next;
  }

  deleteDiscount(discount: Discount): void {
    this.model.discounts.delete(discount.id);
    this.emit(discountDeletionEvent(this.model, discount, this.stamp()));
  }
}
