/**
 * Bulk records (a parent line and its `__parentId` children) → the REST resources webhooks
 * carry, so that a resync goes through exactly the validation and mapping a webhook does and
 * both paths build the same warehouse rows. Timestamps move into the shop's time zone; enums
 * go to REST's lower case; ids drop their gid prefix.
 */
import type { z } from 'zod';
import { sumDecimals, timesWhole } from '../../domain/money';
import type { JsonValue } from '../json';
import { inShopTime } from './local-time';
import {
  abandonedCheckoutLineItemNode,
  abandonedCheckoutNode,
  collectionNode,
  collectionProductNode,
  customerNode,
  draftOrderLineItemNode,
  draftOrderNode,
  discountNode,
  discountRedeemCodeNode,
  fulfillmentLineItemNode,
  fulfillmentNode,
  fulfillmentOrderLineItemNode,
  fulfillmentOrderNode,
  inventoryItemNode,
  inventoryLevelNode,
  legacyId,
  lineItemNode,
  locationNode,
  mediaNode,
  metafieldNode,
  orderNode,
  orderRefNode,
  parseGid,
  shippingLineNode,
  discountApplicationNode,
  productNode,
  refundLineItemNode,
  returnLineItemNode,
  returnNode,
  variantNode,
  type CustomerNode,
  type DiscountApplicationNode,
  type DraftOrderNode,
  type FulfillmentOrderNode,
  type LineItemNode,
  type MetafieldNode,
  type OrderNode,
  type ShopInfo,
} from './nodes';
import { COLLECTION_PRODUCTS_RESOURCE, DISCOUNT_RESOURCE, FULFILLMENT_ORDER_RESOURCE, RETURN_RESOURCE } from '../../domain/topics';
import type { BulkEntity } from './queries';

/** A REST resource and the webhook topic whose schema and mapping it takes. */
export interface RestResource {
  topic: string;
  payload: JsonValue;
}

export type BulkRecordResult =
  | { ok: true; resources: RestResource[]; metafields: (MetafieldNode & { productId: string })[] }
  | { ok: false; path: string; reason: string };

class Invalid extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [path, ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.');
  throw new Invalid(where, `${where}: ${issue?.message ?? 'invalid'}`);
}

const lower = (value: string | null | undefined) => (value ? value.toLowerCase() : null);
const tags = (list: readonly string[]) => list.join(', ');
const amount = (bag: { shopMoney: { amount: string } } | null | undefined) => bag?.shopMoney.amount ?? null;
const idOf = (ref: { id: string } | null | undefined) => (ref ? legacyId(ref.id) : null);

const FULFILLMENT_STATUS: Readonly<Record<string, string | null>> = {
  UNFULFILLED: null,
  PARTIALLY_FULFILLED: 'partial',
  FULFILLED: 'fulfilled',
};

/** REST's fulfillment_status: null while nothing is fulfilled, else the GraphQL status in lower case. */
function fulfillmentStatus(display: string | null | undefined): string | null {
  if (!display) return null;
  return Object.hasOwn(FULFILLMENT_STATUS, display) ? FULFILLMENT_STATUS[display]! : display.toLowerCase();
}

function customerResource(customer: CustomerNode, time: (t: string) => string) {
  return {
    id: legacyId(customer.id),
    email: customer.email ?? null,
    state: lower(customer.state),
    verified_email: customer.verifiedEmail ?? null,
    tags: tags(customer.tags),
    created_at: customer.createdAt ? time(customer.createdAt) : null,
    updated_at: time(customer.updatedAt),
    default_address: customer.defaultAddress
      ? {
          city: customer.defaultAddress.city ?? null,
          province: customer.defaultAddress.province ?? null,
          country: customer.defaultAddress.country ?? null,
          country_code: customer.defaultAddress.countryCodeV2 ?? null,
        }
      : null,
  };
}

function childrenOf(children: readonly JsonValue[], type: string, parent?: string) {
  return children.filter((child) => {
    const line = child as { id?: string; __parentId?: string };
    return typeof line.id === 'string' && parseGid(line.id).type === type && (!parent || line.__parentId === parent);
  });
}

