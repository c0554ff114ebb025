/**
 * Records as Admin GraphQL objects: gids, UTC timestamps, UPPER_CASE enums, MoneyBags. Each
 * function renders every field the simulator knows for its type, except connections, which
 * bulk results carry as lines of their own. A query's selection then picks from these.
 */

import { units } from './checkouts';
import { draftDiscounts } from './draft-orders';
import type { FulfillmentOrderLine, FulfillmentOrderView } from './fulfillment-orders';
import { gid } from './ids';
import {
  allocated,
  type Checkout,
  type CheckoutLine,
  type Collection,
  type Customer,
  type Discount,
  type DiscountAllocation,
  type DiscountApplication,
  type DraftDiscount,
  type DraftOrder,
  type DraftOrderLine,
  discountUsage,
  type Fulfillment,
  type FulfillmentLine,
  type InventoryItem,
  type InventoryLevel,
  inventoryQuantity,
  type LineItem,
  type Location,
  type MediaImage,
  type Metafield,
  type ModelView,
  type Order,
  type Product,
  type RedeemCode,
  type Refund,
  type RefundLine,
  type Return,
  type ReturnLine,
  type ShippingLine,
  type ShopInfo,
  type Transaction,
  type Variant,
} from './model';
import { decimal, presentmentCents } from './money';
import { orderName } from './order-records';
import { utcIso } from './time';

export type GqlValue = string | number | boolean | null | readonly GqlValue[] | GqlObject;
export interface GqlObject {
  readonly [field: string]: GqlValue;
}

const at = (ms: number | null) => (ms === null ? null : utcIso(ms));
const ref = (type: Parameters<typeof gid>[0], id: string | null) => (id === null ? null : { id: gid(type, id) });

function moneyBag(cents: number, shopCurrency: string, presentmentCurrency = shopCurrency): GqlObject {
  const shopMoney = { amount: decimal(cents), currencyCode: shopCurrency };
  return {
    shopMoney,
    presentmentMoney:
      presentmentCurrency === shopCurrency
        ? shopMoney
        : { amount: decimal(presentmentCents(cents, shopCurrency, presentmentCurrency)), currencyCode: presentmentCurrency },
  };
}

// Customers are rendered inside every one of their orders; records are immutable, so each
// version is rendered once.
const renderedCustomers = new WeakMap<Customer, GqlObject>();

export function gqlCustomer(customer: Customer): GqlObject {
  let rendered = renderedCustomers.get(customer);
  if (!rendered) {
    rendered = renderCustomer(customer);
    renderedCustomers.set(customer, rendered);
  }
  return rendered;
}

