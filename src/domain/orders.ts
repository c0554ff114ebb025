/** Shopify Order resource → warehouse rows (order header, lines, customer version, channel). */
import type { Order } from '../shopify/payloads/order';
import type { OrderEdited } from '../shopify/payloads/order-edit';
import { channelGroup } from './channels';
import { customerVersionRow } from './customers';
import type { PiiPolicy } from './pii';
import { dateKey, rows, type OrderLineRow, type OrderRow, type Source, type WarehouseRows } from './rows';

export function orderRows(order: Order, source: Source, pii: PiiPolicy): WarehouseRows {
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
    totalPrice: order.total_price,
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
    cancelledAt: order.cancelled_at ?? null,
    cancelReason: order.cancel_reason ?? null,
    closedAt: order.closed_at ?? null,
    rawKey: source.rawKey,
  };
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
    totalDiscount: line.total_discount,
    orderCreatedAt: order.created_at,
    orderDateKey: dateKey(order.created_at),
    orderUpdatedAt: order.updated_at,
    rawKey: source.rawKey,
  }));
  return rows({
    orders: [header],
    orderLines,
    customers: order.customer ? [customerVersionRow(order.customer, source, pii)] : [],
    channels: order.source_name
      ? [{ shopDomain: source.shopDomain, sourceName: order.source_name, channelGroup: channelGroup(order.source_name) }]
      : [],
  });
}

export function orderEditRows({ order_edit: edit }: OrderEdited, source: Source): WarehouseRows {
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