/** Children without an id of their own (discount applications), told apart by their `__typename`. */
function untypedChildrenOf(children: readonly JsonValue[], typenames: readonly string[], parent: string) {
  return children.filter((child) => {
    const line = child as { id?: unknown; __typename?: unknown; __parentId?: string };
    return line.id === undefined && typeof line.__typename === 'string' && typenames.includes(line.__typename) && line.__parentId === parent;
  });
}

const shopMoney = (bag: { shopMoney: { amount: string; currencyCode: string } }) => ({
  shop_money: { amount: bag.shopMoney.amount, currency_code: bag.shopMoney.currencyCode },
});

const restAllocations = (allocations: LineItemNode['discountAllocations']) =>
  allocations.map((a) => ({ amount: a.allocatedAmountSet.shopMoney.amount, discount_application_index: a.discountApplication.index }));

const DISCOUNT_TYPES: Readonly<Record<string, string>> = {
  DiscountCodeApplication: 'discount_code',
  AutomaticDiscountApplication: 'automatic',
  ManualDiscountApplication: 'manual',
  ScriptDiscountApplication: 'script',
};

/** The order's discount applications in REST's array, whose positions are what allocations name. */
function discountApplications(nodes: readonly DiscountApplicationNode[]) {
  const byIndex = [...nodes].sort((a, b) => a.index - b.index);
  byIndex.forEach((node, position) => {
    if (node.index !== position) throw new Invalid('discountApplications', `discountApplications: index ${position} is missing (found ${node.index})`);
  });
  return byIndex.map((node) => ({
    type: DISCOUNT_TYPES[node.__typename] ?? node.__typename,
    code: node.code ?? null,
    title: node.title ?? null,
    description: node.description ?? null,
    value: node.value?.percentage != null ? String(node.value.percentage) : (node.value?.amount ?? null),
    value_type: node.value?.percentage != null ? 'percentage' : 'fixed_amount',
    allocation_method: lower(node.allocationMethod),
    target_selection: lower(node.targetSelection),
    target_type: lower(node.targetType),
  }));
}

function lineItemResource(line: LineItemNode) {
  return {
    id: legacyId(line.id),
    product_id: idOf(line.product),
    variant_id: idOf(line.variant),
    sku: line.sku ?? null,
    title: line.title,
    variant_title: line.variantTitle ?? null,
    vendor: line.vendor ?? null,
    quantity: line.quantity,
    price: line.originalUnitPriceSet.shopMoney.amount,
    total_discount: amount(line.totalDiscountSet) ?? '0',
    discount_allocations: restAllocations(line.discountAllocations),
  };
}

/** The order itself (orders/updated): header, lines, shipping lines and discounts. */
function orderResource(order: OrderNode, children: readonly JsonValue[], time: (t: string) => string): RestResource {
  const lines = childrenOf(children, 'LineItem', order.id).map((child, i) => parse(lineItemNode, child, `lineItems.${i}`));
  const shipping = childrenOf(children, 'ShippingLine', order.id).map((child, i) => parse(shippingLineNode, child, `shippingLines.${i}`));
  const discounts = untypedChildrenOf(children, Object.keys(DISCOUNT_TYPES), order.id).map((child, i) => parse(discountApplicationNode, child, `discountApplications.${i}`));
  const line_items = lines.map(lineItemResource);
  return {
    topic: 'orders/updated',
    payload: {
      id: legacyId(order.id),
      admin_graphql_api_id: order.id,
      name: order.name ?? null,
      order_number: order.number ?? null,
      email: order.email ?? null,
      customer: order.customer ? customerResource(order.customer, time) : null,
      currency: order.currencyCode,
      presentment_currency: order.presentmentCurrencyCode ?? null,
      subtotal_price: amount(order.subtotalPriceSet),
      // REST's Σ price × quantity, which GraphQL does not have.
      total_line_items_price: sumDecimals(line_items.map((line) => timesWhole(line.price, line.quantity))),
      total_discounts: amount(order.totalDiscountsSet),
      total_tax: amount(order.totalTaxSet),
      total_shipping_price_set: order.totalShippingPriceSet ? shopMoney(order.totalShippingPriceSet) : null,
      total_price: order.totalPriceSet.shopMoney.amount,
      financial_status: lower(order.displayFinancialStatus),
      fulfillment_status: fulfillmentStatus(order.displayFulfillmentStatus),
      source_name: order.sourceName ?? null,
      tags: tags(order.tags),
      test: order.test ?? false,
      created_at: time(order.createdAt),
      updated_at: time(order.updatedAt),
      processed_at: order.processedAt ? time(order.processedAt) : null,
      cancelled_at: order.cancelledAt ? time(order.cancelledAt) : null,
      cancel_reason: lower(order.cancelReason),
      closed_at: order.closedAt ? time(order.closedAt) : null,
      discount_codes: order.discountCodes.map((code) => ({ code })),
      discount_applications: discountApplications(discounts),
      line_items,
      shipping_lines: shipping.map((line) => ({
        id: legacyId(line.id),
        title: line.title ?? null,
        code: line.code ?? null,
        source: line.source ?? null,
        price: line.originalPriceSet.shopMoney.amount,
        discount_allocations: restAllocations(line.discountAllocations),
      })),
    },
  };
}

