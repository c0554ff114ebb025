/**
 * An order record: the order itself (orders/updated), each of its transactions
 * (order_transactions/create) and each of its refunds (refunds/create). The order's line items,
 * shipping lines and discount applications are children of its line; its transactions and
 * refunds are lists inside it, and a refund's line items children of the refund.
 */
import { sumDecimals, timesWhole } from '../../../domain/money';
import type { JsonValue } from '../../../lib/exact-json';
import {
  type DiscountApplicationNode,
  discountApplicationNode,
  type LineItemNode,
  legacyId,
  lineItemNode,
  type OrderNode,
  orderNode,
  refundLineItemNode,
  refundShippingLineNode,
  shippingLineNode,
} from '../nodes';
import { customerResource } from './customers';
import { childrenOf, Invalid, parse, untypedChildrenOf } from './record';
import { amount, idOf, lower, type RestResource, type ShopTime, shopMoney, tags } from './rest-fields';

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

const restAllocations = (allocations: LineItemNode['discountAllocations']) =>
  allocations.map((a) => ({ amount: a.allocatedAmountSet.shopMoney.amount, discount_application_index: a.discountApplication.index }));

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
    gift_card: line.isGiftCard ?? null,
  };
}

type RestLineItem = ReturnType<typeof lineItemResource>;

function orderLineItems(order: OrderNode, children: readonly JsonValue[]): RestLineItem[] {
  return childrenOf(children, 'LineItem', order.id).map((child, i) => lineItemResource(parse(lineItemNode, child, `lineItems.${i}`)));
}

function orderShippingLines(order: OrderNode, children: readonly JsonValue[]) {
  return childrenOf(children, 'ShippingLine', order.id).map((child, i) => {
    const line = parse(shippingLineNode, child, `shippingLines.${i}`);
    return {
      id: legacyId(line.id),
      title: line.title ?? null,
      code: line.code ?? null,
      source: line.source ?? null,
      price: line.originalPriceSet.shopMoney.amount,
      discount_allocations: restAllocations(line.discountAllocations),
    };
  });
}

const DISCOUNT_TYPES: Readonly<Record<string, string>> = {
  DiscountCodeApplication: 'discount_code',
  AutomaticDiscountApplication: 'automatic',
  ManualDiscountApplication: 'manual',
  ScriptDiscountApplication: 'script',
};

function discountApplicationNodes(order: OrderNode, children: readonly JsonValue[]): DiscountApplicationNode[] {
  return untypedChildrenOf(children, Object.keys(DISCOUNT_TYPES), order.id).map((child, i) =>
    parse(discountApplicationNode, child, `discountApplications.${i}`),
  );
}

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

/** The order's amounts, in the shop's currency. */
function orderTotals(order: OrderNode, lineItems: readonly RestLineItem[]) {
  return {
    subtotal_price: amount(order.subtotalPriceSet),
    // REST's Σ price × quantity, which GraphQL does not have.
    total_line_items_price: sumDecimals(lineItems.map((line) => timesWhole(line.price, line.quantity))),
    total_discounts: amount(order.totalDiscountsSet),
    total_tax: amount(order.totalTaxSet),
    total_shipping_price_set: order.totalShippingPriceSet ? shopMoney(order.totalShippingPriceSet) : null,
    original_total_duties_set: order.originalTotalDutiesSet ? shopMoney(order.originalTotalDutiesSet) : null,
    original_total_additional_fees_set: order.originalTotalAdditionalFeesSet ? shopMoney(order.originalTotalAdditionalFeesSet) : null,
    total_price: order.totalPriceSet.shopMoney.amount,
  };
}

/** When the order was placed, last changed, processed, cancelled (and why) and closed. */
function orderTimes(order: OrderNode, time: ShopTime) {
  return {
    created_at: time(order.createdAt),
    updated_at: time(order.updatedAt),
    processed_at: order.processedAt ? time(order.processedAt) : null,
    cancelled_at: order.cancelledAt ? time(order.cancelledAt) : null,
    cancel_reason: lower(order.cancelReason),
    closed_at: order.closedAt ? time(order.closedAt) : null,
  };
}

