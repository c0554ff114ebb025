/**
 * The bulk queries a resync runs, one per entity, shaped by Shopify's rules for bulk queries
 * (https://shopify.dev/docs/api/usage/bulk-operations/queries, "Operation restrictions", and what
 * Shopify answers in userErrors): at most five connections, connections nested at most two levels
 * below the root, `id` selected on every parent of a nested connection, and no connection inside
 * a list field. Lists (an order's transactions and refunds) arrive inside their parent's line;
 * every connection's nodes arrive as lines of their own, tagged with `__parentId`.
 *
 * So an order's fulfillments, a list whose line items are a connection, are exported from the
 * fulfillment orders they ship (fulfillmentOrders → fulfillments → fulfillmentLineItems), and a
 * refund's line items, which no bulk query can reach, by paginated queries of their own
 * (`nested/refund-line-items.ts`); so are a code discount's redeem codes, which bulk results are
 * reported to cut short (`nested/discount-codes.ts`). Returns have no query of their own: they
 * are exported from the orders they belong to, by a second export rooted at orders. No
 * `sortKey`: sorted bulk queries have been seen to omit records.
 */
export const BULK_ENTITIES = [
  'orders',
  'products',
  'collections',
  'customers',
  'inventoryItems',
  'locations',
  'fulfillmentOrders',
  'draftOrders',
  'abandonedCheckouts',
  'returns',
  'discounts',
] as const;

export type BulkEntity = (typeof BULK_ENTITIES)[number];

/** Entities whose records reach two levels down: children of children (a fulfillment's line items, a return's lines, a variant's images) belong to the root's record. */
export const TWO_LEVEL_ENTITIES: readonly BulkEntity[] = ['products', 'fulfillmentOrders', 'returns'];

/** The root connection of each export: the entity's own name, unless it has none. */
const ROOTS: Readonly<Partial<Record<BulkEntity, string>>> = { returns: 'orders', discounts: 'discountNodes' };

/** Lists inside a parent's line whose elements have children of their own: those lines name the element's gid as `__parentId`. */
export const NESTED_PARENT_LISTS = ['refunds'] as const;

/** `updated_at` bounds for an incremental resync; a full resync has none. */
export interface UpdatedWindow {
  from: string;
  to: string;
}

const money = 'shopMoney { amount currencyCode }';
const presentment = 'presentmentMoney { amount currencyCode }';
const draftDiscount = `appliedDiscount { title valueType amountSet { ${money} } }`;
const allocations = `discountAllocations { allocatedAmountSet { ${money} } discountApplication { index } }`;

/** What every discount type has; the Basic, Bxgy and FreeShipping types have a summary too, code discounts a count of their codes. */
const discountFields = (type: string) => {
  const summary = type.endsWith('App') ? '' : ' summary';
  const codes = type.startsWith('DiscountCode') ? ' codesCount { count precision }' : '';
  return `... on ${type} { title status${summary} startsAt endsAt createdAt updatedAt asyncUsageCount${codes} }`;
};
const DISCOUNT_TYPES = ['Basic', 'Bxgy', 'FreeShipping', 'App'].flatMap((kind) => [`DiscountCode${kind}`, `DiscountAutomatic${kind}`]);

const customerFields = `id email state verifiedEmail tags createdAt updatedAt
  defaultAddress { city province country countryCodeV2 }`;