function renderCustomer(customer: Customer): GqlObject {
  return {
    id: gid('Customer', customer.id),
    legacyResourceId: customer.id,
    email: customer.email,
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`,
    state: customer.state,
    verifiedEmail: customer.verifiedEmail,
    tags: customer.tags,
    createdAt: at(customer.createdAt),
    updatedAt: at(customer.updatedAt),
    defaultAddress: customer.address && {
      id: `${gid('MailingAddress', customer.addressId ?? '0')}?model_name=CustomerAddress`,
      city: customer.address.city,
      province: customer.address.province,
      country: customer.address.country,
      countryCodeV2: customer.address.countryCode,
    },
  };
}

function gqlRefund(refund: Refund, currency: string, presentment: string): GqlObject {
  return {
    id: gid('Refund', refund.id),
    legacyResourceId: refund.id,
    createdAt: at(refund.createdAt),
    processedAt: at(refund.processedAt),
    note: refund.note,
    totalRefundedSet: moneyBag(refund.amount, currency, presentment),
  };
}

export function gqlFulfillment(fulfillment: Fulfillment): GqlObject {
  return {
    id: gid('Fulfillment', fulfillment.id),
    legacyResourceId: fulfillment.id,
    name: fulfillment.name,
    status: fulfillment.status,
    displayStatus: fulfillment.displayStatus,
    createdAt: at(fulfillment.createdAt),
    updatedAt: at(fulfillment.updatedAt),
    location: ref('Location', fulfillment.locationId),
    service: { handle: 'manual', serviceName: 'Manual' },
    trackingInfo: fulfillment.trackingNumber ? [{ company: fulfillment.trackingCompany, number: fulfillment.trackingNumber, url: null }] : [],
  };
}

/** A refund as `node(id:)` answers it: with its line items, which a synchronous query pages. */
export function gqlRefundDetail(refund: Refund, order: Order, currency: string): GqlObject {
  return {
    ...gqlRefund(refund, currency, order.presentmentCurrency),
    refundLineItems: refund.lines.map((line) => gqlRefundLine(line, order, currency)),
    refundShippingLines: refund.shipping.map((line) => ({
      id: gid('RefundShippingLine', line.id),
      subtotalAmountSet: moneyBag(line.subtotal, currency, order.presentmentCurrency),
      taxAmountSet: moneyBag(line.tax, currency, order.presentmentCurrency),
    })),
  };
}

export function gqlOrder(order: Order, view: ModelView): GqlObject {
  const currency = view.info.currency;
  const bag = (cents: number) => moneyBag(cents, currency, order.presentmentCurrency);
  let quantity = 0;
  for (const line of order.lineItems) quantity += line.quantity;
  let refunded = 0;
  for (const refund of order.refunds) for (const line of refund.lines) refunded += line.quantity;
  const customer = order.customerId === null ? undefined : view.customers.get(order.customerId);
  return {
    id: gid('Order', order.id),
    legacyResourceId: order.id,
    name: orderName(order),
    number: order.number,
    email: order.email,
    createdAt: at(order.createdAt),
    updatedAt: at(order.updatedAt),
    processedAt: at(order.processedAt),
    cancelledAt: at(order.cancelledAt),
    cancelReason: order.cancelReason,
    closedAt: at(order.closedAt),
    closed: order.closedAt !== null,
    currencyCode: currency,
    presentmentCurrencyCode: order.presentmentCurrency,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: order.fulfillmentStatus,
    sourceName: order.sourceName,
    tags: order.tags,
    test: order.test,
    discountCode: order.discountCodes[0]?.code ?? null,
    discountCodes: order.discountCodes.map((discount) => discount.code),
    subtotalPriceSet: bag(order.subtotal),
    totalPriceSet: bag(order.total),
    totalTaxSet: bag(order.tax),
    totalDiscountsSet: bag(order.discounts),
    totalShippingPriceSet: bag(order.shipping),
    totalRefundedSet: bag(order.refunds.reduce((sum, r) => sum + r.amount, 0)),
    // The simulated shop charges neither duties nor additional fees: Shopify states them as null then.
    originalTotalDutiesSet: null,
    originalTotalAdditionalFeesSet: null,
    subtotalLineItemsQuantity: quantity,
    currentSubtotalLineItemsQuantity: quantity - refunded,
    customer: customer ? gqlCustomer(customer) : null,
    transactions: order.transactions.map((transaction) => gqlTransaction(transaction, order, currency)),
    refunds: order.refunds.map((refund) => gqlRefund(refund, currency, order.presentmentCurrency)),
    fulfillments: order.fulfillments.map(gqlFulfillment),
  };
}

export function gqlLineItem(line: LineItem, order: Order, currency: string): GqlObject {
  return {
    id: gid('LineItem', line.id),
    sku: line.sku,
    title: line.title,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    variantTitle: line.variantTitle,
    vendor: line.vendor,
    quantity: line.quantity,
    isGiftCard: false,
    originalUnitPriceSet: moneyBag(line.price, currency, order.presentmentCurrency),
    // As on Shopify: set only by draft orders, scripts or the API; discounts are in discountAllocations.
    totalDiscountSet: moneyBag(0, currency, order.presentmentCurrency),
    discountAllocations: gqlAllocations(line.discountAllocations, order, currency),
    product: ref('Product', line.productId),
    variant: ref('ProductVariant', line.variantId),
  };
}

function gqlAllocations(allocations: readonly DiscountAllocation[], order: Order, currency: string): GqlValue {
  return allocations.map((allocation) => ({
    allocatedAmountSet: moneyBag(allocation.amount, currency, order.presentmentCurrency),
    discountApplication: gqlDiscountApplication(order.discountApplications[allocation.applicationIndex]!, allocation.applicationIndex, currency),
  }));
}

/** A DiscountApplication: an interface, so it says its type; applications have no id of their own. */
export function gqlDiscountApplication(application: DiscountApplication, index: number, currency: string): GqlObject {
  return {
    __typename: application.kind,
    index,
    allocationMethod: application.allocationMethod,
    targetSelection: application.targetSelection,
    targetType: application.targetType,
    value:
      application.valueType === 'PERCENTAGE'
        ? { __typename: 'PricingPercentageValue', percentage: application.value }
        : { __typename: 'MoneyV2', amount: decimal(application.value), currencyCode: currency },
    ...(application.kind === 'DiscountCodeApplication' ? { code: application.code } : { title: application.title, description: application.description }),
  };
}

export function gqlShippingLine(line: ShippingLine, order: Order, currency: string): GqlObject {
  return {
    id: gid('ShippingLine', line.id),
    title: line.title,
    code: line.code,
    source: line.source,
    originalPriceSet: moneyBag(line.price, currency, order.presentmentCurrency),
    discountedPriceSet: moneyBag(line.price - allocated(line), currency, order.presentmentCurrency),
    discountAllocations: gqlAllocations(line.discountAllocations, order, currency),
  };
}

function gqlTransaction(transaction: Transaction, order: Order, currency: string): GqlObject {
  return {
    id: gid('OrderTransaction', transaction.id),
    kind: transaction.kind,
    status: transaction.status,
    gateway: transaction.gateway,
    amountSet: moneyBag(transaction.amount, currency, order.presentmentCurrency),
    createdAt: at(transaction.createdAt),
    processedAt: at(transaction.createdAt),
    parentTransaction: ref('OrderTransaction', transaction.parentId),
    test: order.test,
    errorCode: null,
  };
}

export function gqlRefundLine(line: RefundLine, order: Order, currency: string): GqlObject {
  return {
    id: gid('RefundLineItem', line.id),
    quantity: line.quantity,
    restockType: line.restockType,
    restocked: line.restockType !== 'NO_RESTOCK',
    location: ref('Location', line.locationId),
    lineItem: { id: gid('LineItem', line.lineItemId) },
    subtotalSet: moneyBag(line.subtotal, currency, order.presentmentCurrency),
    totalTaxSet: moneyBag(line.tax, currency, order.presentmentCurrency),
  };
}

export function gqlFulfillmentOrder(fulfillmentOrder: FulfillmentOrderView): GqlObject {
  return {
    id: gid('FulfillmentOrder', fulfillmentOrder.id),
    orderId: gid('Order', fulfillmentOrder.orderId),
    status: fulfillmentOrder.status,
    createdAt: at(fulfillmentOrder.createdAt),
    updatedAt: at(fulfillmentOrder.updatedAt),
    assignedLocation: { name: null, location: ref('Location', fulfillmentOrder.locationId) },
  };
}

export function gqlFulfillmentOrderLine(line: FulfillmentOrderLine): GqlObject {
  return {
    id: gid('FulfillmentOrderLineItem', line.id),
    totalQuantity: line.totalQuantity,
    remainingQuantity: line.remainingQuantity,
    lineItem: { id: gid('LineItem', line.lineItemId) },
  };
}

export function gqlFulfillmentLine(line: FulfillmentLine): GqlObject {
  return { id: gid('FulfillmentLineItem', line.id), quantity: line.quantity, lineItem: { id: gid('LineItem', line.lineItemId) } };
}

export function gqlReturn(ret: Return): GqlObject {
  return {
    id: gid('Return', ret.id),
    name: ret.name,
    status: ret.status,
    createdAt: at(ret.requestedAt),
    requestApprovedAt: at(ret.approvedAt),
    closedAt: at(ret.closedAt),
    totalQuantity: ret.lines.reduce((sum, line) => sum + line.quantity, 0),
    decline: ret.decline && { reason: ret.decline.reason, note: ret.decline.note },
  };
}

/** A ReturnLineItem: the ReturnLineItemType interface's fields, and the fulfillment line it takes back. */
export function gqlReturnLine(line: ReturnLine): GqlObject {
  return {
    __typename: 'ReturnLineItem',
    id: gid('ReturnLineItem', line.id),
    quantity: line.quantity,
    returnReason: line.reason,
    returnReasonNote: '',
    customerNote: null,
    fulfillmentLineItem: { id: gid('FulfillmentLineItem', line.fulfillmentLineId), lineItem: { id: gid('LineItem', line.lineItemId) } },
  };
}

const discountGid = (discount: Discount) => gid(discount.method === 'code' ? 'DiscountCodeNode' : 'DiscountAutomaticNode', discount.id);

/** The discount of a DiscountNode (`discount`) or a DiscountCodeNode (`codeDiscount`): the fields its type has. */
function gqlDiscount(discount: Discount, view: ModelView): GqlObject {
  return {
    __typename: discount.type,
    title: discount.title,
    status: 'ACTIVE',
    summary: discount.summary,
    startsAt: at(discount.startsAt),
    endsAt: at(discount.endsAt),
    createdAt: at(discount.createdAt),
    updatedAt: at(discount.updatedAt),
    asyncUsageCount: discountUsage(discount, view.orders),
    ...(discount.method === 'code'
      ? { codesCount: { count: discount.codes.length, precision: 'EXACT' }, codes: discount.codes.map((code) => gqlRedeemCode(code, discount, view)) }
      : {}),
  };
}

export function gqlDiscountNode(discount: Discount, view: ModelView): GqlObject {
  return { id: discountGid(discount), discount: gqlDiscount(discount, view) };
}

/** A DiscountCodeNode as `node(id:)` answers it: with its codes, which a synchronous query pages. */
export function gqlDiscountCodeNode(discount: Discount, view: ModelView): GqlObject {
  return { id: discountGid(discount), codeDiscount: gqlDiscount(discount, view) };
}

export function gqlRedeemCode(code: RedeemCode, discount: Discount, view: ModelView): GqlObject {
  return {
    id: gid('DiscountRedeemCode', code.id),
    code: code.code,
    asyncUsageCount: discountUsage(discount, view.orders, code.code),
    createdAt: at(code.createdAt),
  };
}

const image = (media: MediaImage) => ({ url: media.url, altText: media.alt, width: media.width, height: media.height });
const preview = (media: MediaImage) => ({ status: 'READY', image: image(media) });

export function gqlProduct(product: Product, view: ModelView): GqlObject {
  const first = product.media[0];
  return {
    id: gid('Product', product.id),
    legacyResourceId: product.id,
    title: product.title,
    handle: product.handle,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    publishedAt: at(product.publishedAt),
    createdAt: at(product.createdAt),
    updatedAt: at(product.updatedAt),
    totalInventory: product.variants.reduce((sum, variant) => sum + inventoryQuantity(view.inventoryItems, variant), 0),
    descriptionHtml: product.descriptionHtml,
    seo: product.seo,
    category: product.category === null ? null : { name: product.category.split(' > ').at(-1)!, fullName: product.category },
    featuredMedia: first ? gqlMedia(first) : null,
  };
}

export function gqlVariant(variant: Variant, view: ModelView): GqlObject {
  return {
    id: gid('ProductVariant', variant.id),
    legacyResourceId: variant.id,
    title: variant.title,
    sku: variant.sku,
    barcode: variant.barcode,
    price: decimal(variant.price),
    compareAtPrice: variant.compareAtPrice === null ? null : decimal(variant.compareAtPrice),
    position: variant.position,
    selectedOptions: variant.options.map((option) => ({ name: option.name, value: option.value })),
    inventoryItem: { id: gid('InventoryItem', variant.inventoryItemId) },
    inventoryQuantity: inventoryQuantity(view.inventoryItems, variant),
    taxable: variant.taxable,
    createdAt: at(variant.createdAt),
    updatedAt: at(variant.updatedAt),
  };
}

export function gqlMedia(media: MediaImage): GqlObject {
  return { id: gid('MediaImage', media.id), mediaContentType: 'IMAGE', alt: media.alt ?? '', status: 'READY', preview: preview(media), image: image(media) };
}

export function gqlMetafield(field: Metafield): GqlObject {
  return { id: gid('Metafield', field.id), namespace: field.namespace, key: field.key, type: field.type, value: field.value };
}

export function gqlCollection(collection: Collection): GqlObject {
  return {
    id: gid('Collection', collection.id),
    legacyResourceId: collection.id,
    handle: collection.handle,
    title: collection.title,
    sortOrder: collection.sortOrder,
    updatedAt: at(collection.updatedAt),
    ruleSet: collection.rules && {
      appliedDisjunctively: collection.disjunctive,
      rules: collection.rules.map((rule) => ({ column: rule.column.toUpperCase(), relation: rule.relation.toUpperCase(), condition: rule.condition })),
    },
  };
}

export function gqlInventoryItem(item: InventoryItem, currency: string): GqlObject {
  return {
    id: gid('InventoryItem', item.id),
    legacyResourceId: item.id,
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: item.requiresShipping,
    countryCodeOfOrigin: item.countryCodeOfOrigin,
    unitCost: item.cost === null ? null : { amount: decimal(item.cost), currencyCode: currency },
    createdAt: at(item.createdAt),
    updatedAt: at(item.updatedAt),
  };
}

export function gqlLocation(location: Location): GqlObject {
  return {
    id: gid('Location', location.id),
    legacyResourceId: location.id,
    name: location.name,
    isActive: location.isActive,
    createdAt: at(location.createdAt),
    updatedAt: at(location.updatedAt),
    address: {
      address1: location.street,
      address2: null,
      city: location.address.city,
      zip: location.zip,
      province: location.address.province,
      provinceCode: null,
      country: location.address.country,
      countryCode: location.address.countryCode,
    },
  };
}

/** The quantity names Shopify tracks; `quantities(names: [...])` picks among them. */
const QUANTITY_NAMES = ['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'safety_stock', 'quality_control'];

export function inventoryLevelGid(level: InventoryLevel, itemId: string): string {
  return `${gid('InventoryLevel', level.id)}?inventory_item_id=${itemId}`;
}

export function gqlInventoryLevel(level: InventoryLevel, itemId: string): GqlObject {
  return {
    id: inventoryLevelGid(level, itemId),
    updatedAt: at(level.updatedAt),
    item: { id: gid('InventoryItem', itemId) },
    location: { id: gid('Location', level.locationId) },
    quantities: QUANTITY_NAMES.map((name) => ({
      name,
      quantity: name === 'available' || name === 'on_hand' ? level.available : 0,
    })),
  };
}

export function gqlShop(info: ShopInfo, domain: string): GqlObject {
  return {
    id: gid('Shop', info.id),
    name: info.name,
    email: info.email,
    myshopifyDomain: domain,
    currencyCode: info.currency,
    ianaTimezone: info.ianaTimezone,
    plan: { displayName: info.planDisplayName, partnerDevelopment: false, shopifyPlus: info.planDisplayName === 'Shopify Plus' },
    billingAddress: { countryCodeV2: info.countryCode },
    createdAt: at(info.createdAt),
    updatedAt: at(info.updatedAt),
  };
}

function gqlDraftDiscount(discount: DraftDiscount | null, currency: string): GqlObject | null {
  if (discount === null) return null;
  return {
    title: discount.title,
    description: discount.title,
    // A Float: the percentage, or the amount itself.
    value: discount.valueType === 'PERCENTAGE' ? discount.value : discount.value / 100,
    valueType: discount.valueType,
    amountSet: moneyBag(discount.amount, currency),
  };
}

const customerOf = (record: { customerId: string | null }, view: ModelView) => {
  const customer = record.customerId === null ? undefined : view.customers.get(record.customerId);
  return customer ? gqlCustomer(customer) : null;
};

/** A draft order, in the shop's currency (drafts are not presented in another). */
export function gqlDraftOrder(draft: DraftOrder, view: ModelView): GqlObject {
  const currency = view.info.currency;
  return {
    id: gid('DraftOrder', draft.id),
    legacyResourceId: draft.id,
    name: `#D${draft.number}`,
    status: draft.status,
    email: draft.email,
    createdAt: at(draft.createdAt),
    updatedAt: at(draft.updatedAt),
    completedAt: at(draft.completedAt),
    invoiceSentAt: at(draft.invoiceSentAt),
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    taxesIncluded: false,
    taxExempt: false,
    tags: [],
    subtotalPriceSet: moneyBag(draft.subtotal, currency),
    totalTaxSet: moneyBag(draft.tax, currency),
    totalPriceSet: moneyBag(draft.total, currency),
    totalDiscountsSet: moneyBag(draftDiscounts(draft), currency),
    appliedDiscount: gqlDraftDiscount(draft.discount, currency),
    customer: customerOf(draft, view),
    order: ref('Order', draft.orderId),
  };
}

