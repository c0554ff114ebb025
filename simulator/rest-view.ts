/**
 * Records as REST webhook payloads: integer ids, timestamps in the shop's UTC offset, lowercase
 * enums, money as decimal strings. Field for field these agree with `graphql-view.ts` under the
 * mapping Wharf's resync applies (GraphQL → REST), so that webhooks and resyncs converge.
 */

import { derivedHex } from './derived-ids';
import { inventoryLevelGid } from './graphql-view';
import { gid } from './ids';
import {
  allocated,
  type Checkout,
  type Collection,
  type Customer,
  type Discount,
  type DiscountAllocation,
  type DiscountApplication,
  type DraftDiscount,
  type DraftOrder,
  type Fulfillment,
  type InventoryItem,
  type InventoryLevel,
  inventoryQuantity,
  type LineItem,
  type Location,
  type Order,
  type Product,
  type Refund,
  type Return,
  type ShippingLine,
  type ShopInfo,
  type Transaction,
} from './model';
import { decimal, decimalNumber, presentmentCents } from './money';
import { lineItemsGross, orderName } from './order-records';
import { type RestObject, type RestValue, restId } from './rest-json';
import { localIso } from './time';

/** What every REST rendering needs to know about the shop. */
export interface RestContext {
  timeZone: string;
  currency: string;
  domain: string;
  /** The shop's numeric id, which its invoice and checkout recovery links carry. */
  shopId: string;
}

const time = (context: RestContext, ms: number | null) => (ms === null ? null : localIso(ms, context.timeZone));
const lower = (value: string | null) => (value === null ? null : value.toLowerCase());
const joinTags = (tags: readonly string[]) => tags.join(', ');

function moneySet(context: RestContext, cents: number, presentment = context.currency): RestObject {
  return {
    shop_money: { amount: decimal(cents), currency_code: context.currency },
    presentment_money: { amount: decimal(presentmentCents(cents, context.currency, presentment)), currency_code: presentment },
  };
}

export function restCustomer(context: RestContext, customer: Customer): RestObject {
  const address = customer.address;
  return {
    id: restId(customer.id),
    email: customer.email,
    created_at: time(context, customer.createdAt),
    updated_at: time(context, customer.updatedAt),
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: lower(customer.state),
    note: null,
    verified_email: customer.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    tags: joinTags(customer.tags),
    admin_graphql_api_id: gid('Customer', customer.id),
    default_address:
      address && customer.addressId
        ? {
            id: restId(customer.addressId),
            customer_id: restId(customer.id),
            first_name: customer.firstName,
            last_name: customer.lastName,
            city: address.city,
            province: address.province,
            country: address.country,
            country_code: address.countryCode,
            country_name: address.country,
            default: true,
          }
        : null,
  };
}

function restLineItem(context: RestContext, order: Order, line: LineItem): RestObject {
  return {
    id: restId(line.id),
    admin_graphql_api_id: gid('LineItem', line.id),
    product_id: restId(line.productId),
    variant_id: restId(line.variantId),
    sku: line.sku,
    title: line.title,
    variant_title: line.variantTitle,
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    vendor: line.vendor,
    quantity: line.quantity,
    price: decimal(line.price),
    price_set: moneySet(context, line.price, order.presentmentCurrency),
    // As on Shopify: the discount is in discount_allocations, total_discount stays zero.
    total_discount: decimal(0),
    total_discount_set: moneySet(context, 0, order.presentmentCurrency),
    discount_allocations: restAllocations(context, order, line.discountAllocations),
    gift_card: false,
    taxable: true,
    product_exists: line.productId !== null,
  };
}

function restAllocations(context: RestContext, order: Order, allocations: readonly DiscountAllocation[]): RestValue {
  return allocations.map((allocation) => ({
    amount: decimal(allocation.amount),
    amount_set: moneySet(context, allocation.amount, order.presentmentCurrency),
    discount_application_index: allocation.applicationIndex,
  }));
}

const DISCOUNT_TYPE: Readonly<Record<DiscountApplication['kind'], string>> = {
  DiscountCodeApplication: 'discount_code',
  AutomaticDiscountApplication: 'automatic',
  ManualDiscountApplication: 'manual',
};

