/**
 * A whole shop from a seed: locations, catalog, customers and a year of orders ending at `until`.
 * The same spec always gives the same shop (the domain only names it). Built for size: 200,000
 * orders take a few seconds and a few hundred megabytes, with no text rendered up front.
 */
import { makeCollection, makeLocation, makeProduct } from './catalog-records';
import { abandonedCheckoutAfter, abandonmentFollows, abandonmentTimes, CHECKOUT_CHANNEL, completedCheckoutOf } from './checkouts';
import { makeCustomer, personEmail } from './customer-records';
import { makeDiscounts } from './discount-records';
import { completedDraftOf, DRAFT_ORDER_CHANNEL, quoteAfter, quoteFollows, quoteTimes } from './draft-orders';
import { IdSequences } from './ids';
import type { CancelReason, Customer, FinancialStatus, Order, Product, ShopModel } from './model';
import { advanceShipment, cancel, close, fulfill, pay, refund } from './order-lifecycle';
import { type DiscountSpec, lineCount, makeOrder, pickLines } from './order-records';
import { withReturns } from './order-returns';
import { Random, seedFrom } from './random';
import { DAY, HOUR, MINUTE, wholeSeconds } from './time';
import { CHANNELS, DISCOUNT_CODES, FIRST_NAMES, LAST_NAMES, ORDER_TAGS, PLANS, REFUND_NOTES } from './vocabulary';

export interface ShopSpec {
  domain: string;
  seed: number;
  orders: number;
  products: number;
  customers: number;
  collections: number;
  locations: number;
  ianaTimezone: string;
  currency: string;
  /** Generated history ends here (a fixed instant, so that a seed always gives the same shop). */
  until: number;
}

export const DEFAULT_UNTIL = Date.parse('2026-01-01T00:00:00Z');