export function gqlDraftOrderLine(line: DraftOrderLine, currency: string): GqlObject {
  const gross = line.price * line.quantity;
  const discount = line.discount?.amount ?? 0;
  return {
    id: gid('DraftOrderLineItem', line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    sku: line.sku,
    title: line.title,
    variantTitle: line.variantTitle,
    vendor: line.vendor,
    quantity: line.quantity,
    custom: line.productId === null,
    isGiftCard: false,
    requiresShipping: true,
    taxable: true,
    originalUnitPriceSet: moneyBag(line.price, currency),
    originalTotalSet: moneyBag(gross, currency),
    totalDiscountSet: moneyBag(discount, currency),
    discountedTotalSet: moneyBag(gross - discount, currency),
    appliedDiscount: gqlDraftDiscount(line.discount, currency),
    product: ref('Product', line.productId),
    variant: ref('ProductVariant', line.variantId),
  };
}

/** An abandoned checkout: named `#` and its id, as REST names the checkout. */
export function gqlAbandonedCheckout(checkout: Checkout, view: ModelView): GqlObject {
  const bag = (cents: number) => moneyBag(cents, view.info.currency, checkout.presentmentCurrency);
  return {
    id: gid('AbandonedCheckout', checkout.id),
    name: `#${checkout.id}`,
    createdAt: at(checkout.createdAt),
    updatedAt: at(checkout.updatedAt),
    completedAt: at(checkout.completedAt),
    note: '',
    taxesIncluded: false,
    discountCodes: checkout.discountCodes.map((discount) => discount.code),
    customer: customerOf(checkout, view),
    subtotalPriceSet: bag(checkout.subtotal),
    totalLineItemsPriceSet: bag(checkout.lineItemsPrice),
    totalDiscountSet: bag(checkout.discounts),
    totalTaxSet: bag(checkout.tax),
    totalPriceSet: bag(checkout.total),
    totalDutiesSet: null,
    lineItemsQuantity: units(checkout),
  };
}

export function gqlAbandonedCheckoutLine(line: CheckoutLine, checkout: Checkout, currency: string): GqlObject {
  const bag = (cents: number) => moneyBag(cents, currency, checkout.presentmentCurrency);
  return {
    id: gid('AbandonedCheckoutLineItem', line.id),
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    quantity: line.quantity,
    originalUnitPriceSet: bag(line.price),
    originalTotalPriceSet: bag(line.price * line.quantity),
    discountedTotalPriceSet: bag(line.price * line.quantity),
    product: ref('Product', line.productId),
    variant: ref('ProductVariant', line.variantId),
  };
}
