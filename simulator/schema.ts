/**
 * The part of the Admin GraphQL schema the simulator serves: the fields it can render for each
 * type, and which of them are connections (in a bulk result, a connection's nodes are lines of
 * their own) or lists of objects (rendered as arrays inside their parent, and not allowed to hold
 * a connection in a bulk query). Lists of scalars (`tags`, `discountCodes`) are leaves. Types
 * named `X/ref` are X seen through a reference, where only the id is rendered.
 */

export type FieldKind = { kind: 'leaf' } | { kind: 'object'; type: string } | { kind: 'list'; type: string } | { kind: 'connection'; type: string };
export type TypeFields = Readonly<Record<string, FieldKind>>;

const leaf: FieldKind = { kind: 'leaf' };
const object = (type: string): FieldKind => ({ kind: 'object', type });
const list = (type: string): FieldKind => ({ kind: 'list', type });
const connection = (type: string): FieldKind => ({ kind: 'connection', type });
const leaves = (...names: string[]): Record<string, FieldKind> => Object.fromEntries(names.map((name) => [name, leaf]));
const idOnly: TypeFields = leaves('id');

const BULK_OPERATION = leaves(
  'id',
  'status',
  'errorCode',
  'objectCount',
  'rootObjectCount',
  'fileSize',
  'url',
  'partialDataUrl',
  'createdAt',
  'completedAt',
  'query',
  'type',
);

const WEBHOOK_SUBSCRIPTION: TypeFields = {
  ...leaves(
    'id',
    'legacyResourceId',
    'topic',
    'format',
    'includeFields',
    'metafieldNamespaces',
    'filter',
    'createdAt',
    'updatedAt',
    'callbackUrl',
    'uri',
    'name',
  ),
  endpoint: object('WebhookSubscriptionEndpoint'),
  apiVersion: object('ApiVersion'),
  metafields: list('WebhookSubscriptionMetafieldIdentifier'),
};

const REFUND: TypeFields = {
  ...leaves('id', 'legacyResourceId', 'createdAt', 'processedAt', 'note'),
  totalRefundedSet: object('MoneyBag'),
  refundLineItems: connection('RefundLineItem'),
  refundShippingLines: connection('RefundShippingLine'),
};

