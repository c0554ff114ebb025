/** New orders: lines from the catalog, discounts, tax, shipping and totals that add up. */
import type { Customer, DiscountCode, FinancialStatus, LineItem, Order, Product, ShopModel, Variant } from './model';
import type { Random } from './random';
import { CUSTOM_ITEMS, DISCOUNT_CODES } from './vocabulary';

export interface LinePick {
  product: Product | null;
  variant: Variant | null;
  quantity: number;
}

export type DiscountSpec = (typeof DISCOUNT_CODES)[number];

export interface OrderSpec {
  at: number;
  customer: Customer | null;
  /** A guest's email; ignored when there is a customer. */
  guestEmail: string | null;
  sourceName: string;
  picks: readonly LinePick[];
  discount: DiscountSpec | null;
  financialStatus: FinancialStatus;
  tags: readonly string[];
  presentmentCurrency: string;
  test: boolean;
  shipping: number;
}

/** Popular products sell more: earlier products in the list are picked more often. */
function pickProduct(rng: Random, products: readonly Product[]): Product {
  return products[Math.floor(products.length * rng.next() ** 2)]!;
}

export function pickLines(rng: Random, products: readonly Product[], count: number): LinePick[] {
  const picks: LinePick[] = [];
  for (let i = 0; i < count; i++) {
    if (products.length === 0 || rng.chance(0.02)) {
      picks.push({ product: null, variant: null, quantity: 1 });
      continue;
    }
    const product = pickProduct(rng, products);
    picks.push({ product, variant: rng.pick(product.variants), quantity: rng.weighted([[1, 70], [2, 20], [3, 6], [5, 4]] as const) });
  }
  return picks;
}

export function lineCount(rng: Random): number {
  return rng.weighted([[1, 30], [2, 24], [3, 17], [4, 12], [5, 9], [6, 8]] as const);
}

function allocateDiscount(grosses: readonly number[], discount: DiscountSpec | null): number[] {
  if (!discount) return grosses.map(() => 0);
  if (discount.type === 'percentage') return grosses.map((gross) => Math.round((gross * discount.value) / 100));
  const total = grosses.reduce((sum, gross) => sum + gross, 0);
  const amount = Math.min(discount.value, total);
  const shares = grosses.map((gross) => (total === 0 ? 0 : Math.floor((amount * gross) / total)));
  const remainder = amount - shares.reduce((sum, share) => sum + share, 0);
  const last = shares.length - 1;
  if (last >= 0) shares[last] = shares[last]! + remainder;
  return shares;
}

export function makeOrder(model: ShopModel, spec: OrderSpec, rng: Random): Order {
  const grosses = spec.picks.map((pick) => (pick.variant?.price ?? 500) * pick.quantity);
  const discounts = allocateDiscount(grosses, spec.discount);
  const lineItems: LineItem[] = spec.picks.map((pick, index) => ({
    id: model.ids.next('lineItem'),
    productId: pick.product?.id ?? null,
    variantId: pick.variant?.id ?? null,
    sku: pick.variant?.sku ?? '',
    title: pick.product?.title ?? rng.pick(CUSTOM_ITEMS),
    variantTitle: pick.variant && pick.variant.title !== 'Default Title' ? pick.variant.title : null,
    vendor: pick.product?.vendor ?? null,
    quantity: pick.quantity,
    price: pick.variant?.price ?? 500,
    discount: discounts[index]!,
  }));
  const gross = grosses.reduce((sum, value) => sum + value, 0);
  const discountTotal = discounts.reduce((sum, value) => sum + value, 0);
  const subtotal = gross - discountTotal;
  const tax = Math.round(subtotal * model.taxRate);
  const discountCodes: DiscountCode[] = spec.discount ? [{ code: spec.discount.code, amount: discountTotal, type: spec.discount.type }] : [];
  const number = model.nextOrderNumber++;
  return {
    id: model.ids.next('order'),
    number,
    email: spec.customer?.email ?? spec.guestEmail,
    customerId: spec.customer?.id ?? null,
    createdAt: spec.at,
    updatedAt: spec.at,
    processedAt: spec.at,
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    presentmentCurrency: spec.presentmentCurrency,
    financialStatus: spec.financialStatus,
    fulfillmentStatus: 'UNFULFILLED',
    sourceName: spec.sourceName,
    tags: spec.tags,
    test: spec.test,
    discountCodes,
    subtotal,
    tax,
    discounts: discountTotal,
    shipping: spec.shipping,
    total: subtotal + tax + spec.shipping,
    lineItems,
    refunds: [],
    fulfillments: [],
  };
}

export function orderName(order: Order): string {
  return `#${order.number}`;
}

/** Σ price × quantity: REST's `total_line_items_price`, which GraphQL does not have. */
export function lineItemsGross(order: Order): number {
  return order.lineItems.reduce((sum, line) => sum + line.price * line.quantity, 0);
}