function restDiscountApplication(application: DiscountApplication): RestObject {
  return {
    target_type: lower(application.targetType),
    type: DISCOUNT_TYPE[application.kind],
    value: application.valueType === 'PERCENTAGE' ? `${application.value}.0` : decimal(application.value),
    value_type: application.valueType === 'PERCENTAGE' ? 'percentage' : 'fixed_amount',
    allocation_method: lower(application.allocationMethod),
    target_selection: lower(application.targetSelection),
    ...(application.kind === 'DiscountCodeApplication' ? { code: application.code } : { title: application.title, description: application.description }),
  };
}

function restShippingLine(context: RestContext, order: Order, line: ShippingLine): RestObject {
  return {
    id: restId(line.id),
    carrier_identifier: null,
    code: line.code,
    discounted_price: decimal(line.price - allocated(line)),
    discounted_price_set: moneySet(context, line.price - allocated(line), order.presentmentCurrency),
    is_removed: false,
    phone: null,
    price: decimal(line.price),
    price_set: moneySet(context, line.price, order.presentmentCurrency),
    requested_fulfillment_service_id: null,
    source: line.source,
    title: line.title,
    tax_lines: [],
    discount_allocations: restAllocations(context, order, line.discountAllocations),
  };
}

/** A transaction as order_transactions/create and refunds carry it: the amount in the presentment currency. */
export function restTransaction(context: RestContext, order: Order, transaction: Transaction): RestObject {
  return {
    id: restId(transaction.id),
    order_id: restId(order.id),
    kind: lower(transaction.kind),
    gateway: transaction.gateway,
    status: lower(transaction.status),
    message: null,
    created_at: time(context, transaction.createdAt),
    test: order.test,
    authorization: null,
    location_id: null,
    user_id: null,
    parent_id: restId(transaction.parentId),
    processed_at: time(context, transaction.createdAt),
    device_id: null,
    error_code: null,
    source_name: order.sourceName,
    receipt: {},
    amount: decimal(presentmentCents(transaction.amount, context.currency, order.presentmentCurrency)),
    currency: order.presentmentCurrency,
    admin_graphql_api_id: gid('OrderTransaction', transaction.id),
  };
}

export function restRefund(context: RestContext, order: Order, refund: Refund): RestObject {
  return {
    id: restId(refund.id),
    order_id: restId(order.id),
    created_at: time(context, refund.createdAt),
    processed_at: time(context, refund.processedAt),
    note: refund.note,
    restock: refund.lines.some((line) => line.restockType !== 'NO_RESTOCK'),
    admin_graphql_api_id: gid('Refund', refund.id),
    refund_line_items: refund.lines.map((line) => ({
      id: restId(line.id),
      line_item_id: restId(line.lineItemId),
      quantity: line.quantity,
      restock_type: lower(line.restockType),
      location_id: restId(line.locationId),
      subtotal: decimalNumber(line.subtotal),
      total_tax: decimalNumber(line.tax),
      subtotal_set: moneySet(context, line.subtotal, order.presentmentCurrency),
      total_tax_set: moneySet(context, line.tax, order.presentmentCurrency),
    })),
    transactions: order.transactions.filter((t) => t.id === refund.transactionId).map((t) => restTransaction(context, order, t)),
    order_adjustments: [],
    refund_shipping_lines: refund.shipping.map((line) => ({
      id: restId(line.id),
      shipping_line_id: restId(line.shippingLineId),
      subtotal_amount_set: moneySet(context, line.subtotal, order.presentmentCurrency),
      tax_amount_set: moneySet(context, line.tax, order.presentmentCurrency),
    })),
    // The simulated shop charges neither duties nor additional fees.
    duties: [],
    total_duties_set: moneySet(context, 0, order.presentmentCurrency),
    additional_fees: [],
    total_additional_fees_set: moneySet(context, 0, order.presentmentCurrency),
  };
}

