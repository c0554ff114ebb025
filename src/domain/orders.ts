/** Shopify Order resource → warehouse rows (order header, lines, discounts, shipping lines, customer version, channel). */
import type { DiscountAllocation, Order } from '../shopify/payloads/order';
import type { OrderEdited } from '../shopify/payloads/order-edit';
import type { DiscountAllocationRow, OrderDiscountRow, OrderLineRow, OrderRow, ShippingLineRow } from '../warehouse/rows';
import { channelGroup } from './channels';
import { customerVersionRow } from './customers';
import { canonicalDecimal, sumDecimals, timesWhole } from './money';
import type { PiiPolicy } from './pii';
import { dateKey, type PayloadRows, rows, type Source } from './rows';

/**
 * A line's discount: what the discount applications allocated to it. `total_discount` is only
 * read when a line has no allocations (files and older payloads): Shopify leaves it "0.00" on
 * lines its discounts did reduce, and adding both would count an app-set discount twice.
 */
function lineDiscount(line: { total_discount: string; discount_allocations: readonly DiscountAllocation[] }): string {
  return line.discount_allocations.length > 0 ? sumDecimals(line.discount_allocations.map((a) => a.amount)) : line.total_discount;
}

/** The discount rows of an order: each application with its total, and each allocation to a line or shipping line. */
function discountRows(order: Order, source: Source) {
  const version = { orderId: order.id, orderUpdatedAt: order.updated_at, shopDomain: source.shopDomain, rawKey: source.rawKey };
  const allocations: DiscountAllocationRow[] = [
    ...order.line_items.flatMap((line) =>
      line.discount_allocations.map((a) => ({
        ...version,
        targetType: 'line_item',
        targetId: line.id,
        applicationIndex: a.discount_application_index,
        amount: a.amount,
      })),
    ),
    ...order.shipping_lines.flatMap((shipping) =>
      shipping.discount_allocations.map((a) => ({
        ...version,
        targetType: 'shipping_line',
        targetId: shipping.id,
        applicationIndex: a.discount_application_index,
        amount: a.amount,
      })),
    ),
  ];
  const applications: OrderDiscountRow[] = order.discount_applications.map((application, index) => ({
    ...version,
    applicationIndex: index,
    type: application.type ?? null,
    code: application.code ?? null,
    title: application.title ?? null,
    description: application.description ?? null,
    // "10.0" in a webhook is 10 in a bulk export: stored alike.
    value: application.value == null ? null : canonicalDecimal(application.value),
    valueType: application.value_type ?? null,
    allocationMethod: application.allocation_method ?? null,
    targetSelection: application.target_selection ?? null,
    targetType: application.target_type ?? null,
    amount: sumDecimals(allocations.filter((a) => a.applicationIndex === index).map((a) => a.amount)),
  }));
  return { applications, allocations };
}

/**
 * What the order adds to Shopify's sales report: units, gross sales (line price × quantity) and
 * line discounts of its lines, gift cards left out (they are a liability, not a sale), and the
 * shipping charged less its discounts.
 */
function salesFigures(lines: readonly OrderLineRow[], shipping: readonly ShippingLineRow[]) {
  const sold = lines.filter((line) => !line.giftCard);
  return {
    salesUnits: sold.reduce((sum, line) => sum + line.quantity, 0),
    salesGross: sumDecimals(sold.map((line) => timesWhole(line.price, line.quantity))),
    salesDiscounts: sumDecimals(sold.map((line) => line.totalDiscount)),
    salesShipping: sumDecimals(shipping.flatMap((line) => [line.price, timesWhole(line.totalDiscount, -1)])),
  };
}

