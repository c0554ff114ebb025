/**
 * Bulk records (a parent line and its `__parentId` children) → the REST resources webhooks
 * carry, so that a resync goes through exactly the validation and mapping a webhook does and
 * both paths build the same warehouse rows. Timestamps move into the shop's time zone; enums
 * go to REST's lower case; ids drop their gid prefix.
 */
import type { z } from 'zod';
import type { JsonValue } from '../json';
import { inShopTime } from './local-time';
import {
  collectionNode,
  customerNode,
  fulfillmentLineItemNode,
  inventoryItemNode,
  inventoryLevelNode,
  legacyId,
  lineItemNode,
  locationNode,
  mediaNode,
  metafieldNode,
  orderNode,
  parseGid,
  productNode,
  refundLineItemNode,
  variantNode,
  type CustomerNode,
  type MetafieldNode,
  type ShopInfo,
} from './nodes';
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

/** Σ price × quantity in exact decimal (hundredths of a cent), as Shopify's total_line_items_price is. */
function lineItemsTotal(lines: readonly { price: string; quantity: number }[]): string {
  const scale = 10_000n;
  let total = 0n;
  for (const { price, quantity } of lines) {
    const [whole = '0', fraction = ''] = price.replace('-', '').split('.');
    const units = BigInt(whole) * scale + BigInt((fraction + '0000').slice(0, 4));
    total += (price.startsWith('-') ? -units : units) * BigInt(quantity);
  }
  const sign = total < 0n ? '-' : '';
  const absolute = total < 0n ? -total : total;
  return `${sign}${absolute / scale}.${(absolute % scale).toString().padStart(4, '0').slice(0, 2)}`;
}

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

function orderResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const order = parse(orderNode, parent, '');
  const orderId = legacyId(order.id);
  const lines = childrenOf(children, 'LineItem', order.id).map((child, i) => parse(lineItemNode, child, `lineItems.${i}`));
  const line_items = lines.map((line) => ({
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
  }));
  const resources: RestResource[] = [
    {
      topic: 'orders/updated',
      payload: {
        id: orderId,
        admin_graphql_api_id: order.id,
        name: order.name ?? null,
        order_number: order.number ?? null,
        email: order.email ?? null,
        customer: order.customer ? customerResource(order.customer, time) : null,
        currency: order.currencyCode,
        presentment_currency: order.presentmentCurrencyCode ?? null,
        subtotal_price: amount(order.subtotalPriceSet),
        total_line_items_price: lineItemsTotal(line_items),
        total_discounts: amount(order.totalDiscountsSet),
        total_tax: amount(order.totalTaxSet),
        total_shipping_price_set: order.totalShippingPriceSet
          ? { shop_money: { amount: order.totalShippingPriceSet.shopMoney.amount, currency_code: order.totalShippingPriceSet.shopMoney.currencyCode } }
          : null,
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
        line_items,
      },
    },
  ];
  for (const [r, refund] of order.refunds.entries()) {
    const refundLines = childrenOf(children, 'RefundLineItem', refund.id).map((child, i) => parse(refundLineItemNode, child, `refunds.${r}.refundLineItems.${i}`));
    const refunded = amount(refund.totalRefundedSet);
    resources.push({
      topic: 'refunds/create',
      payload: {
        id: legacyId(refund.id),
        order_id: orderId,
        created_at: time(refund.createdAt),
        processed_at: refund.processedAt ? time(refund.processedAt) : null,
        note: refund.note ?? null,
        refund_line_items: refundLines.map((line) => ({
          id: legacyId(line.id),
          line_item_id: legacyId(line.lineItem.id),
          quantity: line.quantity,
          restock_type: lower(line.restockType),
          location_id: idOf(line.location),
          subtotal_set: line.subtotalSet ? { shop_money: { amount: line.subtotalSet.shopMoney.amount, currency_code: line.subtotalSet.shopMoney.currencyCode } } : null,
          total_tax_set: line.totalTaxSet ? { shop_money: { amount: line.totalTaxSet.shopMoney.amount, currency_code: line.totalTaxSet.shopMoney.currencyCode } } : null,
        })),
        // The refund's total stands for its transactions, which the bulk query does not select.
        transactions: refunded ? [{ id: legacyId(refund.id), kind: 'refund', status: 'success', amount: refunded }] : [],
        order_adjustments: [],
      },
    });
  }
  for (const [f, fulfillment] of order.fulfillments.entries()) {
    const items = childrenOf(children, 'FulfillmentLineItem', fulfillment.id).map((child, i) =>
      parse(fulfillmentLineItemNode, child, `fulfillments.${f}.fulfillmentLineItems.${i}`),
    );
    const tracking = fulfillment.trackingInfo[0];
    const shipment = fulfillment.displayStatus && fulfillment.displayStatus !== 'FULFILLED' ? fulfillment.displayStatus.toLowerCase() : null;
    resources.push({
      topic: 'fulfillments/update',
      payload: {
        id: legacyId(fulfillment.id),
        order_id: orderId,
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
    });
  }
  return resources;
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

function collectionResource(parent: JsonValue, time: (t: string) => string): RestResource {
  const collection = parse(collectionNode, parent, '');
  return {
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
  };
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

function locationResources(parent: JsonValue, children: readonly JsonValue[], time: (t: string) => string): RestResource[] {
  const location = parse(locationNode, parent, '');
  return childrenOf(children, 'InventoryLevel', location.id).map((child, i) => {
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
        return { ok: true, resources: [collectionResource(parent, time)], metafields: [] };
      case 'customers':
        return { ok: true, resources: [{ topic: 'customers/update', payload: customerResource(parse(customerNode, parent, ''), time) }], metafields: [] };
      case 'inventoryItems':
        return { ok: true, resources: [inventoryItemResource(parent, time)], metafields: [] };
      case 'locations':
        return { ok: true, resources: locationResources(parent, children, time), metafields: [] };
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
