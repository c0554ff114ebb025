/**
 * A small shop in Auckland (UTC+13 in December), built from Shopify's documented payloads with
 * only ids, dates, prices and quantities changed, that exercises every rule of the analytics marts.
 * Its figures, and the marts' values computed from them by hand, are in golden-shop.test.ts.
 */

import { expect } from 'vitest';
import order450789469 from '../fixtures/shopify/2026-01/rest/order-450789469.json';
import refund509562969 from '../fixtures/shopify/2026-01/rest/refund-509562969.json';
import { apiKeyFor } from '../helpers/api';
import { documentedSample } from '../helpers/samples';
import { type Delivery, loadInOrder } from '../helpers/topics';
import { finishedJob, upload } from '../helpers/uploads';
import { uniqueShop } from '../helpers/webhooks';

const TZ = '+13:00';
/** An Auckland wall-clock time in December 2025 ("12-01 23:30") as Shopify prints it. */
export const at = (local: string) => `2025-${local.replace(' ', 'T')}:00${TZ}`;

/** Today and `days` before it in Auckland, as Shopify prints a time of that day. */
export function aucklandDaysAgo(days: number, time = '12:00'): { date: string; stamp: string } {
  const day = new Date(Date.now() + 13 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
  return { date: day, stamp: `${day}T${time}:00${TZ}` };
}

const money = (amount: string) => ({ shop_money: { amount, currency_code: 'USD' }, presentment_money: { amount, currency_code: 'USD' } });

interface Line {
  id: number;
  variant: 'V1' | 'V2' | 'GIFT';
  quantity: number;
  price: string;
  allocations?: { index: number; amount: string }[];
}

const PRODUCTS = {
  V1: { product_id: 7001, variant_id: 7101, title: 'Merino Beanie', sku: 'BEANIE' },
  V2: { product_id: 7002, variant_id: 7102, title: 'Wool Socks', sku: 'SOCKS' },
  GIFT: { product_id: 7003, variant_id: 7103, title: 'Gift Card', sku: null },
} as const;

function lineItem(line: Line) {
  const base = order450789469.line_items[0];
  const product = PRODUCTS[line.variant];
  return {
    ...base,
    id: line.id,
    admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
    product_id: product.product_id,
    variant_id: product.variant_id,
    title: product.title,
    name: product.title,
    sku: product.sku,
    variant_title: null,
    quantity: line.quantity,
    price: line.price,
    price_set: money(line.price),
    gift_card: line.variant === 'GIFT',
    tax_lines: [],
    discount_allocations: (line.allocations ?? []).map((a) => ({ amount: a.amount, amount_set: money(a.amount), discount_application_index: a.index })),
  };
}

interface OrderSpec {
  id: number;
  processedAt: string;
  customer?: { id: number; updatedAt: string };
  channel: string;
  lines: Line[];
  shipping?: { id: number; price: string; discount?: { index: number; amount: string } };
  applications?: { type: 'discount_code' | 'automatic'; code?: string; title?: string }[];
  tax: string;
  total: string;
  presentment?: string;
  cancelledAt?: string;
  updatedAt?: string;
}

export function orderBody(spec: OrderSpec): string {
  const base = order450789469;
  const shipping = spec.shipping && {
    ...base.shipping_lines[0],
    id: spec.shipping.id,
    title: 'Standard',
    code: 'Standard',
    price: spec.shipping.price,
    price_set: money(spec.shipping.price),
    discount_allocations: spec.shipping.discount
      ? [{ amount: spec.shipping.discount.amount, amount_set: money(spec.shipping.discount.amount), discount_application_index: spec.shipping.discount.index }]
      : [],
  };
  return JSON.stringify({
    ...base,
    id: spec.id,
    admin_graphql_api_id: `gid://shopify/Order/${spec.id}`,
    name: `#${spec.id}`,
    order_number: spec.id,
    number: spec.id - 1000,
    source_name: spec.channel,
    currency: 'USD',
    presentment_currency: spec.presentment ?? 'USD',
    test: false,
    created_at: spec.processedAt,
    processed_at: spec.processedAt,
    updated_at: spec.updatedAt ?? spec.processedAt,
    cancelled_at: spec.cancelledAt ?? null,
    cancel_reason: spec.cancelledAt ? 'customer' : null,
    customer: spec.customer
      ? {
          ...base.customer,
          id: spec.customer.id,
          email: `c${spec.customer.id}@example.com`,
          created_at: spec.customer.updatedAt,
          updated_at: spec.customer.updatedAt,
        }
      : null,
    email: spec.customer ? `c${spec.customer.id}@example.com` : null,
    line_items: spec.lines.map(lineItem),
    shipping_lines: shipping ? [shipping] : [],
    discount_applications: (spec.applications ?? []).map((a) => ({
      target_type: 'line_item',
      type: a.type,
      value: '10.0',
      value_type: 'percentage',
      allocation_method: 'across',
      target_selection: 'all',
      ...(a.code ? { code: a.code } : { title: a.title, description: a.title }),
    })),
    discount_codes: (spec.applications ?? []).filter((a) => a.code).map((a) => ({ code: a.code, amount: '0.00', type: 'percentage' })),
    total_tax: spec.tax,
    total_price: spec.total,
    refunds: [],
    fulfillments: [],
  });
}

interface RefundSpec {
  id: number;
  orderId: number;
  processedAt: string;
  lines: { id: number; lineItemId: number; quantity: number; subtotal: string; tax: string }[];
  shipping?: { amount: string; tax: string };
}

export function refundBody(spec: RefundSpec): string {
  return JSON.stringify({
    ...refund509562969,
    id: spec.id,
    order_id: spec.orderId,
    admin_graphql_api_id: `gid://shopify/Refund/${spec.id}`,
    created_at: spec.processedAt,
    processed_at: spec.processedAt,
    note: null,
    refund_shipping_lines: spec.shipping
      ? [{ id: spec.id + 1, shipping_line_id: spec.orderId + 1, subtotal_amount_set: money(spec.shipping.amount), tax_amount_set: money(spec.shipping.tax) }]
      : [],
    refund_line_items: spec.lines.map((l) => ({
      ...refund509562969.refund_line_items[0],
      id: l.id,
      line_item_id: l.lineItemId,
      quantity: l.quantity,
      restock_type: 'return',
      subtotal: Number(l.subtotal),
      total_tax: Number(l.tax),
      subtotal_set: money(l.subtotal),
      total_tax_set: money(l.tax),
    })),
    transactions: [],
    order_adjustments: [],
  });
}

const sampleObject = (name: string) => JSON.parse(documentedSample(name)) as Record<string, unknown>;

export function productBody(key: 'V1' | 'V2', price: string, inventoryItemId: number): string {
  const product = PRODUCTS[key];
  const base = sampleObject('products-create');
  const variant = (base.variants as Record<string, unknown>[])[0];
  return JSON.stringify({
    ...base,
    id: product.product_id,
    admin_graphql_api_id: `gid://shopify/Product/${product.product_id}`,
    title: product.title,
    handle: product.sku.toLowerCase(),
    updated_at: at('11-01 09:00'),
    created_at: at('11-01 09:00'),
    variants: [
      {
        ...variant,
        id: product.variant_id,
        admin_graphql_api_id: `gid://shopify/ProductVariant/${product.variant_id}`,
        product_id: product.product_id,
        title: 'Default Title',
        sku: product.sku,
        price,
        compare_at_price: null,
        inventory_item_id: inventoryItemId,
      },
    ],
    variant_gids: [],
    images: [],
    image: null,
    media: [],
  });
}

export function inventoryItemBody(id: number, sku: string, cost: string, updatedAt: string): string {
  return JSON.stringify({
    ...sampleObject('inventory_items-create'),
    id,
    sku,
    cost,
    created_at: at('11-01 09:00'),
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryItem/${id}`,
  });
}

function levelBody(inventoryItemId: number, available: number, updatedAt: string): string {
  return JSON.stringify({
    inventory_item_id: inventoryItemId,
    location_id: LOCATION,
    available,
    updated_at: updatedAt,
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${LOCATION}?inventory_item_id=${inventoryItemId}`,
  });
}

function checkoutBody(id: number, createdAt: string, completedAt: string | null): string {
  return JSON.stringify({
    ...sampleObject('checkouts-create'),
    id,
    name: `#${id}`,
    created_at: createdAt,
    updated_at: completedAt ?? createdAt,
    completed_at: completedAt,
  });
}

function fulfillmentBody(id: number, orderId: number, createdAt: string): string {
  return JSON.stringify({
    ...sampleObject('fulfillments-create'),
    id,
    order_id: orderId,
    status: 'success',
    created_at: createdAt,
    updated_at: createdAt,
    line_items: [],
    name: `#${orderId}.1`,
  });
}

export function shopBody(): string {
  return JSON.stringify({
    ...sampleObject('shop-update'),
    iana_timezone: 'Pacific/Auckland',
    timezone: '(GMT+13:00) Auckland',
    currency: 'USD',
    updated_at: at('11-01 08:00'),
  });
}

export const LOCATION = 9001;
export const ITEM_V1 = 8001;
export const ITEM_V2 = 8002;

/** The shop's deliveries, in the order Shopify would send them. */
export function goldenShopDeliveries(): Delivery[] {
  const c1 = { id: 5001, updatedAt: at('12-01 23:30') };
  const c2 = { id: 5002, updatedAt: at('12-03 15:00') };
  const recent = aucklandDaysAgo(2);
  const o3 = {
    id: 1003,
    processedAt: at('12-02 22:00'),
    channel: 'web',
    lines: [{ id: 31, variant: 'V1' as const, quantity: 1, price: '50.00' }],
    shipping: { id: 1004, price: '8.00', discount: { index: 0, amount: '8.00' } },
    applications: [{ type: 'discount_code' as const, code: 'FREESHIP' }],
    tax: '5.00',
    total: '55.00',
  };
  const o4 = {
    id: 1004,
    processedAt: at('12-03 15:00'),
    customer: c2,
    channel: 'web',
    lines: [{ id: 41, variant: 'V1' as const, quantity: 1, price: '50.00' }],
    shipping: { id: 1005, price: '10.00' },
    tax: '6.00',
    total: '66.00',
    presentment: 'EUR',
  };
  return [
    { topic: 'shop/update', body: shopBody() },
    { topic: 'inventory_items/create', body: inventoryItemBody(ITEM_V1, 'BEANIE', '20.00', at('11-01 09:00')) },
    { topic: 'inventory_items/create', body: inventoryItemBody(ITEM_V2, 'SOCKS', '8.00', at('11-01 09:00')) },
    { topic: 'products/create', body: productBody('V1', '50.00', ITEM_V1) },
    { topic: 'products/create', body: productBody('V2', '20.00', ITEM_V2) },
    { topic: 'checkouts/create', body: checkoutBody(601, at('12-01 23:00'), at('12-01 23:25')) },
    { topic: 'checkouts/create', body: checkoutBody(602, at('12-02 00:30'), null) },
    { topic: 'checkouts/create', body: checkoutBody(603, at('12-02 21:00'), at('12-02 21:10')) },
    {
      topic: 'orders/create',
      body: orderBody({
        id: 1001,
        processedAt: at('12-01 23:30'),
        customer: c1,
        channel: 'web',
        lines: [
          { id: 11, variant: 'V1', quantity: 2, price: '50.00', allocations: [{ index: 0, amount: '10.00' }] },
          { id: 12, variant: 'V2', quantity: 1, price: '20.00', allocations: [{ index: 0, amount: '2.00' }] },
        ],
        shipping: { id: 1002, price: '10.00' },
        applications: [{ type: 'discount_code', code: 'SAVE10' }],
        tax: '10.80',
        total: '128.80',
      }),
    },
    {
      topic: 'orders/create',
      body: orderBody({
        id: 1002,
        processedAt: at('12-02 01:30'),
        customer: c1,
        channel: 'pos',
        lines: [
          { id: 21, variant: 'V2', quantity: 3, price: '20.00', allocations: [{ index: 0, amount: '5.00' }] },
          { id: 22, variant: 'GIFT', quantity: 1, price: '25.00' },
        ],
        applications: [{ type: 'automatic', title: 'Holiday' }],
        tax: '5.50',
        total: '85.50',
      }),
    },
    { topic: 'orders/create', body: orderBody(o3) },
    // Edited the same evening: one pair of socks added, with its tax.
    {
      topic: 'orders/edited',
      body: JSON.stringify({
        order_edit: {
          ...(sampleObject('orders-edited').order_edit as Record<string, unknown>),
          id: 1301,
          order_id: 1003,
          created_at: at('12-02 23:00'),
          committed_at: at('12-02 23:00'),
          line_items: { additions: [{ id: 32, delta: 1 }], removals: [] },
        },
      }),
    },
    {
      topic: 'orders/updated',
      body: orderBody({
        ...o3,
        updatedAt: at('12-02 23:00'),
        lines: [...o3.lines, { id: 32, variant: 'V2', quantity: 1, price: '20.00' }],
        tax: '7.00',
        total: '77.00',
      }),
    },
    // The beanie's unit cost rises from 20.00 to 22.00 between the orders of 12-02 and 12-03.
    { topic: 'inventory_items/update', body: inventoryItemBody(ITEM_V1, 'BEANIE', '22.00', at('12-03 01:00')) },
    { topic: 'orders/create', body: orderBody(o4) },
    { topic: 'fulfillments/create', body: fulfillmentBody(801, 1001, at('12-02 23:30')) },
    // Cancelled the next day, with everything refunded.
    { topic: 'orders/cancelled', body: orderBody({ ...o4, updatedAt: at('12-04 14:00'), cancelledAt: at('12-04 14:00') }) },
    {
      topic: 'refunds/create',
      body: refundBody({
        id: 904,
        orderId: 1004,
        processedAt: at('12-04 14:00'),
        lines: [{ id: 941, lineItemId: 41, quantity: 1, subtotal: '50.00', tax: '6.00' }],
        shipping: { amount: '10.00', tax: '0.00' },
      }),
    },
    { topic: 'fulfillments/create', body: fulfillmentBody(802, 1002, at('12-03 13:30')) },
    {
      topic: 'refunds/create',
      body: refundBody({
        id: 901,
        orderId: 1001,
        processedAt: at('12-06 09:00'),
        lines: [{ id: 911, lineItemId: 11, quantity: 1, subtotal: '45.00', tax: '4.50' }],
        shipping: { amount: '5.00', tax: '0.50' },
      }),
    },
    {
      topic: 'refunds/create',
      body: refundBody({
        id: 902,
        orderId: 1002,
        processedAt: at('12-06 23:00'),
        lines: [{ id: 921, lineItemId: 21, quantity: 3, subtotal: '55.00', tax: '5.50' }],
      }),
    },
    { topic: 'inventory_levels/update', body: levelBody(ITEM_V1, 5, aucklandDaysAgo(40).stamp) },
    { topic: 'inventory_levels/update', body: levelBody(ITEM_V2, 4, aucklandDaysAgo(10).stamp) },
    { topic: 'inventory_levels/update', body: levelBody(ITEM_V2, 0, aucklandDaysAgo(3).stamp) },
    {
      topic: 'orders/create',
      body: orderBody({
        id: 1007,
        processedAt: recent.stamp,
        channel: 'web',
        lines: [{ id: 71, variant: 'V1', quantity: 2, price: '50.00' }],
        tax: '0.00',
        total: '100.00',
      }),
    },
    // A test order: left out of every mart.
    {
      topic: 'orders/create',
      body: orderBody({
        id: 1008,
        processedAt: at('12-01 12:00'),
        channel: 'web',
        lines: [{ id: 81, variant: 'V1', quantity: 9, price: '50.00' }],
        tax: '0.00',
        total: '450.00',
      }).replace('"test":false', '"test":true'),
    },
  ];
}

const RETAIL_HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const HEART = '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom';
const LANTERN = '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom';
const DISCOUNT = 'C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom';

/** A new shop with every delivery loaded and two overlapping retail uploads finished; its read key. */
export async function goldenShop(): Promise<{ shop: string; key: string }> {
  const shop = uniqueShop();
  await loadInOrder(shop, goldenShopDeliveries());
  const { key } = await apiKeyFor(shop, ['read', 'upload']);
  for (const file of [
    [RETAIL_HEADER, HEART, LANTERN],
    [RETAIL_HEADER, LANTERN, DISCOUNT],
  ]) {
    const accepted = await upload(key, file.join('\n'));
    expect(accepted.status).toBe(202);
    await finishedJob(key, accepted.body.id);
  }
  return { shop, key };
}