const selections: Readonly<Record<BulkEntity, string>> = {
  orders: `id name number email createdAt updatedAt processedAt cancelledAt cancelReason closedAt
    currencyCode presentmentCurrencyCode displayFinancialStatus displayFulfillmentStatus sourceName tags test
    discountCodes
    subtotalPriceSet { ${money} } totalPriceSet { ${money} } totalTaxSet { ${money} }
    totalDiscountsSet { ${money} } totalShippingPriceSet { ${money} } currentSubtotalLineItemsQuantity
    originalTotalDutiesSet { ${money} } originalTotalAdditionalFeesSet { ${money} }
    customer { ${customerFields} }
    transactions { id kind status gateway amountSet { ${presentment} } createdAt processedAt parentTransaction { id } test errorCode }
    refunds { id createdAt processedAt note totalRefundedSet { ${presentment} } }
    lineItems { edges { node { id sku title variantTitle vendor quantity isGiftCard
      originalUnitPriceSet { ${money} } totalDiscountSet { ${money} } ${allocations} product { id } variant { id } } } }
    shippingLines { edges { node { id title code source originalPriceSet { ${money} } ${allocations} } } }
    discountApplications { edges { node { __typename index allocationMethod targetSelection targetType
      value { ... on MoneyV2 { amount currencyCode } ... on PricingPercentageValue { percentage } }
      ... on DiscountCodeApplication { code } ... on AutomaticDiscountApplication { title }
      ... on ManualDiscountApplication { title description } ... on ScriptDiscountApplication { title } } } }`,
  // Four connections: a variant's media (the images it shows) are the second level below products,
  // selected as `ref`: the same image is also a line of the product's own media, under its own id.
  products: `id title descriptionHtml handle vendor productType status tags publishedAt createdAt updatedAt
    seo { title description } category { fullName }
    featuredMedia { id preview { image { url } } }
    variants { edges { node { id title sku barcode price compareAtPrice position
      selectedOptions { name value } inventoryItem { id } inventoryQuantity taxable createdAt updatedAt
      media { edges { node { ref: id } } } } } }
    media { edges { node { id mediaContentType alt ... on MediaImage { image { url altText width height } } preview { image { url } } } } }
    metafields { edges { node { id namespace key type value } } }`,
  // A collection's products are its members, not products: their ids are selected as `ref`, so that
  // their lines cannot be taken for the products export's own lines.
  collections: `id handle title sortOrder updatedAt ruleSet { appliedDisjunctively } products { edges { node { ref: id } } }`,
  customers: customerFields,
  inventoryItems: `id sku tracked requiresShipping countryCodeOfOrigin unitCost { amount } createdAt updatedAt`,
  locations: `id name isActive createdAt updatedAt address { address1 address2 city zip province provinceCode countryCode }
    inventoryLevels { edges { node { id updatedAt item { id } quantities(names: ["available"]) { name quantity } } } }`,
  fulfillmentOrders: `id orderId status createdAt updatedAt assignedLocation { location { id } }
    lineItems { edges { node { id totalQuantity remainingQuantity lineItem { id } } } }
    fulfillments { edges { node { id name status displayStatus createdAt updatedAt location { id }
      service { handle } trackingInfo { company number }
      fulfillmentLineItems { edges { node { id quantity lineItem { id } } } } } } }`,
  // Amounts in the shop's currency, the currency REST's draft order names.
  draftOrders: `id name status email createdAt updatedAt completedAt invoiceSentAt currencyCode
    subtotalPriceSet { ${money} } totalTaxSet { ${money} } totalPriceSet { ${money} } ${draftDiscount}
    customer { id email } order { id }
    lineItems { edges { node { id sku title variantTitle vendor quantity custom originalUnitPriceSet { ${money} } ${draftDiscount}
      product { id } variant { id } } } }`,
  // Amounts in the presentment currency, as REST's checkout gives them; only a line's quantity is needed.
  abandonedCheckouts: `id name createdAt updatedAt completedAt discountCodes customer { id email }
    subtotalPriceSet { ${presentment} } totalLineItemsPriceSet { ${presentment} } totalDiscountSet { ${presentment} }
    totalTaxSet { ${presentment} } totalPriceSet { ${money} ${presentment} }
    lineItems { edges { node { id quantity } } }`,
  // A return's line is a ReturnLineItem (of a fulfilled order line) or an UnverifiedReturnLineItem (of none).
  returns: `id returns { edges { node { id name status createdAt requestApprovedAt closedAt totalQuantity decline { reason }
    returnLineItems { edges { node { id quantity returnReason ... on ReturnLineItem { fulfillmentLineItem { lineItem { id } } } } } } } } }`,
  discounts: `id discount { __typename ${DISCOUNT_TYPES.map(discountFields).join(' ')} }`,
};

/** Arguments of the root connection beyond the `updated_at` filter: closed fulfillment orders and inactive locations are left out unless asked for. */
const ROOT_ARGUMENTS: Readonly<Partial<Record<BulkEntity, string>>> = {
  fulfillmentOrders: 'includeClosed: true',
  locations: 'includeInactive: true, includeLegacy: true',
};

/** Shopify's search syntax for an `updated_at` window (inclusive at both ends). */
function updatedAtFilter(window: UpdatedWindow): string {
  return `updated_at:>='${window.from}' AND updated_at:<='${window.to}'`;
}

/** The bulk query for one entity; locations carry no `updated_at` filter (levels change under them). */
export function bulkQuery(entity: BulkEntity, window?: UpdatedWindow): string {
  const args = [ROOT_ARGUMENTS[entity], window && entity !== 'locations' ? `query: ${JSON.stringify(updatedAtFilter(window))}` : undefined].filter(Boolean);
  return `{ ${ROOTS[entity] ?? entity}${args.length ? `(${args.join(', ')})` : ''} { edges { node { ${selections[entity].replace(/\s+/g, ' ')} } } } }`;
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
