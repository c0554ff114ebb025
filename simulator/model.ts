/**
 * The simulated shop. Records are immutable: a change replaces the record (and the map entry)
 * with a new object. That makes a snapshot as cheap as copying the maps' values, and lets a
 * queued webhook keep the state it was triggered with.
 *
 * Times are epoch milliseconds on whole seconds; money is integer cents in the shop currency.
 */
import type { IdSequences } from './ids';

export interface Address {
  city: string;
  province: string;
  country: string;
  countryCode: string;
}

export type CustomerState = 'ENABLED' | 'DISABLED' | 'INVITED' | 'DECLINED';

export interface Customer {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  state: CustomerState;
  verifiedEmail: boolean;
  tags: readonly string[];
  createdAt: number;
  updatedAt: number;
  addressId: string | null;
  address: Address | null;
}

/** What one discount application took off one line or shipping line. */
export interface DiscountAllocation {
  /** The application's position in the order's `discountApplications`. */
  applicationIndex: number;
  amount: number;
}

/** What a line of an order, a draft order or a checkout holds: a variant, as it was titled and priced, and how many. */
export interface LineGoods {
  id: string;
  productId: string | null;
  variantId: string | null;
  sku: string;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  price: number;
}

export interface LineItem extends LineGoods {
  discountAllocations: readonly DiscountAllocation[];
}

export type DiscountKind = 'DiscountCodeApplication' | 'AutomaticDiscountApplication' | 'ManualDiscountApplication';

/** Why an order is discounted; the amounts are the allocations on its lines and shipping lines. */
export interface DiscountApplication {
  kind: DiscountKind;
  /** A code discount's code. */
  code: string | null;
  /** An automatic or manual discount's title. */
  title: string | null;
  description: string | null;
  valueType: 'PERCENTAGE' | 'FIXED_AMOUNT';
  /** A percentage (10 for 10 %) or an amount in cents. */
  value: number;
  allocationMethod: 'ACROSS' | 'EACH';
  targetSelection: 'ALL' | 'ENTITLED';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
}

export interface ShippingLine {
  id: string;
  title: string;
  code: string;
  source: string;
  price: number;
  discountAllocations: readonly DiscountAllocation[];
}

export type TransactionKind = 'AUTHORIZATION' | 'SALE' | 'CAPTURE' | 'REFUND' | 'VOID';

/** A payment event of an order; amounts in cents of the shop currency. */
export interface Transaction {
  id: string;
  kind: TransactionKind;
  status: 'SUCCESS';
  gateway: string;
  amount: number;
  parentId: string | null;
  createdAt: number;
}

export type RestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK';

export interface RefundLine {
  id: string;
  lineItemId: string;
  quantity: number;
  restockType: RestockType;
  locationId: string | null;
  subtotal: number;
  tax: number;
}

/** Shipping given back: what a shipping line charged after its discounts (the shop taxes goods only). */
export interface RefundShippingLine {
  id: string;
  shippingLineId: string;
  subtotal: number;
  tax: number;
}

export interface Refund {
  id: string;
  createdAt: number;
  processedAt: number;
  note: string | null;
  lines: readonly RefundLine[];
  shipping: readonly RefundShippingLine[];
  amount: number;
  transactionId: string;
}

export type FulfillmentDisplayStatus = 'FULFILLED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED';

export interface FulfillmentLine {
  id: string;
  lineItemId: string;
  quantity: number;
}

export interface Fulfillment {
  id: string;
  name: string;
  status: 'SUCCESS';
  displayStatus: FulfillmentDisplayStatus;
  createdAt: number;
  updatedAt: number;
  locationId: string;
  trackingCompany: string | null;
  trackingNumber: string | null;
  lines: readonly FulfillmentLine[];
}

export type ReturnStatus = 'REQUESTED' | 'OPEN' | 'DECLINED' | 'CLOSED' | 'CANCELED';
export type ReturnReason = 'COLOR' | 'DEFECTIVE' | 'NOT_AS_DESCRIBED' | 'OTHER' | 'SIZE_TOO_LARGE' | 'SIZE_TOO_SMALL' | 'STYLE' | 'UNWANTED' | 'WRONG_ITEM';
export type ReturnDeclineReason = 'RETURN_PERIOD_ENDED' | 'FINAL_SALE' | 'OTHER';

/** A line of a return: part of a fulfillment's line going back. */
export interface ReturnLine {
  id: string;
  fulfillmentLineId: string;
  lineItemId: string;
  quantity: number;
  reason: ReturnReason;
}

/** A buyer's return of fulfilled items: requested, then approved (and later closed) or declined. */
export interface Return {
  id: string;
  name: string;
  status: ReturnStatus;
  requestedAt: number;
  approvedAt: number | null;
  declinedAt: number | null;
  decline: { reason: ReturnDeclineReason; note: string } | null;
  closedAt: number | null;
  lines: readonly ReturnLine[];
}