/** The order itself (orders/updated): its header, with its line items, shipping lines and discounts. */
function orderResource(order: OrderNode, children: readonly JsonValue[], time: ShopTime): RestResource {
  const lineItems = orderLineItems(order, children);
  const shippingLines = orderShippingLines(order, children);
  const discounts = discountApplicationNodes(order, children);
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
      ...orderTotals(order, lineItems),
      financial_status: lower(order.displayFinancialStatus),
      fulfillment_status: fulfillmentStatus(order.displayFulfillmentStatus),
      source_name: order.sourceName ?? null,
      tags: tags(order.tags),
      test: order.test ?? false,
      ...orderTimes(order, time),
      discount_codes: order.discountCodes.map((code) => ({ code })),
      discount_applications: discountApplications(discounts),
      line_items: lineItems,
      shipping_lines: shippingLines,
    },
  };
}

/** Each payment event of the order, as order_transactions/create carries it (amounts in the transaction's currency). */
function transactionResources(order: OrderNode, time: ShopTime): RestResource[] {
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

type RefundNode = OrderNode['refunds'][number];

/** A refund's line items: children of the refund (read page by page), not of the order. */
function refundLineItems(refund: RefundNode, r: number, children: readonly JsonValue[]) {
  return childrenOf(children, 'RefundLineItem', refund.id).map((child, i) => {
    const line = parse(refundLineItemNode, child, `refunds.${r}.refundLineItems.${i}`);
    return {
      id: legacyId(line.id),
      line_item_id: legacyId(line.lineItem.id),
      quantity: line.quantity,
      restock_type: lower(line.restockType),
      location_id: idOf(line.location),
      subtotal_set: line.subtotalSet ? shopMoney(line.subtotalSet) : null,
      total_tax_set: line.totalTaxSet ? shopMoney(line.totalTaxSet) : null,
    };
  });
}

/** The shipping a refund gave back, in the shape refunds/create carries it. */
function refundShippingLines(refund: RefundNode, r: number, children: readonly JsonValue[]) {
  return childrenOf(children, 'RefundShippingLine', refund.id).map((child, i) => {
    const line = parse(refundShippingLineNode, child, `refunds.${r}.refundShippingLines.${i}`);
    return {
      id: legacyId(line.id),
      subtotal_amount_set: shopMoney(line.subtotalAmountSet),
      tax_amount_set: line.taxAmountSet ? shopMoney(line.taxAmountSet) : null,
    };
  });
}

function refundResources(order: OrderNode, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  return order.refunds.map((refund, r) => {
    const refundLines = refundLineItems(refund, r, children);
    const refunded = refund.totalRefundedSet?.presentmentMoney;
    return {
      topic: 'refunds/create',
      payload: {
        id: legacyId(refund.id),
        order_id: legacyId(order.id),
        created_at: time(refund.createdAt),
        processed_at: refund.processedAt ? time(refund.processedAt) : null,
        note: refund.note ?? null,
        refund_line_items: refundLines,
        refund_shipping_lines: refundShippingLines(refund, r, children),
        // The refund's total stands for its transactions (exported with the order's, not with the refund).
        transactions: refunded
          ? [{ id: legacyId(refund.id), kind: 'refund', status: 'success', amount: refunded.amount, currency: refunded.currencyCode }]
          : [],
        order_adjustments: [],
      },
    };
  });
}

export function orderResources(parent: JsonValue, children: readonly JsonValue[], time: ShopTime): RestResource[] {
  const order = parse(orderNode, parent, '');
  return [orderResource(order, children, time), ...transactionResources(order, time), ...refundResources(order, children, time)];
}