export function restFulfillment(context: RestContext, order: Order, fulfillment: Fulfillment): RestObject {
  const lineById = new Map(order.lineItems.map((line) => [line.id, line]));
  return {
    id: restId(fulfillment.id),
    order_id: restId(order.id),
    name: fulfillment.name,
    status: lower(fulfillment.status),
    shipment_status: fulfillment.displayStatus === 'FULFILLED' ? null : lower(fulfillment.displayStatus),
    service: 'manual',
    location_id: restId(fulfillment.locationId),
    tracking_company: fulfillment.trackingCompany,
    tracking_number: fulfillment.trackingNumber,
    tracking_numbers: fulfillment.trackingNumber ? [fulfillment.trackingNumber] : [],
    created_at: time(context, fulfillment.createdAt),
    updated_at: time(context, fulfillment.updatedAt),
    admin_graphql_api_id: gid('Fulfillment', fulfillment.id),
    // REST names a fulfillment's lines by the order line they ship.
    line_items: fulfillment.lines.map((line) => {
      const orderLine = lineById.get(line.lineItemId);
      return {
        id: restId(line.lineItemId),
        variant_id: restId(orderLine?.variantId ?? null),
        title: orderLine?.title ?? null,
        sku: orderLine?.sku ?? null,
        quantity: line.quantity,
        fulfillment_status: 'fulfilled',
      };
    }),
  };
}

const FULFILLMENT_STATUS: Readonly<Record<Order['fulfillmentStatus'], string | null>> = {
  UNFULFILLED: null,
  PARTIALLY_FULFILLED: 'partial',
  FULFILLED: 'fulfilled',
};

export function restOrder(context: RestContext, order: Order, customer: Customer | null): RestObject {
  const set = (cents: number) => moneySet(context, cents, order.presentmentCurrency);
  return {
    id: restId(order.id),
    admin_graphql_api_id: gid('Order', order.id),
    name: orderName(order),
    number: order.number - 1000,
    order_number: order.number,
    email: order.email,
    contact_email: order.email,
    created_at: time(context, order.createdAt),
    updated_at: time(context, order.updatedAt),
    processed_at: time(context, order.processedAt),
    cancelled_at: time(context, order.cancelledAt),
    cancel_reason: lower(order.cancelReason),
    closed_at: time(context, order.closedAt),
    currency: context.currency,
    presentment_currency: order.presentmentCurrency,
    financial_status: lower(order.financialStatus),
    fulfillment_status: FULFILLMENT_STATUS[order.fulfillmentStatus],
    source_name: order.sourceName,
    tags: joinTags(order.tags),
    test: order.test,
    confirmed: true,
    total_line_items_price: decimal(lineItemsGross(order)),
    total_line_items_price_set: set(lineItemsGross(order)),
    subtotal_price: decimal(order.subtotal),
    subtotal_price_set: set(order.subtotal),
    total_discounts: decimal(order.discounts),
    total_discounts_set: set(order.discounts),
    total_tax: decimal(order.tax),
    total_tax_set: set(order.tax),
    total_shipping_price_set: set(order.shipping),
    // No duties or additional fees are charged in the simulated shop: null, as in Shopify's sample.
    original_total_duties_set: null,
    original_total_additional_fees_set: null,
    total_price: decimal(order.total),
    total_price_set: set(order.total),
    discount_codes: order.discountCodes.map((discount) => ({ code: discount.code, amount: decimal(discount.amount), type: discount.type })),
    discount_applications: order.discountApplications.map(restDiscountApplication),
    customer: customer ? restCustomer(context, customer) : null,
    line_items: order.lineItems.map((line) => restLineItem(context, order, line)),
    shipping_lines: order.shippingLines.map((line) => restShippingLine(context, order, line)),
    refunds: order.refunds.map((refund) => restRefund(context, order, refund)),
    fulfillments: order.fulfillments.map((fulfillment) => restFulfillment(context, order, fulfillment)),
  };
}

export function restProduct(context: RestContext, product: Product, items: ReadonlyMap<string, InventoryItem>): RestObject {
  const images = product.media.map((media, index) => ({
    id: restId(media.id),
    product_id: restId(product.id),
    position: index + 1,
    src: media.url,
    alt: media.alt,
    width: media.width,
    height: media.height,
    variant_ids: media.variantIds.map(restId),
    admin_graphql_api_id: gid('MediaImage', media.id),
  }));
  return {
    id: restId(product.id),
    admin_graphql_api_id: gid('Product', product.id),
    title: product.title,
    body_html: product.descriptionHtml,
    handle: product.handle,
    vendor: product.vendor,
    product_type: product.productType,
    status: lower(product.status),
    tags: joinTags(product.tags),
    published_at: time(context, product.publishedAt),
    created_at: time(context, product.createdAt),
    updated_at: time(context, product.updatedAt),
    options: optionsOf(product),
    variants: product.variants.map((variant) => ({
      id: restId(variant.id),
      product_id: restId(product.id),
      title: variant.title,
      sku: variant.sku,
      barcode: variant.barcode,
      price: decimal(variant.price),
      compare_at_price: variant.compareAtPrice === null ? null : decimal(variant.compareAtPrice),
      position: variant.position,
      option1: variant.options[0]?.value ?? null,
      option2: variant.options[1]?.value ?? null,
      option3: variant.options[2]?.value ?? null,
      inventory_item_id: restId(variant.inventoryItemId),
      inventory_quantity: inventoryQuantity(items, variant),
      taxable: variant.taxable,
      created_at: time(context, variant.createdAt),
      updated_at: time(context, variant.updatedAt),
      admin_graphql_api_id: gid('ProductVariant', variant.id),
    })),
    images,
    image: images[0] ?? null,
  };
}