export type FinancialStatus = 'PENDING' | 'AUTHORIZED' | 'PAID' | 'PARTIALLY_REFUNDED' | 'REFUNDED' | 'VOIDED';
export type FulfillmentStatus = 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED';
export type CancelReason = 'CUSTOMER' | 'FRAUD' | 'INVENTORY' | 'DECLINED' | 'STAFF' | 'OTHER';

export interface DiscountCode {
  code: string;
  amount: number;
  type: 'percentage' | 'fixed_amount' | 'shipping';
}

export interface Order {
  id: string;
  number: number;
  email: string | null;
  customerId: string | null;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  cancelledAt: number | null;
  cancelReason: CancelReason | null;
  closedAt: number | null;
  presentmentCurrency: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  sourceName: string;
  tags: readonly string[];
  test: boolean;
  discountCodes: readonly DiscountCode[];
  discountApplications: readonly DiscountApplication[];
  subtotal: number;
  tax: number;
  discounts: number;
  shipping: number;
  total: number;
  lineItems: readonly LineItem[];
  shippingLines: readonly ShippingLine[];
  transactions: readonly Transaction[];
  refunds: readonly Refund[];
  fulfillments: readonly Fulfillment[];
  returns: readonly Return[];
}

export type DraftOrderStatus = 'OPEN' | 'INVOICE_SENT' | 'COMPLETED';

/** A merchant's discount on a draft order or one of its lines: what it takes off, in cents. */
export interface DraftDiscount {
  title: string;
  valueType: 'PERCENTAGE' | 'FIXED_AMOUNT';
  /** A percentage (10 for 10 %) or an amount in cents. */
  value: number;
  amount: number;
}

export interface DraftOrderLine extends LineGoods {
  discount: DraftDiscount | null;
}

/** A draft order, in the shop currency: a quote, an invoice sent, or one completed into an order. */
export interface DraftOrder {
  id: string;
  /** `#D` and this. */
  number: number;
  status: DraftOrderStatus;
  email: string | null;
  customerId: string | null;
  createdAt: number;
  updatedAt: number;
  invoiceSentAt: number | null;
  completedAt: number | null;
  orderId: string | null;
  discount: DraftDiscount | null;
  subtotal: number;
  tax: number;
  total: number;
  lines: readonly DraftOrderLine[];
}

export type CheckoutLine = LineGoods;

/** A buyer's checkout; amounts in cents of the shop currency, shown in the presentment currency. */
export interface Checkout {
  id: string;
  email: string | null;
  customerId: string | null;
  presentmentCurrency: string;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  discountCodes: readonly DiscountCode[];
  lineItemsPrice: number;
  discounts: number;
  subtotal: number;
  tax: number;
  total: number;
  lines: readonly CheckoutLine[];
}

export interface SelectedOption {
  name: string;
  value: string;
}

