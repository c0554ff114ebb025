/**
 * The shop bench:analytics reports on, from a seed: locations, a catalog whose inventory items
 * have costs that change over time, inventory levels with their recent readings, customers, and
 * `days` of orders ending at `until` with their discounts, shipping, taxes, refunds on later days,
 * fulfillments and checkouts, in the shop's time zone. The same shape always gives the same shop.
 *
 * Orders, refunds and fulfillments are built as the REST resources their webhooks carry and mapped
 * to rows by Wharf's own domain mapping, so the history written in bulk holds the rows Wharf's
 * loader would have written from the same deliveries, and a batch of new orders can go through the
 * real path (parse, validate, map, load). Money is integer cents until it is rendered.
 */
import { Random, seedFrom } from '../../simulator/random';
import { ADJECTIVES, CARRIERS, CITIES, COLORS, MATERIALS, NOUNS, PRODUCT_TYPES, REFUND_NOTES, SIZES, VENDORS } from '../../simulator/vocabulary';
import { customerVersionRow } from '../../src/domain/customers';
import { orderRows } from '../../src/domain/orders';
import type { PiiPolicy } from '../../src/domain/pii';
import { fulfillmentRows, refundRows } from '../../src/domain/refunds';
import { dateKey, type Source } from '../../src/domain/rows';
import { inShopTime } from '../../src/lib/local-time';
import type { Customer as RestCustomer } from '../../src/shopify/payloads/customer';
import type { Fulfillment } from '../../src/shopify/payloads/fulfillment';
import type { Order, OrderLineItem } from '../../src/shopify/payloads/order';
import type { Refund } from '../../src/shopify/payloads/refund';
import type {
  CheckoutRow,
  CustomerVersionRow,
  DiscountAllocationRow,
  FulfillmentRow,
  InventoryItemRow,
  InventoryLevelRow,
  LocationRow,
  OrderDiscountRow,
  OrderLineRow,
  OrderRow,
  ProductRow,
  RefundLineRow,
  RefundRow,
  ShippingLineRow,
  ShopRow,
  VariantRow,
} from '../../src/warehouse/rows';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TAX_RATE = 0.15;

export interface ShopShape {
  domain: string;
  timeZone: string;
  currency: string;
  seed: number;
  orders: number;
  customers: number;
  products: number;
  /** The history spans this many days and ends at `until` (epoch ms). */
  days: number;
  until: number;
}

/** The fact rows of a stretch of history: what the benchmark writes in bulk. */
export interface HistoryRows {
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  orderDiscounts: OrderDiscountRow[];
  discountAllocations: DiscountAllocationRow[];
  shippingLines: ShippingLineRow[];
  refunds: RefundRow[];
  refundLines: RefundLineRow[];
  fulfillments: FulfillmentRow[];
  checkouts: CheckoutRow[];
}

export const emptyHistory = (): HistoryRows => ({
  orders: [],
  orderLines: [],
  orderDiscounts: [],
  discountAllocations: [],
  shippingLines: [],
  refunds: [],
  refundLines: [],
  fulfillments: [],
  checkouts: [],
});

/** What the generated history adds up to in the sales report's terms: the reference the marts are checked against. */
export interface HistoryTotals {
  /** Orders that are neither test nor deleted: sales_daily counts these. */
  orders: number;
  testOrders: number;
  /** Line items of every order, tests included: fact_order_line holds these. */
  lines: number;
  /** Cents, of orders that are not tests: gross sales and discounts of non-gift-card lines, returns of refund lines. */
  grossSales: number;
  discounts: number;
  returns: number;
  refunds: number;
  discountedOrders: number;
  fulfillments: number;
  checkouts: number;
}

interface Variant {
  productId: string;
  variantId: string;
  itemId: string;
  sku: string;
  productTitle: string;
  title: string;
  vendor: string;
  price: number;
}

interface ShopCustomer {
  rest: RestCustomer;
  /** An earlier version with other tags, for a tenth of them: dim_customer then has two rows. */
  earlier: RestCustomer | null;
  createdAt: number;
}

interface Discount {
  code: string;
  kind: 'percentage' | 'fixed_amount' | 'shipping';
  value: number;
}