function optionsOf(product: Product): RestValue {
  const names: string[] = [];
  for (const variant of product.variants) for (const option of variant.options) if (!names.includes(option.name)) names.push(option.name);
  return names.map((name, index) => ({
    product_id: restId(product.id),
    name,
    position: index + 1,
    values: [...new Set(product.variants.map((variant) => variant.options.find((option) => option.name === name)?.value ?? ''))],
  }));
}

export function restCollection(context: RestContext, collection: Collection): RestObject {
  return {
    id: restId(collection.id),
    admin_graphql_api_id: gid('Collection', collection.id),
    handle: collection.handle,
    title: collection.title,
    updated_at: time(context, collection.updatedAt),
    sort_order: collection.sortOrder.toLowerCase().replaceAll('_', '-'),
    published_scope: 'web',
    template_suffix: null,
    ...(collection.rules ? { rules: collection.rules.map((rule) => ({ ...rule })), disjunctive: collection.disjunctive } : {}),
  };
}

export function restInventoryItem(context: RestContext, item: InventoryItem): RestObject {
  return {
    id: restId(item.id),
    admin_graphql_api_id: gid('InventoryItem', item.id),
    sku: item.sku,
    cost: item.cost === null ? null : decimal(item.cost),
    tracked: item.tracked,
    requires_shipping: item.requiresShipping,
    country_code_of_origin: item.countryCodeOfOrigin,
    created_at: time(context, item.createdAt),
    updated_at: time(context, item.updatedAt),
  };
}

export function restInventoryLevel(context: RestContext, item: InventoryItem, level: InventoryLevel): RestObject {
  return {
    inventory_item_id: restId(item.id),
    location_id: restId(level.locationId),
    available: level.available,
    updated_at: time(context, level.updatedAt),
    admin_graphql_api_id: inventoryLevelGid(level, item.id),
  };
}

export function restShop(context: RestContext, info: ShopInfo): RestObject {
  const handle = context.domain.replace(/\.myshopify\.com$/, '');
  return {
    id: restId(info.id),
    name: info.name,
    email: info.email,
    domain: `${handle}.example`,
    myshopify_domain: context.domain,
    currency: info.currency,
    country_code: info.countryCode,
    iana_timezone: info.ianaTimezone,
    plan_name: info.planDisplayName.toLowerCase().replaceAll(' ', '_'),
    plan_display_name: info.planDisplayName,
    created_at: time(context, info.createdAt),
    updated_at: time(context, info.updatedAt),
  };
}

export function restLocation(context: RestContext, location: Location): RestObject {
  return {
    id: restId(location.id),
    name: location.name,
    address1: location.street,
    address2: null,
    city: location.address.city,
    zip: location.zip,
    province: location.address.province,
    country: location.address.countryCode,
    phone: null,
    created_at: time(context, location.createdAt),
    updated_at: time(context, location.updatedAt),
    country_code: location.address.countryCode,
    country_name: location.address.country,
    province_code: null,
    legacy: false,
    active: location.isActive,
    admin_graphql_api_id: gid('Location', location.id),
  };
}

/** The return and its order, as every returns/* topic but update names them. */
const returnHead = (ret: Return) => ({ id: restId(ret.id), admin_graphql_api_id: gid('Return', ret.id) });
const orderRef = (order: Order) => ({ id: restId(order.id), admin_graphql_api_id: gid('Order', order.id) });

