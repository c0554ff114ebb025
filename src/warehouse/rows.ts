/**
 * The rows the warehouse loads, one type per table, derived from the schema so that a column
 * added there is a column the mappers must fill. Mappers give a shop by its domain; the loader
 * resolves it to the shop's key.
 */
import type {
  bulkOperation,
  collectionMembership,
  collectionProduct,
  customerVersion,
  deletedEntity,
  dimChannel,
  dimCollection,
  dimDiscount,
  dimDiscountCode,
  dimInventoryItem,
  dimLocation,
  dimProduct,
  dimShop,
  dimVariant,
  factCheckout,
  factDiscountAllocation,
  factDraftOrder,
  factDraftOrderLine,
  factFulfillment,
  factFulfillmentOrder,
  factFulfillmentOrderEvent,
  factFulfillmentOrderLine,
  factInventoryLevel,
  factOrder,
  factOrderDiscount,
  factOrderEdit,
  factOrderLine,
  factOrderTransaction,
  factRefund,
  factRefundLine,
  factReturn,
  factReturnEvent,
  factReturnLine,
  factShippingLine,
  productContent,
  productImage,
  variantMarketPrice,
} from './schema';

type Derived<T> = Omit<T, 'shopId' | 'loadedAt' | 'grossAmount'> & { shopDomain: string };

export type ShopRow = Omit<Derived<typeof dimShop.$inferInsert>, 'domain' | 'shopId' | 'firstSeenAt' | 'uninstalledAt' | 'redactedAt'>;
export type CustomerVersionRow = Derived<typeof customerVersion.$inferInsert>;
export type OrderRow = Derived<typeof factOrder.$inferInsert>;
export type OrderLineRow = Derived<typeof factOrderLine.$inferInsert>;
export type OrderDiscountRow = Derived<typeof factOrderDiscount.$inferInsert>;
export type DiscountAllocationRow = Derived<typeof factDiscountAllocation.$inferInsert>;
export type ShippingLineRow = Derived<typeof factShippingLine.$inferInsert>;
export type OrderTransactionRow = Derived<typeof factOrderTransaction.$inferInsert>;
export type ChannelRow = Derived<typeof dimChannel.$inferInsert>;
export type ProductRow = Derived<typeof dimProduct.$inferInsert>;
export type VariantRow = Derived<typeof dimVariant.$inferInsert>;
export type ProductImageRow = Derived<typeof productImage.$inferInsert>;
export type ProductContentRow = Derived<typeof productContent.$inferInsert>;
export type VariantMarketPriceRow = Derived<typeof variantMarketPrice.$inferInsert>;
export type CollectionRow = Derived<typeof dimCollection.$inferInsert>;
export type CollectionMembershipRow = Derived<typeof collectionMembership.$inferInsert>;
export type CollectionProductRow = Derived<typeof collectionProduct.$inferInsert>;
export type LocationRow = Derived<typeof dimLocation.$inferInsert>;
/** A location only named by another record (an inventory level, a fulfillment): its id. */
export type LocationRefRow = { shopDomain: string; locationId: string };
export type InventoryItemRow = Derived<typeof dimInventoryItem.$inferInsert>;
export type InventoryLevelRow = Derived<typeof factInventoryLevel.$inferInsert>;
export type RefundRow = Derived<typeof factRefund.$inferInsert>;
export type RefundLineRow = Derived<typeof factRefundLine.$inferInsert>;
export type FulfillmentRow = Derived<typeof factFulfillment.$inferInsert>;
export type FulfillmentOrderRow = Derived<typeof factFulfillmentOrder.$inferInsert>;
export type FulfillmentOrderLineRow = Derived<typeof factFulfillmentOrderLine.$inferInsert>;
export type FulfillmentOrderEventRow = Derived<typeof factFulfillmentOrderEvent.$inferInsert>;
export type OrderEditRow = Derived<typeof factOrderEdit.$inferInsert>;
export type DraftOrderRow = Derived<typeof factDraftOrder.$inferInsert>;
export type DraftOrderLineRow = Derived<typeof factDraftOrderLine.$inferInsert>;
export type CheckoutRow = Derived<typeof factCheckout.$inferInsert>;
export type ReturnRow = Derived<typeof factReturn.$inferInsert>;
export type ReturnLineRow = Derived<typeof factReturnLine.$inferInsert>;
export type ReturnEventRow = Derived<typeof factReturnEvent.$inferInsert>;
export type DiscountRow = Derived<typeof dimDiscount.$inferInsert>;
/** What discount webhooks carry: a discount without its terms, which they leave as they are. */
export type DiscountHeaderRow = Omit<DiscountRow, DiscountTerm>;
export type DiscountTerm = 'discountType' | 'summary' | 'startsAt' | 'endsAt' | 'usageCount' | 'codesCount';
export type DiscountCodeRow = Derived<typeof dimDiscountCode.$inferInsert>;
/** A parent whose children (a return's lines, a discount's codes) arrived complete as of `observedAt`: older ones are gone. */
export type ChildSetRow = { shopDomain: string; parentId: string; observedAt: string };
export type DeletionRow = Derived<typeof deletedEntity.$inferInsert>;
export type BulkOperationRow = Derived<typeof bulkOperation.$inferInsert>;

export interface InventoryDisconnectRow {
  shopDomain: string;
  inventoryItemId: string;
  locationId: string;
  disconnectedAt: string;
  rawKey: string;
}

export interface ShopUninstallRow {
  shopDomain: string;
  uninstalledAt: string;
}

/** Everything the warehouse loads in one transaction, table by table. */
export interface WarehouseRows {
  shops: ShopRow[];
  shopUninstalls: ShopUninstallRow[];
  customers: CustomerVersionRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  orderDiscounts: OrderDiscountRow[];
  discountAllocations: DiscountAllocationRow[];
  shippingLines: ShippingLineRow[];
  transactions: OrderTransactionRow[];
  channels: ChannelRow[];
  orderEdits: OrderEditRow[];
  products: ProductRow[];
  variants: VariantRow[];
  productImages: ProductImageRow[];
  productContents: ProductContentRow[];
  variantMarketPrices: VariantMarketPriceRow[];
  collections: CollectionRow[];
  collectionMemberships: CollectionMembershipRow[];
  collectionProducts: CollectionProductRow[];
  locations: LocationRow[];
  locationRefs: LocationRefRow[];
  inventoryItems: InventoryItemRow[];
  inventoryLevels: InventoryLevelRow[];
  inventoryDisconnects: InventoryDisconnectRow[];
  refunds: RefundRow[];
  refundLines: RefundLineRow[];
  fulfillments: FulfillmentRow[];
  fulfillmentOrders: FulfillmentOrderRow[];
  fulfillmentOrderLines: FulfillmentOrderLineRow[];
  fulfillmentOrderEvents: FulfillmentOrderEventRow[];
  draftOrders: DraftOrderRow[];
  draftOrderLines: DraftOrderLineRow[];
  checkouts: CheckoutRow[];
  returns: ReturnRow[];
  returnLines: ReturnLineRow[];
  returnLineSets: ChildSetRow[];
  returnEvents: ReturnEventRow[];
  discounts: DiscountRow[];
  discountHeaders: DiscountHeaderRow[];
  discountCodes: DiscountCodeRow[];
  discountCodeSets: ChildSetRow[];
  deletions: DeletionRow[];
  bulkOperations: BulkOperationRow[];
}