function shopName(domain: string): string {
  return domain
    .replace(/\.myshopify\.com$/, '')
    .split(/[-.]/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

function shippingFor(rng: Random, sourceName: string, gross: number): number {
  if (sourceName === 'pos' || gross >= 10_000) return 0;
  return rng.pick([0, 599, 999, 1499]);
}

function initialFinancialStatus(rng: Random, sourceName: string): FinancialStatus {
  if (sourceName === 'pos') return 'PAID';
  if (sourceName === 'shopify_draft_order') return rng.chance(0.7) ? 'PAID' : 'PENDING';
  return rng.weighted([
    ['PAID', 88],
    ['AUTHORIZED', 7],
    ['PENDING', 5],
  ] as const);
}

export function guestEmail(rng: Random): string {
  return personEmail(rng, rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
}

/** Everything that happened to one historical order, within [createdAt, until]. */
function history(model: ShopModel, rng: Random, placed: Order, locationIds: readonly string[], until: number): Order {
  let order = placed;
  const at = (after: number, min: number, max: number) => wholeSeconds(Math.min(until, after + min + rng.next() * (max - min)));
  const location = () => rng.pick(locationIds);

  if (order.sourceName === 'pos') {
    order = fulfill(model, rng, order, order.createdAt, { locationId: location(), displayStatus: 'FULFILLED', tracked: false });
    return rng.chance(0.9) ? close(order, order.createdAt) : order;
  }
  if (rng.chance(0.03)) {
    const cancelledAt = at(order.createdAt, HOUR, 2 * DAY);
    const reason: CancelReason = rng.pick(['CUSTOMER', 'FRAUD', 'INVENTORY', 'DECLINED', 'STAFF', 'OTHER']);
    if (order.financialStatus === 'PAID') {
      order = refund(model, rng, order, cancelledAt, { full: true, restockType: 'CANCEL', locationId: location(), note: 'Order cancelled' });
    }
    return cancel(model, order, reason, cancelledAt);
  }
  if (order.financialStatus !== 'PAID' && rng.chance(0.8)) order = pay(model, order, at(order.createdAt, 10 * MINUTE, DAY));
  if (order.financialStatus !== 'PAID' || rng.chance(0.15)) return order;

  const shippedAt = at(order.createdAt, HOUR, 3 * DAY);
  const recent = until - shippedAt < 3 * DAY;
  order = fulfill(model, rng, order, shippedAt, { locationId: location(), displayStatus: recent ? 'IN_TRANSIT' : 'FULFILLED', partial: rng.chance(0.1) });
  const shipment = order.fulfillments[order.fulfillments.length - 1];
  if (shipment && !recent && rng.chance(0.75)) {
    order = advanceShipment(order, shipment.id, rng.chance(0.85) ? 'DELIVERED' : 'IN_TRANSIT', at(shippedAt, DAY, 5 * DAY));
  }
  if (order.fulfillmentStatus === 'PARTIALLY_FULFILLED' && rng.chance(0.7)) {
    order = fulfill(model, rng, order, at(shippedAt, DAY, 4 * DAY), { locationId: location(), displayStatus: 'FULFILLED' });
  }
  if (rng.chance(0.08) && until - shippedAt > 4 * DAY) {
    order = refund(model, rng, order, at(shippedAt, 3 * DAY, 20 * DAY), {
      restockType: rng.chance(0.7) ? 'RETURN' : 'NO_RESTOCK',
      locationId: location(),
      note: rng.pick(REFUND_NOTES),
    });
  }
  if (order.fulfillmentStatus === 'FULFILLED' && rng.chance(0.6)) order = close(order, at(order.updatedAt, HOUR, 2 * DAY));
  return order;
}

/** The draft order or checkout a generated order came from, and the quote or abandoned checkout that followed it before `until`. */
function recordOriginsAndFollowUps(model: ShopModel, order: Order, until: number): void {
  const drafts = [
    ...(order.sourceName === DRAFT_ORDER_CHANNEL ? [completedDraftOf(model, order)] : []),
    ...(quoteFollows(order) && quoteTimes(order).invoiced <= until ? [quoteAfter(model, order, quoteTimes(order))] : []),
  ];
  for (const draft of drafts) model.draftOrders.set(draft.id, draft);
  const checkouts = [
    ...(order.sourceName === CHECKOUT_CHANNEL ? [completedCheckoutOf(order)] : []),
    ...(abandonmentFollows(order) && abandonmentTimes(order).left <= until ? [abandonedCheckoutAfter(model, order, abandonmentTimes(order))] : []),
  ];
  for (const checkout of checkouts) model.checkouts.set(checkout.id, checkout);
}

export interface OrderDraft {
  customer: Customer | null;
  guestEmail: string | null;
  sourceName: string;
  discount: DiscountSpec | null;
}

export function draftOrder(rng: Random, customers: readonly Customer[]): OrderDraft {
  const sourceName = rng.weighted(CHANNELS);
  const customer = customers.length > 0 && rng.chance(0.75) ? rng.pick(customers) : null;
  return {
    customer,
    guestEmail: customer || (sourceName === 'pos' && rng.chance(0.7)) ? null : guestEmail(rng),
    sourceName,
    discount: rng.chance(0.18) ? rng.pick(DISCOUNT_CODES) : null,
  };
}

/** Places an order now-ish: lines, price, channel, payment; no history. */
export function placeOrder(model: ShopModel, rng: Random, draft: OrderDraft, products: readonly Product[], at: number, lines = lineCount(rng)): Order {
  const picks = pickLines(rng, products, lines);
  const gross = picks.reduce((sum, pick) => sum + (pick.variant?.price ?? 500) * pick.quantity, 0);
  return makeOrder(
    model,
    {
      at,
      customer: draft.customer,
      guestEmail: draft.guestEmail,
      sourceName: draft.sourceName,
      picks,
      discount: draft.discount,
      financialStatus: initialFinancialStatus(rng, draft.sourceName),
      tags: rng.chance(0.2) ? rng.sample(ORDER_TAGS, rng.between(1, 2)) : [],
      presentmentCurrency: rng.chance(0.9) ? model.info.currency : rng.pick(['CAD', 'EUR', 'GBP', 'AUD'].filter((c) => c !== model.info.currency)),
      test: rng.chance(0.01),
      shipping: shippingFor(rng, draft.sourceName, gross),
    },
    rng,
  );
}

export function generateShop(spec: ShopSpec): ShopModel {
  const rng = new Random(seedFrom('shop', spec.seed));
  const until = wholeSeconds(spec.until);
  const model: ShopModel = {
    domain: spec.domain,
    seed: spec.seed,
    info: {
      id: String(60_000_000_000 + (seedFrom('shop-id', spec.seed) % 9_000_000_000)),
      name: shopName(spec.domain),
      email: `owner@${spec.domain.replace(/\.myshopify\.com$/, '')}.example`,
      currency: spec.currency,
      ianaTimezone: spec.ianaTimezone,
      planDisplayName: rng.pick(PLANS),
      countryCode: 'US',
      createdAt: until - 700 * DAY,
      updatedAt: until - rng.between(1, 60) * DAY,
    },
    orders: new Map(),
    refundOrders: new Map(),
    products: new Map(),
    collections: new Map(),
    customers: new Map(),
    inventoryItems: new Map(),
    locations: new Map(),
    draftOrders: new Map(),
    checkouts: new Map(),
    ids: new IdSequences(rng),
    nextOrderNumber: 1001,
    nextDraftOrderNumber: 1,
    discounts: new Map(),
    nextDiscount: 0,
    taxRate: 0.08,
  };
  const catalogStart = until - 500 * DAY;
  const spread = (from: number, span: number) => wholeSeconds(from + rng.next() * span);

  for (let i = 0; i < Math.max(1, spec.locations); i++) {
    const location = makeLocation(model, rng, i);
    model.locations.set(location.id, location);
  }
  const productHandles = new Set<string>();
  for (let i = 0; i < spec.products; i++) {
    const { product, items } = makeProduct(model, rng, productHandles, spread(catalogStart, 100 * DAY), until);
    model.products.set(product.id, product);
    for (const item of items) model.inventoryItems.set(item.id, item);
  }
  const collectionHandles = new Set<string>();
  for (let i = 0; i < spec.collections; i++) {
    const collection = makeCollection(model, rng, collectionHandles, spread(catalogStart + 100 * DAY, 300 * DAY));
    model.collections.set(collection.id, collection);
  }
  const customers: Customer[] = [];
  for (let i = 0; i < spec.customers; i++) {
    const created = spread(until - 450 * DAY, 80 * DAY);
    const customer = makeCustomer(model, rng, created, rng.chance(0.4) ? spread(created, until - created) : created);
    customers.push(customer);
    model.customers.set(customer.id, customer);
  }

  for (const discount of makeDiscounts(model, catalogStart)) model.discounts.set(discount.id, discount);

  const sellable = [...model.products.values()].filter((product) => product.status !== 'DRAFT');
  const locationIds = [...model.locations.keys()];
  const orderSpan = 365 * DAY;
  const orderStart = until - orderSpan;
  for (let i = 0; i < spec.orders; i++) {
    const at = wholeSeconds(orderStart + ((i + rng.next()) * orderSpan) / spec.orders);
    const placed = placeOrder(model, rng, draftOrder(rng, customers), sellable, at);
    const order = withReturns(history(model, rng, placed, locationIds, until), until);
    model.orders.set(order.id, order);
    recordOriginsAndFollowUps(model, placed, until);
  }
  return model;
}