/** returns/request and returns/approve: the return in `status`, with its order, name and every line. */
export function restReturnWithLines(order: Order, ret: Return, status: 'requested' | 'open'): RestObject {
  return {
    ...returnHead(ret),
    status,
    order: orderRef(order),
    total_return_line_items: ret.lines.length,
    name: ret.name,
    return_line_items: ret.lines.map((line) => ({
      id: restId(line.id),
      admin_graphql_api_id: gid('ReturnLineItem', line.id),
      fulfillment_line_item: {
        id: restId(line.fulfillmentLineId),
        admin_graphql_api_id: gid('FulfillmentLineItem', line.fulfillmentLineId),
        line_item: { id: restId(line.lineItemId), admin_graphql_api_id: gid('LineItem', line.lineItemId) },
      },
      quantity: line.quantity,
      return_reason: lower(line.reason),
      return_reason_note: '',
      customer_note: null,
    })),
    return_shipping_fees: [],
    exchange_line_items: [],
    total_exchange_line_items: 0,
  };
}

export function restReturnDeclined(order: Order, ret: Return): RestObject {
  return {
    ...returnHead(ret),
    status: 'declined',
    order: orderRef(order),
    decline: ret.decline && { reason: lower(ret.decline.reason), note: ret.decline.note },
  };
}

/** returns/cancel, returns/close, returns/reopen: the return's new status. */
export function restReturnStatus(order: Order, ret: Return, status: 'canceled' | 'closed' | 'open'): RestObject {
  return { ...returnHead(ret), order_id: restId(order.id), status };
}

/** discounts/create and discounts/update: the discount by its gid, with its title, status and timestamps. */
export function restDiscount(context: RestContext, discount: Discount): RestObject {
  return {
    admin_graphql_api_id: gid(discount.method === 'code' ? 'DiscountCodeNode' : 'DiscountAutomaticNode', discount.id),
    title: discount.title,
    status: 'ACTIVE',
    created_at: time(context, discount.createdAt),
    updated_at: time(context, discount.updatedAt),
  };
}

export function restDiscountDeletion(context: RestContext, discount: Discount, at: number): RestObject {
  return { admin_graphql_api_id: gid(discount.method === 'code' ? 'DiscountCodeNode' : 'DiscountAutomaticNode', discount.id), deleted_at: time(context, at) };
}

export function restDeletion(id: string): RestObject {
  return { id: restId(id) };
}

function restDraftDiscount(discount: DraftDiscount | null): RestObject | null {
  if (discount === null) return null;
  const value = discount.valueType === 'PERCENTAGE' ? `${discount.value}.0` : decimal(discount.value);
  return { description: discount.title, value, title: discount.title, amount: decimal(discount.amount), value_type: lower(discount.valueType) };
}

/** A draft order as draft_orders/* carry it, after Shopify's documented sample (addresses and payment terms left out). */
export function restDraftOrder(context: RestContext, draft: DraftOrder, customer: Customer | null): RestObject {
  return {
    id: restId(draft.id),
    note: null,
    email: draft.email,
    taxes_included: false,
    currency: context.currency,
    invoice_sent_at: time(context, draft.invoiceSentAt),
    created_at: time(context, draft.createdAt),
    updated_at: time(context, draft.updatedAt),
    tax_exempt: false,
    completed_at: time(context, draft.completedAt),
    name: `#D${draft.number}`,
    'allow_discount_codes_in_checkout?': false,
    'b2b?': false,
    status: lower(draft.status),
    line_items: draft.lines.map((line) => ({
      id: restId(line.id),
      variant_id: restId(line.variantId),
      product_id: restId(line.productId),
      title: line.title,
      variant_title: line.variantTitle,
      sku: line.sku,
      vendor: line.vendor,
      quantity: line.quantity,
      requires_shipping: true,
      taxable: true,
      gift_card: false,
      fulfillment_service: 'manual',
      grams: 0,
      tax_lines: [],
      applied_discount: restDraftDiscount(line.discount),
      name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
      properties: [],
      custom: line.productId === null,
      price: decimal(line.price),
      admin_graphql_api_id: gid('DraftOrderLineItem', line.id),
    })),
    api_client_id: null,
    shipping_address: null,
    billing_address: null,
    invoice_url: `https://${context.domain}/${context.shopId}/invoices/${derivedHex('invoice', draft.id, 32)}`,
    created_on_api_version_handle: null,
    applied_discount: restDraftDiscount(draft.discount),
    order_id: restId(draft.orderId),
    shipping_line: null,
    tax_lines: [{ rate: taxRateOf(draft), title: 'Tax', price: decimal(draft.tax) }],
    tags: '',
    note_attributes: [],
    total_price: decimal(draft.total),
    subtotal_price: decimal(draft.subtotal),
    total_tax: decimal(draft.tax),
    payment_terms: null,
    admin_graphql_api_id: gid('DraftOrder', draft.id),
    customer: customer ? restCustomer(context, customer) : null,
  };
}