/** Each payment event of the order, as order_transactions/create carries it (amounts in the transaction's currency). */
function transactionResources(order: OrderNode, time: (t: string) => string): RestResource[] {
  return order.transactions.map((transaction) => ({
    topic: 'order_transactions/create',
    payload: {
      id: legacyId(transaction.id),
      order_id: legacyId(order.id),
      parent_id: idOf(transaction.parentTransaction),
      kind: transaction.kind.toLowerCase(),
      status: lower(transaction.status),
      gateway: transaction.gateway ?? null,
      amount: transaction.amountSet.presentmentMoney.amount,
      currency: transaction.amountSet.presentmentMoney.currencyCode,
      error_code: lower(transaction.errorCode),
      test: transaction.test ?? false,
      created_at: time(transaction.createdAt),
      processed_at: transaction.processedAt ? time(transaction.processedAt) : null,
    },
  }));
}

function refundResources(order: OrderNode, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  return order.refunds.map((refund, r) => {
    const refundLines = childrenOf(children, 'RefundLineItem', refund.id).map((child, i) => parse(refundLineItemNode, child, `refunds.${r}.refundLineItems.${i}`));
    const refunded = refund.totalRefundedSet?.presentmentMoney;
    return {
      topic: 'refunds/create',
      payload: {
        id: legacyId(refund.id),
        order_id: legacyId(order.id),
        created_at: time(refund.createdAt),
        processed_at: refund.processedAt ? time(refund.processedAt) : null,
        note: refund.note ?? null,
        refund_line_items: refundLines.map((line) => ({
          id: legacyId(line.id),
          line_item_id: legacyId(line.lineItem.id),
          quantity: line.quantity,
          restock_type: lower(line.restockType),
          location_id: idOf(line.location),
          subtotal_set: line.subtotalSet ? shopMoney(line.subtotalSet) : null,
          total_tax_set: line.totalTaxSet ? shopMoney(line.totalTaxSet) : null,
        })),
        // The refund's total stands for its transactions (exported with the order's, not with the refund).
        transactions: refunded ? [{ id: legacyId(refund.id), kind: 'refund', status: 'success', amount: refunded.amount, currency: refunded.currencyCode }] : [],
        order_adjustments: [],
      },
    };
  });
}