export interface Variant {
  id: string;
  title: string;
  sku: string;
  barcode: string | null;
  price: number;
  compareAtPrice: number | null;
  position: number;
  options: readonly SelectedOption[];
  inventoryItemId: string;
  taxable: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface MediaImage {
  id: string;
  url: string;
  alt: string | null;
  width: number;
  height: number;
  /** The variants the image shows (ProductVariant.media). */
  variantIds: readonly string[];
}

export interface Metafield {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';

export interface Product {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: readonly string[];
  publishedAt: number | null;
  createdAt: number;
  updatedAt: number;
  /** The description as HTML (REST's body_html, GraphQL's descriptionHtml). */
  descriptionHtml: string;
  seo: { title: string | null; description: string | null };
  /** The full name of the product's category in Shopify's taxonomy. */
  category: string | null;
  variants: readonly Variant[];
  media: readonly MediaImage[];
  metafields: readonly Metafield[];
}

export type CollectionSortOrder = 'BEST_SELLING' | 'ALPHA_ASC' | 'ALPHA_DESC' | 'MANUAL' | 'CREATED_DESC' | 'PRICE_ASC';

export interface CollectionRule {
  column: string;
  relation: string;
  condition: string;
}

export interface Collection {
  id: string;
  handle: string;
  title: string;
  sortOrder: CollectionSortOrder;
  updatedAt: number;
  /** Smart collections have rules; custom collections have none. */
  rules: readonly CollectionRule[] | null;
  disjunctive: boolean;
}

export interface InventoryLevel {
  id: string;
  locationId: string;
  available: number;
  updatedAt: number;
}

export interface InventoryItem {
  id: string;
  sku: string;
  cost: number | null;
  tracked: boolean;
  requiresShipping: boolean;
  countryCodeOfOrigin: string | null;
  createdAt: number;
  updatedAt: number;
  levels: readonly InventoryLevel[];
}

export interface Location {
  id: string;
  name: string;
  isActive: boolean;
  address: Address;
  street: string;
  zip: string;
  createdAt: number;
  updatedAt: number;
}

export type DiscountType = 'DiscountCodeBasic' | 'DiscountCodeFreeShipping' | 'DiscountAutomaticBasic';

export interface RedeemCode {
  id: string;
  code: string;
  createdAt: number;
}

/**
 * A discount of the shop: a code discount (its redeem codes are what orders' discount
 * applications name) or an automatic one (applications name its title). How often it was used
 * is counted from the orders, as Shopify counts it.
 */
export interface Discount {
  id: string;
  method: 'code' | 'automatic';
  type: DiscountType;
  title: string;
  summary: string;
  startsAt: number;
  endsAt: number | null;
  createdAt: number;
  updatedAt: number;
  codes: readonly RedeemCode[];
}

export interface ShopInfo {
  id: string;
  name: string;
  email: string;
  currency: string;
  ianaTimezone: string;
  planDisplayName: string;
  countryCode: string;
  createdAt: number;
  updatedAt: number;
}

export interface ShopModel {
  domain: string;
  seed: number;
  info: ShopInfo;
  orders: Map<string, Order>;
  /** The order of each refund, as `node(id:)` finds a refund by its id alone. */
  refundOrders: Map<string, string>;
  products: Map<string, Product>;
  collections: Map<string, Collection>;
  customers: Map<string, Customer>;
  inventoryItems: Map<string, InventoryItem>;
  locations: Map<string, Location>;
  draftOrders: Map<string, DraftOrder>;
  checkouts: Map<string, Checkout>;
  ids: IdSequences;
  nextOrderNumber: number;
  nextDraftOrderNumber: number;
  discounts: Map<string, Discount>;
  /** The index of the next discount made (ids are never reused, deleted discounts' included). */
  nextDiscount: number;
  /** The tax rate (a fraction) charged on every line. */
  taxRate: number;
}

/** The entities a bulk query or a mutation can name. */
export const ENTITIES = [
  'orders',
  'products',
  'collections',
  'customers',
  'inventoryItems',
  'locations',
  'fulfillmentOrders',
  'draftOrders',
  'abandonedCheckouts',
  'discountNodes',
] as const;
export type Entity = (typeof ENTITIES)[number];

/** A read-only view of the model at one instant (a bulk operation's snapshot). */
export interface ModelView {
  /** The instant of the snapshot: which checkouts count as abandoned depends on it. */
  at: number;
  info: ShopInfo;
  seed: number;
  orders: readonly Order[];
  products: readonly Product[];
  collections: readonly Collection[];
  customers: ReadonlyMap<string, Customer>;
  inventoryItems: ReadonlyMap<string, InventoryItem>;
  locations: readonly Location[];
  draftOrders: readonly DraftOrder[];
  checkouts: readonly Checkout[];
  discounts: readonly Discount[];
}

export function viewOf(model: ShopModel, at = Date.now()): ModelView {
  return {
    at,
    info: model.info,
    seed: model.seed,
    orders: [...model.orders.values()],
    products: [...model.products.values()],
    collections: [...model.collections.values()],
    customers: new Map(model.customers),
    inventoryItems: new Map(model.inventoryItems),
    locations: [...model.locations.values()],
    draftOrders: [...model.draftOrders.values()],
    checkouts: [...model.checkouts.values()],
    discounts: [...model.discounts.values()],
  };
}

/** What a line's or shipping line's discounts took off it. */
export function allocated(target: { discountAllocations: readonly DiscountAllocation[] }): number {
  return target.discountAllocations.reduce((sum, allocation) => sum + allocation.amount, 0);
}

/**
 * The products a collection holds: a fixed third of the catalog, different for each collection
 * (a smart collection's rules are not evaluated; membership is what matters downstream).
 */
export function collectionProducts(collection: Collection, products: Iterable<Product>): Product[] {
  return [...products].filter((product) => (BigInt(product.id) + BigInt(collection.id)) % 3n === 0n);
}

/** How many orders used a discount: those with an application of one of its codes, or of its title for an automatic discount. */
export function discountUsage(discount: Discount, orders: Iterable<Order>, code?: string): number {
  const codes = new Set(code === undefined ? discount.codes.map((c) => c.code) : [code]);
  let used = 0;
  for (const order of orders) {
    const applied = order.discountApplications.some((application) =>
      discount.method === 'code'
        ? application.kind === 'DiscountCodeApplication' && codes.has(application.code ?? '')
        : application.kind === 'AutomaticDiscountApplication' && application.title === discount.title,
    );
    if (applied) used++;
  }
  return used;
}

/** A variant's stock, summed over its levels, as both APIs report `inventoryQuantity`. */
export function inventoryQuantity(items: ReadonlyMap<string, InventoryItem>, variant: Variant): number {
  const item = items.get(variant.inventoryItemId);
  return item ? item.levels.reduce((sum, level) => sum + level.available, 0) : 0;
}