export const SCHEMA: Readonly<Record<string, TypeFields>> = {
  // The roots a bulk query may start from.
  BulkQueryRoot: {
    orders: connection('Order'),
    products: connection('Product'),
    collections: connection('Collection'),
    customers: connection('Customer'),
    inventoryItems: connection('InventoryItem'),
    locations: connection('Location'),
    fulfillmentOrders: connection('FulfillmentOrder'),
    draftOrders: connection('DraftOrder'),
    abandonedCheckouts: connection('AbandonedCheckout'),
    discountNodes: connection('DiscountNode'),
  },
  // What a connection offers besides its edges; bulk queries may select it and it is ignored.
  Connection: { pageInfo: object('PageInfo') },
  PageInfo: leaves('hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'),
  // `node` and `nodes` answer for bulk operations (polling), refunds and code discounts (their line items and codes, which bulk queries cannot export whole).
  // Webhook subscriptions' connection is an object here: it is paged by its resolver, not as a bulk query's connections are.
  QueryRoot: {
    node: object('Node'),
    nodes: list('Node'),
    currentBulkOperation: object('BulkOperation'),
    shop: object('Shop'),
    currentAppInstallation: object('AppInstallation'),
    webhookSubscriptions: object('WebhookSubscriptionConnection'),
    webhookSubscription: object('WebhookSubscription'),
    webhookSubscriptionsCount: object('Count'),
  },
  Mutation: {
    bulkOperationRunQuery: object('BulkOperationRunQueryPayload'),
    webhookSubscriptionCreate: object('WebhookSubscriptionCreatePayload'),
    webhookSubscriptionUpdate: object('WebhookSubscriptionUpdatePayload'),
    webhookSubscriptionDelete: object('WebhookSubscriptionDeletePayload'),
  },

  MoneyBag: { shopMoney: object('MoneyV2'), presentmentMoney: object('MoneyV2') },
  MoneyV2: leaves('amount', 'currencyCode'),

  Order: {
    ...leaves(
      'id',
      'legacyResourceId',
      'name',
      'number',
      'email',
      'createdAt',
      'updatedAt',
      'processedAt',
      'cancelledAt',
      'cancelReason',
      'closedAt',
      'closed',
      'currencyCode',
      'presentmentCurrencyCode',
      'displayFinancialStatus',
      'displayFulfillmentStatus',
      'sourceName',
      'tags',
      'test',
      'discountCode',
      'discountCodes',
      'subtotalLineItemsQuantity',
      'currentSubtotalLineItemsQuantity',
    ),
    subtotalPriceSet: object('MoneyBag'),
    totalPriceSet: object('MoneyBag'),
    totalTaxSet: object('MoneyBag'),
    totalDiscountsSet: object('MoneyBag'),
    totalShippingPriceSet: object('MoneyBag'),
    totalRefundedSet: object('MoneyBag'),
    originalTotalDutiesSet: object('MoneyBag'),
    originalTotalAdditionalFeesSet: object('MoneyBag'),
    customer: object('Customer'),
    transactions: list('OrderTransaction'),
    refunds: list('Refund'),
    fulfillments: list('Fulfillment'),
    lineItems: connection('LineItem'),
    shippingLines: connection('ShippingLine'),
    discountApplications: connection('DiscountApplication'),
    returns: connection('Return'),
  },
  Return: {
    ...leaves('id', 'name', 'status', 'createdAt', 'requestApprovedAt', 'closedAt', 'totalQuantity'),
    decline: object('ReturnDecline'),
    returnLineItems: connection('ReturnLineItemType'),
  },
  ReturnDecline: leaves('reason', 'note'),
  // An interface: ReturnLineItem's fields (UnverifiedReturnLineItem, the other implementation, has no fulfillment line).
  ReturnLineItemType: {
    ...leaves('id', 'quantity', 'returnReason', 'returnReasonNote', 'customerNote'),
    fulfillmentLineItem: object('FulfillmentLineItem'),
  },
  OrderTransaction: {
    ...leaves('id', 'kind', 'status', 'gateway', 'createdAt', 'processedAt', 'test', 'errorCode'),
    amountSet: object('MoneyBag'),
    parentTransaction: object('OrderTransaction/ref'),
  },
  ShippingLine: {
    ...leaves('id', 'title', 'code', 'source'),
    originalPriceSet: object('MoneyBag'),
    discountedPriceSet: object('MoneyBag'),
    discountAllocations: list('DiscountAllocation'),
  },
  DiscountAllocation: { allocatedAmountSet: object('MoneyBag'), discountApplication: object('DiscountApplication') },
  // An interface: the fields of every implementation, those another implementation lacks rendered null.
  DiscountApplication: {
    ...leaves('index', 'allocationMethod', 'targetSelection', 'targetType', 'code', 'title', 'description'),
    value: object('PricingValue'),
  },
  // A union of MoneyV2 and PricingPercentageValue.
  PricingValue: leaves('amount', 'currencyCode', 'percentage'),
  Customer: {
    ...leaves('id', 'legacyResourceId', 'email', 'firstName', 'lastName', 'displayName', 'state', 'verifiedEmail', 'tags', 'createdAt', 'updatedAt'),
    defaultAddress: object('MailingAddress'),
  },
  MailingAddress: leaves('id', 'city', 'province', 'country', 'countryCodeV2'),
  Refund: REFUND,
  RefundShippingLine: { ...leaves('id'), subtotalAmountSet: object('MoneyBag'), taxAmountSet: object('MoneyBag') },
  RefundLineItem: {
    ...leaves('id', 'quantity', 'restockType', 'restocked'),
    location: object('Location/ref'),
    lineItem: object('LineItem/ref'),
    subtotalSet: object('MoneyBag'),
    totalTaxSet: object('MoneyBag'),
  },
  Fulfillment: {
    ...leaves('id', 'legacyResourceId', 'name', 'status', 'displayStatus', 'createdAt', 'updatedAt'),
    location: object('Location/ref'),
    service: object('FulfillmentService'),
    trackingInfo: list('FulfillmentTrackingInfo'),
    fulfillmentLineItems: connection('FulfillmentLineItem'),
  },
  FulfillmentService: leaves('handle', 'serviceName'),
  FulfillmentOrder: {
    ...leaves('id', 'orderId', 'status', 'createdAt', 'updatedAt'),
    assignedLocation: object('FulfillmentOrderAssignedLocation'),
    lineItems: connection('FulfillmentOrderLineItem'),
    fulfillments: connection('Fulfillment'),
  },
  FulfillmentOrderAssignedLocation: { ...leaves('name'), location: object('Location/ref') },
  FulfillmentOrderLineItem: { ...leaves('id', 'totalQuantity', 'remainingQuantity'), lineItem: object('LineItem/ref') },
  FulfillmentTrackingInfo: leaves('company', 'number', 'url'),
  FulfillmentLineItem: { ...leaves('id', 'quantity'), lineItem: object('LineItem/ref') },
  LineItem: {
    ...leaves('id', 'sku', 'title', 'name', 'variantTitle', 'vendor', 'quantity', 'isGiftCard'),
    originalUnitPriceSet: object('MoneyBag'),
    totalDiscountSet: object('MoneyBag'),
    discountAllocations: list('DiscountAllocation'),
    product: object('Product/ref'),
    variant: object('ProductVariant/ref'),
  },

  Product: {
    ...leaves(
      'id',
      'legacyResourceId',
      'title',
      'handle',
      'vendor',
      'productType',
      'status',
      'tags',
      'publishedAt',
      'createdAt',
      'updatedAt',
      'totalInventory',
      'descriptionHtml',
    ),
    seo: object('SEO'),
    category: object('TaxonomyCategory'),
    featuredMedia: object('Media'),
    variants: connection('ProductVariant'),
    media: connection('Media'),
    metafields: connection('Metafield'),
  },
  SEO: leaves('title', 'description'),
  TaxonomyCategory: leaves('name', 'fullName'),
  // The Media interface with its MediaImage member's `image` (selected through `... on MediaImage`).
  Media: { ...leaves('id', 'mediaContentType', 'alt', 'status'), preview: object('MediaPreviewImage'), image: object('Image') },
  MediaPreviewImage: { ...leaves('status'), image: object('Image') },
  Image: leaves('url', 'altText', 'width', 'height'),
  ProductVariant: {
    ...leaves(
      'id',
      'legacyResourceId',
      'title',
      'sku',
      'barcode',
      'price',
      'compareAtPrice',
      'position',
      'inventoryQuantity',
      'taxable',
      'createdAt',
      'updatedAt',
    ),
    selectedOptions: list('SelectedOption'),
    inventoryItem: object('InventoryItem/ref'),
    media: connection('Media'),
  },
  SelectedOption: leaves('name', 'value'),
  Metafield: leaves('id', 'namespace', 'key', 'type', 'value'),

  Collection: {
    ...leaves('id', 'legacyResourceId', 'handle', 'title', 'sortOrder', 'updatedAt'),
    ruleSet: object('CollectionRuleSet'),
    products: connection('Product/ref'),
  },
  CollectionRuleSet: { ...leaves('appliedDisjunctively'), rules: list('CollectionRule') },
  CollectionRule: leaves('column', 'relation', 'condition'),

  InventoryItem: {
    ...leaves('id', 'legacyResourceId', 'sku', 'tracked', 'requiresShipping', 'countryCodeOfOrigin', 'createdAt', 'updatedAt'),
    unitCost: object('MoneyV2'),
  },
  Location: {
    ...leaves('id', 'legacyResourceId', 'name', 'isActive', 'createdAt', 'updatedAt'),
    address: object('LocationAddress'),
    inventoryLevels: connection('InventoryLevel'),
  },
  LocationAddress: leaves('address1', 'address2', 'city', 'zip', 'province', 'provinceCode', 'country', 'countryCode'),
  InventoryLevel: {
    ...leaves('id', 'updatedAt'),
    item: object('InventoryItem/ref'),
    location: object('Location/ref'),
    quantities: list('InventoryQuantity'),
  },
  InventoryQuantity: leaves('name', 'quantity'),

  DraftOrder: {
    ...leaves(
      'id',
      'legacyResourceId',
      'name',
      'status',
      'email',
      'createdAt',
      'updatedAt',
      'completedAt',
      'invoiceSentAt',
      'currencyCode',
      'presentmentCurrencyCode',
      'taxesIncluded',
      'taxExempt',
      'tags',
    ),
    subtotalPriceSet: object('MoneyBag'),
    totalTaxSet: object('MoneyBag'),
    totalPriceSet: object('MoneyBag'),
    totalDiscountsSet: object('MoneyBag'),
    appliedDiscount: object('DraftOrderAppliedDiscount'),
    customer: object('Customer'),
    order: object('Order/ref'),
    lineItems: connection('DraftOrderLineItem'),
  },
  DraftOrderAppliedDiscount: { ...leaves('title', 'description', 'value', 'valueType'), amountSet: object('MoneyBag') },
  DraftOrderLineItem: {
    ...leaves('id', 'name', 'sku', 'title', 'variantTitle', 'vendor', 'quantity', 'custom', 'isGiftCard', 'requiresShipping', 'taxable'),
    originalUnitPriceSet: object('MoneyBag'),
    originalTotalSet: object('MoneyBag'),
    totalDiscountSet: object('MoneyBag'),
    discountedTotalSet: object('MoneyBag'),
    appliedDiscount: object('DraftOrderAppliedDiscount'),
    product: object('Product/ref'),
    variant: object('ProductVariant/ref'),
  },
  AbandonedCheckout: {
    ...leaves('id', 'name', 'createdAt', 'updatedAt', 'completedAt', 'note', 'taxesIncluded', 'discountCodes', 'lineItemsQuantity'),
    customer: object('Customer'),
    subtotalPriceSet: object('MoneyBag'),
    totalLineItemsPriceSet: object('MoneyBag'),
    totalDiscountSet: object('MoneyBag'),
    totalTaxSet: object('MoneyBag'),
    totalPriceSet: object('MoneyBag'),
    totalDutiesSet: object('MoneyBag'),
    lineItems: connection('AbandonedCheckoutLineItem'),
  },
  AbandonedCheckoutLineItem: {
    ...leaves('id', 'title', 'variantTitle', 'sku', 'quantity'),
    originalUnitPriceSet: object('MoneyBag'),
    originalTotalPriceSet: object('MoneyBag'),
    discountedTotalPriceSet: object('MoneyBag'),
    product: object('Product/ref'),
    variant: object('ProductVariant/ref'),
  },

  'Order/ref': idOnly,
  DiscountNode: { ...leaves('id'), discount: object('Discount') },
  // A union of the code and automatic discount types: the fields of every member, those a member lacks rendered null.
  Discount: {
    ...leaves('title', 'status', 'summary', 'startsAt', 'endsAt', 'createdAt', 'updatedAt', 'asyncUsageCount'),
    codesCount: object('Count'),
    codes: connection('DiscountRedeemCode'),
  },
  Count: leaves('count', 'precision'),
  DiscountRedeemCode: leaves('id', 'code', 'asyncUsageCount', 'createdAt'),
  'Location/ref': idOnly,
  'OrderTransaction/ref': idOnly,
  'LineItem/ref': idOnly,
  'Product/ref': idOnly,
  'ProductVariant/ref': idOnly,
  'InventoryItem/ref': idOnly,

  BulkOperationRunQueryPayload: { bulkOperation: object('BulkOperation'), userErrors: list('BulkOperationUserError') },
  BulkOperationUserError: leaves('field', 'message', 'code'),
  BulkOperation: BULK_OPERATION,
  // The Node interface, for the implementations `node` and `nodes` answer for (a DiscountCodeNode's codes are paged too).
  Node: { ...BULK_OPERATION, ...REFUND, codeDiscount: object('Discount') },
  Shop: {
    ...leaves('id', 'name', 'email', 'myshopifyDomain', 'currencyCode', 'ianaTimezone', 'createdAt', 'updatedAt'),
    plan: object('ShopPlan'),
    billingAddress: object('ShopAddress'),
  },
  ShopPlan: leaves('displayName', 'partnerDevelopment', 'shopifyPlus'),
  ShopAddress: leaves('countryCodeV2'),

  AppInstallation: { accessScopes: list('AccessScope') },
  AccessScope: leaves('handle', 'description'),
  WebhookSubscriptionConnection: { nodes: list('WebhookSubscription'), edges: list('WebhookSubscriptionEdge'), pageInfo: object('PageInfo') },
  WebhookSubscriptionEdge: { cursor: leaf, node: object('WebhookSubscription') },
  WebhookSubscription: WEBHOOK_SUBSCRIPTION,
  // A union of the HTTP, EventBridge and Pub/Sub endpoints; the simulator only makes HTTP ones.
  WebhookSubscriptionEndpoint: leaves('callbackUrl', 'arn', 'pubSubProject', 'pubSubTopic'),
  WebhookSubscriptionMetafieldIdentifier: leaves('namespace', 'key'),
  // Which versions Shopify calls supported, and how it words their names, is not modelled.
  ApiVersion: leaves('handle'),
  WebhookSubscriptionCreatePayload: { webhookSubscription: object('WebhookSubscription'), userErrors: list('UserError') },
  WebhookSubscriptionUpdatePayload: { webhookSubscription: object('WebhookSubscription'), userErrors: list('UserError') },
  WebhookSubscriptionDeletePayload: { deletedWebhookSubscriptionId: leaf, userErrors: list('UserError') },
  UserError: leaves('field', 'message'),
};

const VERSIONED = new Map<string, Readonly<Record<string, TypeFields>>>();

/**
 * The schema as an Admin API version has it: a WebhookSubscription has `uri` from 2025-10 and
 * `name` from 2026-04 (https://shopify.dev/changelog/consolidate-webhook-graphql-surfaces and the
 * captured schemas named in webhook-topics.ts).
 */
export function schemaFor(apiVersion: string): Readonly<Record<string, TypeFields>> {
  let schema = VERSIONED.get(apiVersion);
  if (!schema) {
    const { uri, name, ...always } = WEBHOOK_SUBSCRIPTION;
    schema = {
      ...SCHEMA,
      WebhookSubscription: { ...always, ...(apiVersion >= '2025-10' ? { uri } : {}), ...(apiVersion >= '2026-04' ? { name } : {}) },
    };
    VERSIONED.set(apiVersion, schema);
  }
  return schema;
}

/** The name Shopify would use in an error message. */
export function displayTypeName(type: string): string {
  return type.split('/')[0]!;
}