const CODES: readonly (readonly [Discount, number])[] = [
  [{ code: 'WELCOME10', kind: 'percentage', value: 10 }, 35],
  [{ code: 'SPRING15', kind: 'percentage', value: 15 }, 20],
  [{ code: 'VIP20', kind: 'percentage', value: 20 }, 15],
  [{ code: 'BUNDLE5', kind: 'fixed_amount', value: 500 }, 15],
  [{ code: 'FREESHIP', kind: 'shipping', value: 100 }, 15],
];
const CHANNELS: readonly (readonly [string, number])[] = [
  ['web', 72],
  ['pos', 20],
  ['shopify_draft_order', 8],
];
const LINE_COUNTS: readonly (readonly [number, number])[] = [
  [1, 27],
  [2, 25],
  [3, 20],
  [4, 14],
  [5, 9],
  [6, 5],
];
const BASE_PRICES = [1500, 2500, 3500, 4500, 6000, 8000, 12000, 18000];
const LOCATION_NAMES = ['Main Warehouse', 'Ponsonby Store', 'Outlet'];

/** Integer cents as Shopify's decimal text: 1234 → "12.34". */
export const money = (amount: number) => `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
/** Decimal text with two places (as `money` writes it) back to cents. */
const cents = (amount: string) => Number(amount.replace('.', ''));
const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

const BASE = {
  product: 8_100_000_000,
  variant: 41_200_000_000,
  item: 43_300_000_000,
  location: 71_400_000,
  customer: 6_500_000_000_000,
  order: 5_600_000_000_000,
  line: 13_700_000_000_000,
  shipping: 4_800_000_000_000,
  refund: 905_000_000_000,
  refundLine: 610_000_000_000,
  transaction: 7_100_000_000_000,
  fulfillment: 4_900_000_000_000,
  checkout: 31_000_000_000_000,
} as const;

/** A new id per kind of record, each kind counting up from a base far from the others. */
class Ids {
  private readonly taken = Object.fromEntries(Object.keys(BASE).map((kind) => [kind, 0])) as Record<keyof typeof BASE, number>;
  take(kind: keyof typeof BASE): string {
    return String(BASE[kind] + ++this.taken[kind]);
  }
}

export class AnalyticsShop {
  readonly locationIds: string[] = [];
  private readonly variants: Variant[] = [];
  private readonly customers: ShopCustomer[] = [];
  private readonly rng: Random;
  private readonly ids = new Ids();
  private readonly offsets = new Map<number, { text: string; ms: number }>();
  private readonly start: number;
  private orderNumber = 1000;
  private placed = 0;

  /** The rows of the shop itself, its locations, catalog, inventory and customers: few, loaded through Wharf's loader. */
  readonly shopRow: ShopRow;
  readonly locations: LocationRow[] = [];
  readonly products: ProductRow[] = [];
  readonly productVariants: VariantRow[] = [];
  /** Every version of every inventory item, oldest first: each version's cost lands in the cost history. */
  readonly itemVersions: InventoryItemRow[][] = [];
  /** Inventory level readings, in rounds: the last round is the current level. */
  readonly levelReadings: InventoryLevelRow[][] = [];
  readonly customerVersions: CustomerVersionRow[][] = [[], []];

  readonly totals: HistoryTotals = {
    orders: 0,
    testOrders: 0,
    lines: 0,
    grossSales: 0,
    discounts: 0,
    returns: 0,
    refunds: 0,
    discountedOrders: 0,
    fulfillments: 0,
    checkouts: 0,
  };

  constructor(
    readonly shape: ShopShape,
    private readonly pii: PiiPolicy,
  ) {
    this.rng = new Random(seedFrom('bench-analytics', shape.seed));
    this.start = whole(shape.until - shape.days * DAY);
    const until = whole(shape.until);
    this.shopRow = {
      shopDomain: shape.domain,
      shopifyShopId: '68000000001',
      name: 'Bench Analytics',
      email: 'owner@bench-analytics.example',
      currency: shape.currency,
      countryCode: 'NZ',
      ianaTimezone: shape.timeZone,
      planName: 'Shopify',
      updatedAt: this.local(this.start - 30 * DAY),
      rawKey: this.rawKey('shop', 'shop'),
    };
    this.makeLocations();
    this.makeCatalog(until);
    this.makeLevels(until);
    this.makeCustomers();
  }

  /**
   * An instant as Shopify's REST payloads write it: in the shop's offset. The offset is looked up
   * once per UTC hour (zones change offset on the hour), as millions of timestamps are written.
   */
  local(ms: number): string {
    const hour = Math.floor(ms / HOUR);
    let offset = this.offsets.get(hour);
    if (!offset) {
      const text = inShopTime(new Date(hour * HOUR).toISOString(), this.shape.timeZone).slice(19);
      offset = { text, ms: (text[0] === '-' ? -1 : 1) * (Number(text.slice(1, 3)) * HOUR + Number(text.slice(4, 6)) * MINUTE) };
      this.offsets.set(hour, offset);
    }
    return `${new Date(ms + offset.ms).toISOString().slice(0, 19)}${offset.text}`;
  }

  private rawKey(kind: string, id: string): string {
    return `bench/analytics/${kind}/${id}.json`;
  }

  private source(kind: string, id: string): Source {
    return { shopDomain: this.shape.domain, rawKey: this.rawKey(kind, id), eventAt: this.local(this.shape.until) };
  }

  private makeLocations() {
    for (const name of LOCATION_NAMES) {
      const id = this.ids.take('location');
      this.locationIds.push(id);
      const city = CITIES[this.locations.length % CITIES.length]!;
      this.locations.push({
        shopDomain: this.shape.domain,
        locationId: id,
        name,
        address1: `${this.locations.length + 1} Queen Street`,
        city: city.city,
        province: city.province,
        countryCode: city.countryCode,
        active: true,
        createdAt: this.local(this.start - 60 * DAY),
        updatedAt: this.local(this.start - 60 * DAY),
        rawKey: this.rawKey('location', id),
      });
    }
  }

  /**
   * Products with one to six variants, each stocked as an inventory item. Most items have a cost from
   * before the first order and a quarter change it later; a few get their first cost only during the
   * history (earlier sales take that first cost) and a few never have one (units without cost).
   */
  private makeCatalog(until: number) {
    const rng = this.rng;
    const catalogAt = this.start - 45 * DAY;
    for (let p = 0; p < this.shape.products; p++) {
      const productId = this.ids.take('product');
      const title = `${rng.pick(ADJECTIVES)} ${rng.pick(MATERIALS)} ${rng.pick(NOUNS)}`;
      const vendor = rng.pick(VENDORS);
      const base = rng.pick(BASE_PRICES);
      const count = rng.weighted([
        [1, 25],
        [2, 15],
        [3, 25],
        [4, 15],
        [5, 10],
        [6, 10],
      ] as const);
      const createdAt = this.local(catalogAt + rng.int(30) * DAY);
      this.products.push({
        shopDomain: this.shape.domain,
        productId,
        title,
        handle: `${title.toLowerCase().replaceAll(' ', '-')}-${p}`,
        vendor,
        productType: rng.pick(PRODUCT_TYPES),
        status: 'active',
        tags: null,
        imageCount: 1,
        publishedAt: createdAt,
        createdAt,
        updatedAt: createdAt,
        rawKey: this.rawKey('product', productId),
      });
      for (let v = 0; v < count; v++) {
        const variantId = this.ids.take('variant');
        const itemId = this.ids.take('item');
        const variantTitle = count === 1 ? 'Default Title' : `${SIZES[v % SIZES.length]} / ${rng.pick(COLORS)}`;
        const price = base + (v >= 3 ? 500 : 0);
        const sku = `WH-${p + 1}-${v + 1}`;
        const variant: Variant = { productId, variantId, itemId, sku, productTitle: title, title: variantTitle, vendor, price };
        this.variants.push(variant);
        this.productVariants.push({
          shopDomain: this.shape.domain,
          variantId,
          productId,
          title: variantTitle,
          sku,
          price: money(price),
          position: v + 1,
          option1: variantTitle,
          inventoryItemId: itemId,
          productUpdatedAt: createdAt,
          rawKey: this.rawKey('product', productId),
        });
        this.makeItemVersions(variant, catalogAt, until);
      }
    }
    // Popular variants are spread over the catalog, not bunched in its first products.
    rng.shuffle(this.variants);
  }

  private makeItemVersions(variant: Variant, catalogAt: number, until: number) {
    const rng = this.rng;
    const item = (at: number, cost: number | null): InventoryItemRow => ({
      shopDomain: this.shape.domain,
      inventoryItemId: variant.itemId,
      sku: variant.sku,
      cost: cost === null ? null : money(cost),
      tracked: true,
      requiresShipping: true,
      countryCodeOfOrigin: 'NZ',
      createdAt: this.local(catalogAt),
      updatedAt: this.local(at),
      rawKey: this.rawKey('inventory_item', `${variant.itemId}-${at}`),
    });
    const cost = Math.round(variant.price * (0.3 + 0.3 * rng.next()));
    const versions: InventoryItemRow[] = [];
    const kind = rng.weighted([
      ['costed', 95],
      ['costed later', 3],
      ['never costed', 2],
    ] as const);
    if (kind === 'never costed') versions.push(item(catalogAt, null));
    else if (kind === 'costed later') versions.push(item(this.start + rng.next() * (until - this.start) * 0.5, cost));
    else {
      versions.push(item(catalogAt, cost));
      if (rng.chance(0.25)) versions.push(item(this.start + rng.next() * (until - this.start) * 0.9, Math.round(cost * (1.05 + 0.1 * rng.next()))));
    }
    versions.forEach((version, i) => {
      if (!this.itemVersions[i]) this.itemVersions[i] = [];
      this.itemVersions[i].push(version);
    });
  }

  /**
   * Every item at the main warehouse, half also at the store, a fifth at the outlet; a reading every
   * three days or so over the last 60 days, the stock drifting down and restocked, some of it
   * running out (stockout days).
   */
  private makeLevels(until: number) {
    const rng = this.rng;
    const rounds = 20;
    const levels = this.variants.flatMap((variant) =>
      this.locationIds
        .filter((_, i) => i === 0 || rng.chance(i === 1 ? 0.5 : 0.2))
        .map((locationId) => ({ itemId: variant.itemId, locationId, available: rng.between(0, 120) })),
    );
    for (let round = 0; round < rounds; round++) {
      const at = until - (rounds - round) * 3 * DAY + rng.int(DAY);
      this.levelReadings.push(
        levels.map((level) => {
          level.available = rng.chance(0.08) ? rng.between(40, 150) : Math.max(rng.chance(0.02) ? -2 : 0, level.available - rng.between(0, 12));
          return {
            shopDomain: this.shape.domain,
            inventoryItemId: level.itemId,
            locationId: level.locationId,
            available: level.available,
            updatedAt: this.local(whole(at)),
            disconnectedAt: null,
            rawKey: this.rawKey('inventory_level', `${level.itemId}-${level.locationId}-${round}`),
          };
        }),
      );
    }
  }

  /** Customers join over the history (a tenth before it): customer i exists from `createdAt` on. */
  private makeCustomers() {
    const rng = this.rng;
    const span = this.shape.until - this.start;
    for (let i = 0; i < this.shape.customers; i++) {
      const id = this.ids.take('customer');
      const createdAt = whole(this.start + (span * (i / this.shape.customers - 0.1)) / 0.9);
      const city = rng.pick(CITIES);
      const version = (at: number, tags: string): RestCustomer => ({
        id,
        email: `customer${i + 1}@example.com`,
        state: 'enabled',
        verified_email: true,
        tags,
        currency: this.shape.currency,
        created_at: this.local(createdAt),
        updated_at: this.local(at),
        default_address: { city: city.city, province: city.province, country: city.country, country_code: city.countryCode },
      });
      const changed = rng.chance(0.1);
      const rest = version(changed ? createdAt + rng.between(2, 300) * DAY : createdAt, changed ? 'vip' : '');
      const earlier = changed ? version(createdAt, '') : null;
      this.customers.push({ rest, earlier, createdAt });
      this.customerVersions[0]!.push(customerVersionRow(earlier ?? rest, this.source('customer', id), this.pii));
      if (earlier) this.customerVersions[1]!.push(customerVersionRow(rest, this.source('customer', id), this.pii));
    }
  }

  /** A customer who exists at `at`, or null for a guest. */
  private customerAt(at: number, channel: string): ShopCustomer | null {
    if (!this.rng.chance(channel === 'pos' ? 0.45 : 0.92)) return null;
    const span = this.shape.until - this.start;
    const joined = Math.floor(this.shape.customers * (0.1 + (0.9 * (at - this.start)) / span));
    return this.customers[this.rng.int(Math.max(1, Math.min(this.shape.customers, joined)))]!;
  }

  /**
   * An order placed at `at`, as orders/create carries it: lines (a few custom items and gift
   * cards), a discount code with its allocations on 15 % of orders, shipping, 15 % tax.
   */
  private place(at: number, test: boolean): Order {
    const rng = this.rng;
    const id = this.ids.take('order');
    const channel = rng.weighted(CHANNELS);
    const customer = this.customerAt(at, channel);
    const lines: OrderLineItem[] = [];
    let gross = 0;
    let discountable = 0;
    for (let n = rng.weighted(LINE_COUNTS); n > 0; n--) {
      const quantity = rng.weighted([
        [1, 80],
        [2, 15],
        [3, 5],
      ] as const);
      const kind = rng.weighted([
        ['variant', 985],
        ['custom', 10],
        ['gift card', 5],
      ] as const);
      const variant = kind === 'variant' ? this.variants[Math.floor(this.variants.length * rng.next() ** 2)]! : null;
      const price = variant ? variant.price : kind === 'custom' ? rng.pick([500, 1000, 1500]) : rng.pick([2500, 5000, 10000]);
      gross += price * quantity;
      if (kind !== 'gift card') discountable += price * quantity;
      lines.push({
        id: this.ids.take('line'),
        product_id: variant?.productId ?? null,
        variant_id: variant?.variantId ?? null,
        sku: variant?.sku ?? null,
        title: variant?.productTitle ?? (kind === 'custom' ? 'Gift wrapping' : 'Gift card'),
        variant_title: variant?.title ?? null,
        vendor: variant?.vendor ?? null,
        quantity,
        price: money(price),
        total_discount: '0.00',
        discount_allocations: [],
        gift_card: kind === 'gift card',
      });
    }

    const shipping = channel === 'pos' ? null : discountable >= 15_000 ? 0 : rng.weighted(SHIPPING_PRICES);
    const drawn = rng.chance(0.15) ? rng.weighted(CODES) : null;
    const discount = drawn?.kind === 'shipping' && !shipping ? CODES[0]![0] : drawn;
    let lineDiscounts = 0;
    let shippingDiscount = 0;
    if (discount && discount.kind !== 'shipping' && discountable > 0) {
      const discounted = lines.filter((line) => !line.gift_card);
      let left = Math.min(discount.value, discountable);
      discounted.forEach((line, i) => {
        const amount = cents(line.price) * line.quantity;
        const share =
          discount.kind === 'percentage'
            ? Math.round((amount * discount.value) / 100)
            : i === discounted.length - 1
              ? left
              : Math.min(left, Math.round((amount * discount.value) / discountable));
        left -= share;
        lineDiscounts += share;
        line.discount_allocations.push({ amount: money(share), discount_application_index: 0 });
      });
    }
    const shippingLine = shipping === null ? null : { id: this.ids.take('shipping'), price: shipping };
    if (discount?.kind === 'shipping' && shippingLine) shippingDiscount = shippingLine.price;
    const tax = Math.round((discountable - lineDiscounts + (shipping ?? 0) - shippingDiscount) * TAX_RATE);
    const subtotal = gross - lineDiscounts;
    const presentment = rng.weighted([
      [this.shape.currency, 92],
      ['AUD', 5],
      ['USD', 3],
    ] as const);
    const email = customer ? customer.rest.email! : channel === 'pos' && rng.chance(0.7) ? null : `guest${id.slice(-7)}@example.org`;
    const set = (cents: number) => ({
      shop_money: { amount: money(cents), currency_code: this.shape.currency },
      presentment_money: { amount: money(cents), currency_code: presentment },
    });
    const processedAt = channel === 'pos' && rng.chance(0.03) ? at - rng.between(1, 60) * MINUTE : at;
    this.orderNumber++;
    const order: Order = {
      id,
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#${this.orderNumber}`,
      order_number: this.orderNumber,
      email,
      customer: customer?.rest ?? null,
      currency: this.shape.currency,
      presentment_currency: presentment,
      subtotal_price: money(subtotal),
      total_line_items_price: money(gross),
      total_discounts: money(lineDiscounts + shippingDiscount),
      total_tax: money(tax),
      total_shipping_price_set: set(shipping ?? 0),
      original_total_duties_set: null,
      original_total_additional_fees_set: null,
      total_price: money(subtotal + (shipping ?? 0) - shippingDiscount + tax),
      financial_status: channel === 'shopify_draft_order' && rng.chance(0.1) ? 'pending' : 'paid',
      fulfillment_status: null,
      source_name: channel,
      tags: null,
      test,
      created_at: this.local(at),
      updated_at: this.local(at),
      processed_at: this.local(processedAt),
      cancelled_at: null,
      cancel_reason: null,
      closed_at: null,
      discount_codes: discount ? [{ code: discount.code }] : [],
      discount_applications: discount
        ? [
            {
              type: 'discount_code',
              code: discount.code,
              title: null,
              description: null,
              value: discount.kind === 'fixed_amount' ? money(discount.value) : `${discount.value}.0`,
              value_type: discount.kind === 'fixed_amount' ? 'fixed_amount' : 'percentage',
              allocation_method: 'across',
              target_selection: 'all',
              target_type: discount.kind === 'shipping' ? 'shipping_line' : 'line_item',
            },
          ]
        : [],
      line_items: lines,
      shipping_lines: shippingLine
        ? [
            {
              id: shippingLine.id,
              title: shippingLine.price === 1499 ? 'Express' : 'Standard',
              code: shippingLine.price === 1499 ? 'EXPRESS' : 'STANDARD',
              source: 'shopify',
              price: money(shippingLine.price),
              discount_allocations: shippingDiscount ? [{ amount: money(shippingDiscount), discount_application_index: 0 }] : [],
            },
          ]
        : [],
    };
    this.totals.lines += lines.length;
    if (!test) {
      this.totals.orders++;
      this.totals.grossSales += discountable;
      this.totals.discounts += lineDiscounts;
      if (discount) this.totals.discountedOrders++;
    } else this.totals.testOrders++;
    return order;
  }

  /**
   * A refund of `order` at `at`: every line and the shipping (`full`), or some units of one or two
   * lines; each line's subtotal is its price less its discount share, taxed at the shop's rate.
   */
  private refund(order: Order, at: number, full: boolean, restock: string, note: string | null): Refund {
    const rng = this.rng;
    const id = this.ids.take('refund');
    const candidates = order.line_items.filter((line) => !line.gift_card);
    const chosen = full ? candidates : rng.sample(candidates, candidates.length > 3 ? 2 : 1);
    const lines = chosen.map((line) => {
      const quantity = full ? line.quantity : rng.between(1, line.quantity);
      const price = cents(line.price);
      const discount = line.discount_allocations.reduce((sum, a) => sum + cents(a.amount), 0);
      const subtotal = price * quantity - Math.round((discount * quantity) / line.quantity);
      return { line, quantity, subtotal, tax: Math.round(subtotal * TAX_RATE) };
    });
    const shipping = full
      ? order.shipping_lines.reduce((sum, s) => sum + cents(s.price) - s.discount_allocations.reduce((d, a) => d + cents(a.amount), 0), 0)
      : 0;
    const shippingTax = Math.round(shipping * TAX_RATE);
    const amount = lines.reduce((sum, l) => sum + l.subtotal + l.tax, 0) + shipping + shippingTax;
    const set = (cents: number) => ({ shop_money: { amount: money(cents), currency_code: this.shape.currency } });
    if (!order.test) this.totals.returns += lines.reduce((sum, l) => sum + l.subtotal, 0);
    this.totals.refunds++;
    return {
      id,
      order_id: order.id,
      created_at: this.local(at),
      processed_at: this.local(at),
      note,
      refund_line_items: lines.map((l) => ({
        id: this.ids.take('refundLine'),
        line_item_id: l.line.id,
        quantity: l.quantity,
        restock_type: restock,
        location_id: this.locationIds[0]!,
        subtotal: money(l.subtotal),
        total_tax: money(l.tax),
        subtotal_set: set(l.subtotal),
        total_tax_set: set(l.tax),
      })),
      transactions: [{ id: this.ids.take('transaction'), kind: 'refund', status: 'success', amount: money(amount), currency: order.presentment_currency }],
      order_adjustments: [],
      refund_shipping_lines: full && shipping > 0 ? [{ subtotal_amount_set: set(shipping), tax_amount_set: set(shippingTax) }] : [],
      total_duties_set: null,
      total_additional_fees_set: null,
    };
  }

  private fulfillment(order: Order, at: number, lines: readonly OrderLineItem[], status: string, until: number, suffix: number): Fulfillment {
    const rng = this.rng;
    const pos = order.source_name === 'pos';
    this.totals.fulfillments++;
    return {
      id: this.ids.take('fulfillment'),
      order_id: order.id,
      name: `${order.name}.${suffix}`,
      status,
      shipment_status: pos ? null : until - at > 5 * DAY && rng.chance(0.85) ? 'delivered' : 'in_transit',
      service: 'manual',
      location_id: pos ? this.locationIds[1]! : this.locationIds[0]!,
      tracking_company: pos ? null : rng.pick(CARRIERS),
      tracking_number: pos ? null : `NZ${rng.hex(10).toUpperCase()}`,
      created_at: this.local(at),
      updated_at: this.local(at),
      line_items: lines.map((line) => ({ id: line.id, quantity: line.quantity })),
    };
  }

  /** What happened to a placed order up to `until`: cancellation, fulfillments, a refund on a later day, closing. */
  private lifecycle(order: Order, at: number, until: number): { order: Order; refunds: Refund[]; fulfillments: Fulfillment[] } {
    const rng = this.rng;
    const refunds: Refund[] = [];
    const fulfillments: Fulfillment[] = [];
    let updatedAt = at;
    const by = (ms: number) => (updatedAt = Math.max(updatedAt, ms));
    const when = (ms: number) => whole(ms);

    if (order.source_name === 'pos') {
      fulfillments.push(this.fulfillment(order, at, order.line_items, 'success', until, 1));
      order.fulfillment_status = 'fulfilled';
      order.closed_at = order.created_at;
    } else if (rng.chance(0.02)) {
      const cancelledAt = when(at + HOUR + rng.next() * 35 * HOUR);
      if (cancelledAt <= until) {
        order.cancelled_at = this.local(cancelledAt);
        order.cancel_reason = rng.pick(['customer', 'inventory', 'fraud', 'declined']);
        if (order.financial_status === 'paid') {
          refunds.push(this.refund(order, cancelledAt, true, 'cancel', 'Order cancelled'));
          order.financial_status = 'refunded';
        }
        by(cancelledAt);
        return { order: { ...order, updated_at: this.local(updatedAt) }, refunds, fulfillments };
      }
    } else if (order.financial_status === 'paid' && rng.chance(0.94)) {
      const shippedAt = when(at + 2 * HOUR + rng.next() ** 2 * 70 * HOUR);
      if (shippedAt <= until) {
        if (rng.chance(0.01)) fulfillments.push(this.fulfillment(order, shippedAt - HOUR, order.line_items, 'cancelled', until, 9));
        const split = order.line_items.length > 1 && rng.chance(0.05);
        const first = split ? order.line_items.slice(0, Math.ceil(order.line_items.length / 2)) : order.line_items;
        fulfillments.push(this.fulfillment(order, shippedAt, first, 'success', until, 1));
        order.fulfillment_status = split ? 'partial' : 'fulfilled';
        by(shippedAt);
        const restAt = when(shippedAt + DAY + rng.next() * 2 * DAY);
        if (split && restAt <= until) {
          fulfillments.push(this.fulfillment(order, restAt, order.line_items.slice(first.length), 'success', until, 2));
          order.fulfillment_status = 'fulfilled';
          by(restAt);
        }
        const closedAt = when(updatedAt + HOUR + rng.next() * 47 * HOUR);
        if (order.fulfillment_status === 'fulfilled' && rng.chance(0.6) && closedAt <= until) {
          order.closed_at = this.local(closedAt);
          by(closedAt);
        }
      }
    }
    if (order.financial_status === 'paid' && rng.chance(0.066)) {
      const refundedAt = when(at + 3 * DAY + rng.next() * 27 * DAY);
      if (refundedAt <= until) {
        const full = rng.chance(0.35);
        refunds.push(this.refund(order, refundedAt, full, rng.chance(0.7) ? 'return' : 'no_restock', rng.pick(REFUND_NOTES)));
        order.financial_status = full ? 'refunded' : 'partially_refunded';
        by(refundedAt);
      }
    }
    return { order: { ...order, updated_at: this.local(updatedAt) }, refunds, fulfillments };
  }

  /** The checkout a web order was completed from, and those abandoned around it. */
  private checkouts(order: Order, at: number, until: number): CheckoutRow[] {
    const rng = this.rng;
    const checkout = (startedAt: number, completedAt: number | null, customer: Order['customer']): CheckoutRow => {
      const id = this.ids.take('checkout');
      this.totals.checkouts++;
      return {
        shopDomain: this.shape.domain,
        checkoutId: id,
        name: `#c${id.slice(-8)}`,
        customerId: customer?.id ?? null,
        emailHash: this.pii.emailHash(customer?.email),
        currency: this.shape.currency,
        presentmentCurrency: order.presentment_currency ?? null,
        subtotalPrice: order.subtotal_price ?? null,
        totalLineItemsPrice: order.total_line_items_price ?? null,
        totalDiscounts: order.total_discounts ?? null,
        totalTax: order.total_tax ?? null,
        totalPrice: order.total_price,
        discountCodes: order.discount_codes.map((d) => d.code).join(', ') || null,
        lineCount: order.line_items.length,
        quantity: order.line_items.reduce((units, line) => units + line.quantity, 0),
        createdAt: this.local(startedAt),
        createdDateKey: dateKey(this.local(startedAt)),
        updatedAt: this.local(completedAt ?? startedAt + rng.between(1, 30) * MINUTE),
        completedAt: completedAt === null ? null : this.local(completedAt),
        rawKey: this.rawKey('checkout', id),
      };
    };
    const rows = [checkout(whole(at - rng.between(3, 40) * MINUTE), at, order.customer ?? null)];
    for (const chance of [0.8, 0.3]) {
      const startedAt = whole(at - rng.next() * 3 * DAY);
      if (rng.chance(chance) && startedAt >= this.start && startedAt + 30 * MINUTE <= until) {
        rows.push(checkout(startedAt, null, rng.chance(0.5) ? (order.customer ?? null) : null));
      }
    }
    return rows;
  }

  private addOrder(into: HistoryRows, order: Order) {
    const mapped = orderRows(order, this.source('order', order.id), this.pii);
    into.orders.push(...mapped.orders);
    into.orderLines.push(...mapped.orderLines);
    into.orderDiscounts.push(...mapped.orderDiscounts);
    into.discountAllocations.push(...mapped.discountAllocations);
    into.shippingLines.push(...mapped.shippingLines);
  }

  /**
   * The history, `size` orders at a time, oldest first: orders evenly spread over the span, each
   * with its refunds, fulfillments and checkouts as they stand at `until`, mapped to rows.
   */
  *history(size: number): Generator<HistoryRows> {
    const until = whole(this.shape.until);
    const span = until - this.start;
    let chunk = emptyHistory();
    for (let i = 0; i < this.shape.orders; i++) {
      const at = whole(this.start + ((i + this.rng.next()) * span) / this.shape.orders);
      const { order, refunds, fulfillments } = this.lifecycle(this.place(at, this.rng.chance(0.004)), at, until);
      this.addOrder(chunk, order);
      for (const refund of refunds) {
        const mapped = refundRows(refund, this.source('refund', refund.id));
        chunk.refunds.push(...mapped.refunds);
        chunk.refundLines.push(...mapped.refundLines);
      }
      for (const fulfillment of fulfillments) chunk.fulfillments.push(...fulfillmentRows(fulfillment, this.source('fulfillment', fulfillment.id)).fulfillments);
      if (order.source_name === 'web') chunk.checkouts.push(...this.checkouts(order, at, until));
      this.placed++;
      if (chunk.orders.length === size) {
        yield chunk;
        chunk = emptyHistory();
      }
    }
    if (chunk.orders.length > 0) yield chunk;
  }

  /**
   * `count` new orders placed between `from` and `to` (epoch ms), as orders/create would deliver them:
   * paid, not yet fulfilled, no test orders. Call after the history, whose ids they follow.
   */
  newOrders(count: number, from: number, to: number): Order[] {
    if (this.placed < this.shape.orders) throw new Error('newOrders before the history was generated');
    const history = { ...this.totals };
    const orders = Array.from({ length: count }, (_, i) => {
      const at = whole(from + ((i + 0.5) * (to - from)) / count);
      return { ...this.place(at, false), financial_status: 'paid' };
    });
    Object.assign(this.totals, history);
    return orders;
  }

  /** The rows Wharf maps an order to, for the bulk writer. */
  rowsOf(orders: readonly Order[]): HistoryRows {
    const into = emptyHistory();
    for (const order of orders) this.addOrder(into, order);
    return into;
  }
}

const SHIPPING_PRICES: readonly (readonly [number, number])[] = [
  [0, 10],
  [599, 40],
  [999, 35],
  [1499, 15],
];