/** The tax rate a record was charged, as REST's tax lines give it (a JSON number). */
const taxRateOf = (record: { subtotal: number; tax: number }) => (record.subtotal === 0 ? 0 : Math.round((record.tax / record.subtotal) * 100) / 100);

/**
 * A checkout as checkouts/* carry it under API 2026-01, after Shopify's documented sample (whose
 * 2026-01 rendering starts with the id): amounts in the presentment currency, lines without ids.
 */
export function restCheckout(context: RestContext, checkout: Checkout, customer: Customer | null): RestObject {
  const shown = (cents: number) => decimal(presentmentCents(cents, context.currency, checkout.presentmentCurrency));
  const token = derivedHex('checkout-token', checkout.id, 32);
  const rate = taxRateOf(checkout);
  return {
    id: restId(checkout.id),
    token,
    cart_token: derivedHex('cart-token', checkout.id, 32),
    email: checkout.email,
    gateway: null,
    buyer_accepts_marketing: false,
    created_at: time(context, checkout.createdAt),
    updated_at: time(context, checkout.updatedAt),
    landing_site: null,
    note: null,
    note_attributes: [],
    referring_site: null,
    shipping_lines: [],
    taxes_included: false,
    total_weight: 0,
    currency: context.currency,
    completed_at: time(context, checkout.completedAt),
    closed_at: null,
    user_id: null,
    location_id: null,
    source_identifier: null,
    source_url: null,
    device_id: null,
    phone: null,
    customer_locale: 'en',
    line_items: checkout.lines.map((line, position) => ({
      applied_discounts: [],
      discount_allocations: [],
      key: derivedHex('checkout-line', line.id, 32),
      destination_location_id: null,
      fulfillment_service: 'manual',
      gift_card: false,
      grams: 0,
      origin_location_id: null,
      presentment_title: line.title,
      presentment_variant_title: line.variantTitle,
      product_id: restId(line.productId),
      properties: null,
      quantity: line.quantity,
      requires_shipping: true,
      sku: line.sku,
      tax_lines: [
        {
          price: shown(Math.round(line.price * line.quantity * rate)),
          position: position + 1,
          rate,
          title: 'Tax',
          source: 'Shopify',
          zone: 'province',
          channel_liable: false,
        },
      ],
      taxable: true,
      title: line.title,
      variant_id: restId(line.variantId),
      variant_title: line.variantTitle,
      variant_price: shown(line.price),
      vendor: line.vendor,
      user_id: null,
      unit_price_measurement: { measured_type: null, quantity_value: null, quantity_unit: null, reference_value: null, reference_unit: null },
      rank: null,
      compare_at_price: null,
      line_price: shown(line.price * line.quantity),
      price: shown(line.price),
    })),
    name: `#${checkout.id}`,
    source: null,
    abandoned_checkout_url: `https://${context.domain}/${context.shopId}/checkouts/${token}/recover?key=${derivedHex('recover', checkout.id, 24)}`,
    discount_codes: checkout.discountCodes.map((discount) => ({ code: discount.code, amount: shown(discount.amount), type: discount.type })),
    tax_lines: [{ price: shown(checkout.tax), rate, title: 'Tax', channel_liable: false }],
    source_name: 'web',
    presentment_currency: checkout.presentmentCurrency,
    buyer_accepts_sms_marketing: false,
    sms_marketing_phone: null,
    total_discounts: shown(checkout.discounts),
    total_line_items_price: shown(checkout.lineItemsPrice),
    total_price: shown(checkout.total),
    total_tax: shown(checkout.tax),
    subtotal_price: shown(checkout.subtotal),
    total_duties: null,
    reservation_token: null,
    billing_address: null,
    shipping_address: null,
    customer: customer ? restCustomer(context, customer) : null,
  };
}