/** The fulfillments of a fulfillment order, as fulfillments/update carries them: their line items are the order lines shipped. */
function fulfillmentResources(fulfillmentOrder: FulfillmentOrderNode, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  return childrenOf(children, 'Fulfillment', fulfillmentOrder.id).map((child, f) => {
    const fulfillment = parse(fulfillmentNode, child, `fulfillments.${f}`);
    const items = childrenOf(children, 'FulfillmentLineItem', fulfillment.id).map((line, i) => parse(fulfillmentLineItemNode, line, `fulfillments.${f}.fulfillmentLineItems.${i}`));
    const tracking = fulfillment.trackingInfo[0];
    const shipment = fulfillment.displayStatus && fulfillment.displayStatus !== 'FULFILLED' ? fulfillment.displayStatus.toLowerCase() : null;
    return {
      topic: 'fulfillments/update',
      payload: {
        id: legacyId(fulfillment.id),
        order_id: legacyId(fulfillmentOrder.orderId),
        name: fulfillment.name ?? null,
        status: lower(fulfillment.status),
        shipment_status: shipment,
        service: fulfillment.service?.handle ?? null,
        location_id: idOf(fulfillment.location),
        tracking_company: tracking?.company ?? null,
        tracking_number: tracking?.number ?? null,
        created_at: time(fulfillment.createdAt),
        updated_at: time(fulfillment.updatedAt),
        line_items: items.map((item) => ({ id: idOf(item.lineItem) ?? legacyId(item.id), quantity: item.quantity })),
      },
    };
  });
}

/** A fulfillment order record: the REST FulfillmentOrder resource, and the fulfillments it shipped. */
function fulfillmentOrderResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const fulfillmentOrder = parse(fulfillmentOrderNode, parent, '');
  const lines = childrenOf(children, 'FulfillmentOrderLineItem', fulfillmentOrder.id).map((child, i) => parse(fulfillmentOrderLineItemNode, child, `lineItems.${i}`));
  return [
    {
      topic: FULFILLMENT_ORDER_RESOURCE,
      payload: {
        id: legacyId(fulfillmentOrder.id),
        order_id: legacyId(fulfillmentOrder.orderId),
        assigned_location_id: idOf(fulfillmentOrder.assignedLocation?.location),
        status: fulfillmentOrder.status.toLowerCase(),
        created_at: time(fulfillmentOrder.createdAt),
        updated_at: time(fulfillmentOrder.updatedAt),
        line_items: lines.map((line) => ({
          id: legacyId(line.id),
          line_item_id: legacyId(line.lineItem.id),
          quantity: line.totalQuantity,
          fulfillable_quantity: line.remainingQuantity,
        })),
      },
    },
    ...fulfillmentResources(fulfillmentOrder, children, time),
  ];
}

function orderResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const order = parse(orderNode, parent, '');
  return [
    orderResource(order, children, time),
    ...transactionResources(order, time),
    ...refundResources(order, children, time),
  ];
}

function productResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string) {
  const product = parse(productNode, parent, '');
  const productId = legacyId(product.id);
  const variants = childrenOf(children, 'ProductVariant', product.id)
    .map((child, i) => parse(variantNode, child, `variants.${i}`))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const images = childrenOf(children, 'MediaImage', product.id)
    .map((child, i) => parse(mediaNode, child, `media.${i}`))
    .filter((media) => media.preview?.image?.url);
  const metafields = childrenOf(children, 'Metafield', product.id).map((child, i) => ({
    ...parse(metafieldNode, child, `metafields.${i}`),
    productId,
  }));
  const featured = product.featuredMedia?.preview?.image?.url ?? null;
  const resource: RestResource = {
    topic: 'products/update',
    payload: {
      id: productId,
      admin_graphql_api_id: product.id,
      title: product.title,
      handle: product.handle ?? null,
      vendor: product.vendor ?? null,
      product_type: product.productType ?? null,
      status: lower(product.status),
      tags: tags(product.tags),
      published_at: product.publishedAt ? time(product.publishedAt) : null,
      created_at: product.createdAt ? time(product.createdAt) : null,
      updated_at: time(product.updatedAt),
      variants: variants.map((variant) => ({
        id: legacyId(variant.id),
        product_id: productId,
        title: variant.title ?? null,
        sku: variant.sku ?? null,
        barcode: variant.barcode ?? null,
        price: variant.price ?? null,
        compare_at_price: variant.compareAtPrice ?? null,
        position: variant.position ?? null,
        option1: variant.selectedOptions[0]?.value ?? null,
        option2: variant.selectedOptions[1]?.value ?? null,
        option3: variant.selectedOptions[2]?.value ?? null,
        inventory_item_id: idOf(variant.inventoryItem),
        inventory_quantity: variant.inventoryQuantity ?? null,
        taxable: variant.taxable ?? null,
        created_at: variant.createdAt ? time(variant.createdAt) : null,
        updated_at: variant.updatedAt ? time(variant.updatedAt) : null,
      })),
      images: images.map((image) => ({ id: legacyId(image.id), src: image.preview?.image?.url ?? null })),
      image: featured ? { src: featured } : null,
    },
  };
  return { resources: [resource], metafields };
}

