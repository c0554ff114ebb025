/** Shopify Order resource → warehouse rows (order header, its lines, its customer). */
import type { Order, OrderCustomer } from '../shopify/payloads/order';
import type { PiiPolicy } from './pii';
import type { CustomerRow, OrderLineRow, OrderRow, Source, WarehouseRows } from './rows';

export function customerRow(customer: OrderCustomer, source: Source, pii: PiiPolicy): CustomerRow {
  const address = customer.default_address;
  return {
    shopDomain: source.shopDomain,
    customerId: customer.id,
    emailHash: pii.emailHash(customer.email),
    email: pii.emailPlaintext(customer.email),
    state: customer.state ?? null,
    verifiedEmail: customer.verified_email ?? null,
    tags: customer.tags ?? null,
    currency: customer.currency ?? null,
    country: address?.country ?? null,
    province: address?.province ?? null,
    city: address?.city ?? null,
    createdAt: customer.created_at ?? null,
    updatedAt: customer.updated_at,
    rawKey: source.rawKey,
  };
}

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
    tags: order.tags ?? null,
    test: order.test ?? false,
    createdAt: order.created_at,
    updatedAt: order.updated_at,
    processedAt: order.processed_at ?? null,
    cancelledAt: order.cancelled_at ?? null,
    cancelReason: order.cancel_reason ?? null,
    closedAt: order.closed_at ?? null,
    rawKey: source.rawKey,
  };
  const lines: OrderLineRow[] = order.line_items.map((line) => ({
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
    orderUpdatedAt: order.updated_at,
    rawKey: source.rawKey,
  }));
  return {
    orders: [header],
    orderLines: lines,
    customers: order.customer ? [customerRow(order.customer, source, pii)] : [],
  };
}
