/**
 * The bulk queries a resync runs, one per entity. Shopify's limits shape them: at most five
 * connections and two levels of nesting per query, so inventory items and locations (with their
 * levels) are separate operations. Lists that are not connections (an order's refunds and
 * fulfillments) arrive inside their parent's line; every connection's nodes arrive as lines of
 * their own, tagged with `__parentId`. No `sortKey`: sorted bulk queries have been seen to omit records.
 */
export const BULK_ENTITIES = ['orders', 'products', 'collections', 'customers', 'inventoryItems', 'locations'] as const;

export type BulkEntity = (typeof BULK_ENTITIES)[number];

/** Lists inside a parent's line whose elements have connections of their own: their lines name the element's gid as `__parentId`. */
export const NESTED_PARENT_LISTS = ['refunds', 'fulfillments'] as const;

/** `updated_at` bounds for an incremental resync; a full resync has none. */
export interface UpdatedWindow {
  from: string;
  to: string;
}

const money = 'shopMoney { amount currencyCode }';

const customerFields = `id email state verifiedEmail tags createdAt updatedAt
  defaultAddress { city province country countryCodeV2 }`;

const selections: Readonly<Record<BulkEntity, string>> = {
  orders: `id name number email createdAt updatedAt processedAt cancelledAt cancelReason closedAt
    currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus sourceName tags test
    discountCodes
    subtotalPriceSet { ${money} } totalPriceSet { ${money} } totalTaxSet { ${money} }
    totalDiscountsSet { ${money} } totalShippingPriceSet { ${money} } currentSubtotalLineItemsQuantity
    customer { ${customerFields} }
    refunds { id createdAt processedAt note totalRefundedSet { ${money} }
      refundLineItems { edges { node { id quantity restockType location { id } lineItem { id }
        subtotalSet { ${money} } totalTaxSet { ${money} } } } } }
    fulfillments { id name status displayStatus createdAt updatedAt location { id }
      service { handle } trackingInfo { company number }
      fulfillmentLineItems { edges { node { id quantity lineItem { id } } } } }
    lineItems { edges { node { id sku title variantTitle vendor quantity
      originalUnitPriceSet { ${money} } totalDiscountSet { ${money} } product { id } variant { id } } } }`,
  products: `id title handle vendor productType status tags publishedAt createdAt updatedAt
    featuredMedia { preview { image { url } } }
    variants { edges { node { id title sku barcode price compareAtPrice position
      selectedOptions { name value } inventoryItem { id } inventoryQuantity taxable createdAt updatedAt } } }
    media { edges { node { id mediaContentType preview { image { url } } } } }
    metafields { edges { node { id namespace key type value } } }`,
  collections: `id handle title sortOrder updatedAt ruleSet { appliedDisjunctively }`,
  customers: customerFields,
  inventoryItems: `id sku tracked requiresShipping countryCodeOfOrigin unitCost { amount } createdAt updatedAt`,
  locations: `id name isActive address { city province country countryCode }
    inventoryLevels { edges { node { id updatedAt item { id } quantities(names: ["available"]) { name quantity } } } }`,
};

/** Shopify's search syntax for an `updated_at` window (inclusive at both ends). */
export function updatedAtFilter(window: UpdatedWindow): string {
  return `updated_at:>='${window.from}' AND updated_at:<='${window.to}'`;
}

/** The bulk query for one entity; locations carry no `updated_at` filter (levels change under them). */
export function bulkQuery(entity: BulkEntity, window?: UpdatedWindow): string {
  const filter = window && entity !== 'locations' ? `(query: ${JSON.stringify(updatedAtFilter(window))})` : '';
  return `{ ${entity}${filter} { edges { node { ${selections[entity].replace(/\s+/g, ' ')} } } } }`;
}

export const RUN_BULK_QUERY = `mutation RunBulkQuery($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

export const BULK_OPERATION_STATUS = `query BulkOperationStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount fileSize url partialDataUrl createdAt completedAt }
  }
}`;

export const SHOP_INFO = `query ShopInfo {
  shop { id name email currencyCode ianaTimezone plan { displayName } billingAddress { countryCodeV2 } updatedAt }
}`;