/** A collection record: the collection (collections/update) and which products are in it, which no webhook says. */
function collectionResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const collection = parse(collectionNode, parent, '');
  const members = children
    .filter((child) => (child as { __parentId?: string }).__parentId === collection.id)
    .map((child, i) => legacyId(parse(collectionProductNode, child, `products.${i}`).ref));
  return [
    {
      topic: 'collections/update',
      payload: {
        id: legacyId(collection.id),
        handle: collection.handle ?? null,
        title: collection.title,
        sort_order: collection.sortOrder ? collection.sortOrder.toLowerCase().replaceAll('_', '-') : null,
        updated_at: time(collection.updatedAt),
        // Only smart collections have rules; their content does not reach the warehouse.
        ...(collection.ruleSet ? { rules: [] } : {}),
      },
    },
    { topic: COLLECTION_PRODUCTS_RESOURCE, payload: { collection_id: legacyId(collection.id), updated_at: time(collection.updatedAt), product_ids: members } },
  ];
}

function inventoryItemResource(parent: JsonValue, time: (t: string) => string): RestResource {
  const item = parse(inventoryItemNode, parent, '');
  return {
    topic: 'inventory_items/update',
    payload: {
      id: legacyId(item.id),
      sku: item.sku ?? null,
      cost: item.unitCost?.amount ?? null,
      tracked: item.tracked ?? null,
      requires_shipping: item.requiresShipping ?? null,
      country_code_of_origin: item.countryCodeOfOrigin ?? null,
      created_at: item.createdAt ? time(item.createdAt) : null,
      updated_at: time(item.updatedAt),
    },
  };
}

/** A location record: the location (locations/update) and its inventory levels. */
function locationResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const location = parse(locationNode, parent, '');
  const address = location.address;
  const resource: RestResource = {
    topic: 'locations/update',
    payload: {
      id: legacyId(location.id),
      name: location.name ?? null,
      address1: address?.address1 ?? null,
      address2: address?.address2 ?? null,
      city: address?.city ?? null,
      zip: address?.zip ?? null,
      province: address?.province ?? null,
      province_code: address?.provinceCode ?? null,
      country_code: address?.countryCode ?? null,
      active: location.isActive ?? null,
      created_at: location.createdAt ? time(location.createdAt) : null,
      updated_at: time(location.updatedAt),
    },
  };
  const levels = childrenOf(children, 'InventoryLevel', location.id).map((child, i) => {
    const level = parse(inventoryLevelNode, child, `inventoryLevels.${i}`);
    return {
      topic: 'inventory_levels/update',
      payload: {
        inventory_item_id: legacyId(level.item.id),
        location_id: legacyId(location.id),
        available: level.quantities.find((q) => q.name === 'available')?.quantity ?? null,
        updated_at: time(level.updatedAt),
      },
    };
  });
  return [resource, ...levels];
}

/** A draft order's or draft line's own discount, as REST's `applied_discount`. */
const appliedDiscount = (discount: DraftOrderNode['appliedDiscount']) =>
  discount ? { amount: amount(discount.amountSet), title: discount.title ?? null, value_type: lower(discount.valueType) } : null;