export function orderRows(order: Order, source: Source, pii: PiiPolicy): PayloadRows {
  const orderLines: OrderLineRow[] = order.line_items.map((line) => ({
    shopDomain: source.shopDomain,
    lineItemId: line.id,
    orderId: order.id,
    productId: line.product_id ?? null,
    variantId: line.variant_id ?? null,
    sku: line.sku || null,
    title: line.title,
    variantTitle: line.variant_title ?? null,
    vendor: line.vendor ?? null,
    quantity: line.quantity,
    price: line.price,
    totalDiscount: lineDiscount(line),
    giftCard: line.gift_card ?? false,
    orderCreatedAt: order.created_at,
    orderDateKey: dateKey(order.created_at),
    orderUpdatedAt: order.updated_at,
    rawKey: source.rawKey,
  }));
  const shippingLines: ShippingLineRow[] = order.shipping_lines.map((shipping) => ({
    shopDomain: source.shopDomain,
    shippingLineId: shipping.id,
    orderId: order.id,
    title: shipping.title ?? null,
    code: shipping.code ?? null,
    source: shipping.source ?? null,
    price: shipping.price,
    totalDiscount: sumDecimals(shipping.discount_allocations.map((a) => a.amount)),
    orderUpdatedAt: order.updated_at,
    rawKey: source.rawKey,
  }));
  const header: OrderRow = {
    shopDomain: source.shopDomain,
    orderId: order.id,
    adminGraphqlApiId: order.admin_graphql_api_id ?? null,
    name: order.name ?? null,
    orderNumber: order.order_number ?? null,
    customerId: order.customer?.id ?? null,
    emailHash: pii.emailHash(order.email ?? order.customer?.email),
    currency: order.currency,
    presentmentCurrency: order.presentment_currency ?? null,
    subtotalPrice: order.subtotal_price ?? null,
    totalLineItemsPrice: order.total_line_items_price ?? null,
    totalDiscounts: order.total_discounts ?? null,
    totalTax: order.total_tax ?? null,
    totalShipping: order.total_shipping_price_set?.shop_money.amount ?? null,
    totalDuties: order.original_total_duties_set?.shop_money.amount ?? null,
    totalAdditionalFees: order.original_total_additional_fees_set?.shop_money.amount ?? null,
    totalPrice: order.total_price,
    ...salesFigures(orderLines, shippingLines),
    financialStatus: order.financial_status ?? null,
    fulfillmentStatus: order.fulfillment_status ?? null,
    sourceName: order.source_name ?? null,
    discountCodes: order.discount_codes.map((d) => d.code).join(', ') || null,
    tags: order.tags ?? null,
    test: order.test ?? false,
    createdAt: order.created_at,
    createdDateKey: dateKey(order.created_at),
    updatedAt: order.updated_at,
    processedAt: order.processed_at ?? null,
    processedDateKey: dateKey(order.processed_at ?? order.created_at),
    cancelledAt: order.cancelled_at ?? null,
    cancelReason: order.cancel_reason ?? null,
    closedAt: order.closed_at ?? null,
    rawKey: source.rawKey,
  };
  const discounts = discountRows(order, source);
  // A customer snapshot without updated_at has no place among the customer's versions.
  const customer = order.customer?.updated_at ? { ...order.customer, updated_at: order.customer.updated_at } : null;
  return rows({
    orders: [header],
    orderLines,
    orderDiscounts: discounts.applications,
    discountAllocations: discounts.allocations,
    shippingLines,
    customers: customer ? [customerVersionRow(customer, source, pii)] : [],
    channels: order.source_name ? [{ shopDomain: source.shopDomain, sourceName: order.source_name, channelGroup: channelGroup(order.source_name) }] : [],
  });
}

export function orderEditRows({ order_edit: edit }: OrderEdited, source: Source): PayloadRows {
  return rows({
    orderEdits: [
      {
        shopDomain: source.shopDomain,
        orderEditId: edit.id,
        orderId: edit.order_id,
        linesAdded: edit.line_items.additions.length,
        linesRemoved: edit.line_items.removals.length,
        staffNote: edit.staff_note || null,
        createdAt: edit.created_at,
        committedAt: edit.committed_at ?? null,
        rawKey: source.rawKey,
      },
    ],
  });
}
