/** New orders: lines from the catalog, discounts, tax, shipping and totals that add up. */
import type {
  Customer,
  DiscountAllocation,
  DiscountApplication,
  DiscountCode,
  FinancialStatus,
  LineItem,
  Order,
  Product,
  ShippingLine,
  ShopModel,
  Transaction,
  Variant,
} from './model';
import type { Random } from './random';
import { AUTOMATIC_DISCOUNT, CUSTOM_ITEMS, type DISCOUNT_CODES } from './vocabulary';

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
    picks.push({
      product,
      variant: rng.pick(product.variants),
      quantity: rng.weighted([
        [1, 70],
        [2, 20],
        [3, 6],
        [5, 4],
      ] as const),
    });
  }
  return picks;
}

export function lineCount(rng: Random): number {
  return rng.weighted([
    [1, 30],
    [2, 24],
    [3, 17],
    [4, 12],
    [5, 9],
    [6, 8],
  ] as const);
}

/** Splits `amount` over `weights` in proportion, the remainder on the last: the shares add up exactly. */
function spread(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = weights.map((weight) => (total === 0 ? 0 : Math.floor((amount * weight) / total)));
  const last = shares.length - 1;
  if (last >= 0) shares[last] = shares[last]! + amount - shares.reduce((sum, share) => sum + share, 0);
  return shares;
}

interface Discounting {
  applications: DiscountApplication[];
  /** Per line, then for the shipping line: what each application took off it. */
  lines: DiscountAllocation[][];
  shipping: DiscountAllocation[];
}

/**
 * The order's discount applications and their allocations, as Shopify records them: the shop's
 * automatic discount on orders large enough, then the customer's code. Percentages apply to each
 * line's price; a fixed amount is spread across the lines; free shipping takes the shipping line.
 */
function discounting(grosses: readonly number[], shipping: number, code: DiscountSpec | null): Discounting {
  const result: Discounting = { applications: [], lines: grosses.map(() => []), shipping: [] };
  const remaining = [...grosses];
  const take = (index: number, shares: readonly number[]) => {
    shares.forEach((share, line) => {
      const amount = Math.min(share, remaining[line]!);
      if (amount <= 0) return;
      remaining[line]! -= amount;
      result.lines[line]!.push({ applicationIndex: index, amount });
    });
  };
  const gross = grosses.reduce((sum, value) => sum + value, 0);
  if (gross >= AUTOMATIC_DISCOUNT.minimum) {
    const index =
      result.applications.push({
        kind: 'AutomaticDiscountApplication',
        code: null,
        title: AUTOMATIC_DISCOUNT.title,
        description: null,
        valueType: 'PERCENTAGE',
        value: AUTOMATIC_DISCOUNT.percentage,
        allocationMethod: 'ACROSS',
        targetSelection: 'ALL',
        targetType: 'LINE_ITEM',
      }) - 1;
    take(
      index,
      grosses.map((line) => Math.round((line * AUTOMATIC_DISCOUNT.percentage) / 100)),
    );
  }
  if (code) {
    const shippingCode = code.type === 'shipping';
    const index =
      result.applications.push({
        kind: 'DiscountCodeApplication',
        code: code.code,
        title: null,
        description: null,
        valueType: code.type === 'fixed_amount' ? 'FIXED_AMOUNT' : 'PERCENTAGE',
        value: code.value,
        allocationMethod: code.type === 'percentage' || shippingCode ? 'EACH' : 'ACROSS',
        targetSelection: 'ALL',
        targetType: shippingCode ? 'SHIPPING_LINE' : 'LINE_ITEM',
      }) - 1;
    if (shippingCode) {
      if (shipping > 0) result.shipping.push({ applicationIndex: index, amount: Math.round((shipping * code.value) / 100) });
    } else if (code.type === 'percentage') {
      take(
        index,
        grosses.map((line) => Math.round((line * code.value) / 100)),
      );
    } else {
      take(
        index,
        spread(
          Math.min(
            code.value,
            remaining.reduce((sum, value) => sum + value, 0),
          ),
          remaining,
        ),
      );
    }
  }
  return result;
}

const sumOf = (allocations: readonly DiscountAllocation[]) => allocations.reduce((sum, allocation) => sum + allocation.amount, 0);

export function makeOrder(model: ShopModel, spec: OrderSpec, rng: Random): Order {
  const grosses = spec.picks.map((pick) => (pick.variant?.price ?? 500) * pick.quantity);
  const discounts = discounting(grosses, spec.shipping, spec.discount);
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
    discountAllocations: discounts.lines[index]!,
  }));
  const shippingLines: ShippingLine[] =
    spec.shipping > 0
      ? [
          {
            id: model.ids.next('shippingLine'),
            title: 'Standard Shipping',
            code: 'Standard',
            source: 'shopify',
            price: spec.shipping,
            discountAllocations: discounts.shipping,
          },
        ]
      : [];
  const gross = grosses.reduce((sum, value) => sum + value, 0);
  const lineDiscounts = discounts.lines.reduce((sum, allocations) => sum + sumOf(allocations), 0);
  const shippingDiscount = sumOf(discounts.shipping);
  const subtotal = gross - lineDiscounts;
  const tax = Math.round(subtotal * model.taxRate);
  const discountCodes: DiscountCode[] = discounts.applications.flatMap((application, index) =>
    application.code === null
      ? []
      : [
          {
            code: application.code,
            amount:
              discounts.lines.reduce((sum, line) => sum + sumOf(line.filter((a) => a.applicationIndex === index)), 0) +
              sumOf(discounts.shipping.filter((a) => a.applicationIndex === index)),
            type: spec.discount!.type,
          },
        ],
  );
  const total = subtotal + tax + spec.shipping - shippingDiscount;
  const number = model.nextOrderNumber++;
  const order: Order = {
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
    discountApplications: discounts.applications,
    subtotal,
    tax,
    discounts: lineDiscounts + shippingDiscount,
    shipping: spec.shipping,
    total,
    lineItems,
    shippingLines,
    transactions: [],
    refunds: [],
    fulfillments: [],
    returns: [],
  };
  return { ...order, transactions: openingTransactions(model, order) };
}

/** The gateway of an order's payments: cash at the counter, Shopify Payments online. */
export const gatewayOf = (order: Pick<Order, 'sourceName'>) => (order.sourceName === 'pos' ? 'cash' : 'shopify_payments');

/** A paid order was charged when placed; an authorized one has its authorization; a pending one has nothing yet. */
function openingTransactions(model: ShopModel, order: Order): Transaction[] {
  const kind = order.financialStatus === 'PAID' ? 'SALE' : order.financialStatus === 'AUTHORIZED' ? 'AUTHORIZATION' : null;
  if (!kind) return [];
  return [
    { id: model.ids.next('transaction'), kind, status: 'SUCCESS', gateway: gatewayOf(order), amount: order.total, parentId: null, createdAt: order.createdAt },
  ];
}

export function orderName(order: Order): string {
  return `#${order.number}`;
}

/** Σ price × quantity: REST's `total_line_items_price`, which GraphQL does not have. */
export function lineItemsGross(order: Order): number {
  return order.lineItems.reduce((sum, line) => sum + line.price * line.quantity, 0);
}