/** A draft order record: the draft (draft_orders/update) with its lines. */
function draftOrderResource(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource {
  const draft = parse(draftOrderNode, parent, '');
  const lines = childrenOf(children, 'DraftOrderLineItem', draft.id).map((child, i) => parse(draftOrderLineItemNode, child, `lineItems.${i}`));
  return {
    topic: 'draft_orders/update',
    payload: {
      id: legacyId(draft.id),
      name: draft.name ?? null,
      status: lower(draft.status),
      email: draft.email ?? null,
      customer: draft.customer ? { id: legacyId(draft.customer.id), email: draft.customer.email ?? null } : null,
      currency: draft.currencyCode ?? null,
      subtotal_price: amount(draft.subtotalPriceSet),
      total_tax: amount(draft.totalTaxSet),
      total_price: amount(draft.totalPriceSet),
      applied_discount: appliedDiscount(draft.appliedDiscount),
      order_id: idOf(draft.order),
      created_at: time(draft.createdAt),
      updated_at: time(draft.updatedAt),
      completed_at: draft.completedAt ? time(draft.completedAt) : null,
      invoice_sent_at: draft.invoiceSentAt ? time(draft.invoiceSentAt) : null,
      line_items: lines.map((line) => ({
        id: legacyId(line.id),
        product_id: idOf(line.product),
        variant_id: idOf(line.variant),
        sku: line.sku ?? null,
        title: line.title ?? null,
        variant_title: line.variantTitle ?? null,
        vendor: line.vendor ?? null,
        quantity: line.quantity,
        price: line.originalUnitPriceSet.shopMoney.amount,
        custom: line.custom ?? null,
        applied_discount: appliedDiscount(line.appliedDiscount),
      })),
    },
  };
}

/**
 * An abandoned checkout record as the REST checkout (checkouts/update): its id and name both from
 * the gid's number, amounts in the presentment currency, its lines' quantities.
 */
function abandonedCheckoutResource(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource {
  const checkout = parse(abandonedCheckoutNode, parent, '');
  const lines = childrenOf(children, 'AbandonedCheckoutLineItem', checkout.id).map((child, i) => parse(abandonedCheckoutLineItemNode, child, `lineItems.${i}`));
  const presented = (bag: { presentmentMoney: { amount: string } } | null | undefined) => bag?.presentmentMoney.amount ?? null;
  return {
    topic: 'checkouts/update',
    payload: {
      id: legacyId(checkout.id),
      name: checkout.name ?? null,
      customer: checkout.customer ? { id: legacyId(checkout.customer.id), email: checkout.customer.email ?? null } : null,
      currency: checkout.totalPriceSet?.shopMoney.currencyCode ?? null,
      presentment_currency: checkout.totalPriceSet?.presentmentMoney.currencyCode ?? null,
      subtotal_price: presented(checkout.subtotalPriceSet),
      total_line_items_price: presented(checkout.totalLineItemsPriceSet),
      total_discounts: presented(checkout.totalDiscountSet),
      total_tax: presented(checkout.totalTaxSet),
      total_price: presented(checkout.totalPriceSet),
      discount_codes: checkout.discountCodes.map((code) => ({ code })),
      created_at: time(checkout.createdAt),
      updated_at: time(checkout.updatedAt),
      completed_at: checkout.completedAt ? time(checkout.completedAt) : null,
      line_items: lines.map((line) => ({ quantity: line.quantity })),
    },
  };
}

/** An order's returns (the returns export), each as the Return resource with every line, in the shape returns/request carries. */
function returnResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const order = parse(orderRefNode, parent, '');
  return childrenOf(children, 'Return', order.id).map((child, r) => {
    const node = parse(returnNode, child, `returns.${r}`);
    const lines = [...childrenOf(children, 'ReturnLineItem', node.id), ...childrenOf(children, 'UnverifiedReturnLineItem', node.id)].map((line, i) =>
      parse(returnLineItemNode, line, `returns.${r}.returnLineItems.${i}`),
    );
    return {
      topic: RETURN_RESOURCE,
      payload: {
        id: legacyId(node.id),
        admin_graphql_api_id: node.id,
        status: node.status.toLowerCase(),
        order: { id: legacyId(order.id), admin_graphql_api_id: order.id },
        name: node.name ?? null,
        total_return_line_items: lines.length,
        return_line_items: lines.map((line) => ({
          id: legacyId(line.id),
          admin_graphql_api_id: line.id,
          fulfillment_line_item: line.fulfillmentLineItem ? { line_item: line.fulfillmentLineItem.lineItem ? { id: legacyId(line.fulfillmentLineItem.lineItem.id) } : null } : null,
          quantity: line.quantity,
          return_reason: lower(line.returnReason),
        })),
        total_quantity: node.totalQuantity,
        created_at: time(node.createdAt),
        request_approved_at: node.requestApprovedAt ? time(node.requestApprovedAt) : null,
        closed_at: node.closedAt ? time(node.closedAt) : null,
        decline: node.decline ? { reason: lower(node.decline.reason) } : null,
      },
    };
  });
}

/**
 * A discount: the fields discounts/update carries, its terms and, for a code discount, the redeem
 * codes read page by page. Codes fewer than the discount's count were not all read: the record is
 * rejected rather than loaded without them.
 */
function discountResource(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource {
  const node = parse(discountNode, parent, '');
  const discount = node.discount;
  const codes = childrenOf(children, 'DiscountRedeemCode', node.id).map((child, i) => parse(discountRedeemCodeNode, child, `codes.${i}`));
  if (discount.codesCount && codes.length < discount.codesCount.count) {
    throw new Invalid('codes', `codes: ${codes.length} of the discount's ${discount.codesCount.count} codes were read`);
  }
  return {
    topic: DISCOUNT_RESOURCE,
    payload: {
      admin_graphql_api_id: node.id,
      title: discount.title ?? null,
      status: discount.status ?? null,
      created_at: discount.createdAt ? time(discount.createdAt) : null,
      updated_at: time(discount.updatedAt),
      type: discount.__typename,
      summary: discount.summary ?? null,
      starts_at: discount.startsAt ? time(discount.startsAt) : null,
      ends_at: discount.endsAt ? time(discount.endsAt) : null,
      usage_count: discount.asyncUsageCount ?? null,
      codes_count: discount.codesCount?.count ?? null,
      codes: codes.map((code) => ({ id: legacyId(code.id), code: code.code, usage_count: code.asyncUsageCount ?? null })),
    },
  };
}

/** One bulk record (parent line and children lines) as REST resources, or why it cannot be. */
export function bulkRecordToRest(entity: BulkEntity, parent: JsonValue, children: readonly JsonValue[], timeZone: string): BulkRecordResult {
  const time = (instant: string) => inShopTime(instant, timeZone);
  try {
    switch (entity) {
      case 'orders':
        return { ok: true, resources: orderResources(parent, children, time), metafields: [] };
      case 'products':
        return { ok: true, ...productResources(parent, children, time) };
      case 'collections':
        return { ok: true, resources: collectionResources(parent, children, time), metafields: [] };
      case 'customers':
        return { ok: true, resources: [{ topic: 'customers/update', payload: customerResource(parse(customerNode, parent, ''), time) }], metafields: [] };
      case 'inventoryItems':
        return { ok: true, resources: [inventoryItemResource(parent, time)], metafields: [] };
      case 'locations':
        return { ok: true, resources: locationResources(parent, children, time), metafields: [] };
      case 'fulfillmentOrders':
        return { ok: true, resources: fulfillmentOrderResources(parent, children, time), metafields: [] };
      case 'draftOrders':
        return { ok: true, resources: [draftOrderResource(parent, children, time)], metafields: [] };
      case 'abandonedCheckouts':
        return { ok: true, resources: [abandonedCheckoutResource(parent, children, time)], metafields: [] };
      case 'returns':
        return { ok: true, resources: returnResources(parent, children, time), metafields: [] };
      case 'discounts':
        return { ok: true, resources: [discountResource(parent, children, time)], metafields: [] };
    }
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, path: error.path, reason: error.message };
    throw error;
  }
}

/** The shop query's answer as the REST Shop resource (shop/update). */
export function shopToRest(shop: ShopInfo): RestResource {
  return {
    topic: 'shop/update',
    payload: {
      id: legacyId(shop.id),
      name: shop.name ?? null,
      email: shop.email ?? null,
      currency: shop.currencyCode ?? null,
      country_code: shop.billingAddress?.countryCodeV2 ?? null,
      iana_timezone: shop.ianaTimezone,
      plan_display_name: shop.plan?.displayName ?? null,
      updated_at: shop.updatedAt ? inShopTime(shop.updatedAt, shop.ianaTimezone) : null,
    },
  };
}
