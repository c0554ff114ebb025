import { describe, expect, it } from 'vitest';
import { piiPolicies } from '../../src/domain/pii';
import { resourceModel, topicModel } from '../../src/domain/topics';
import type { JsonValue } from '../../src/lib/exact-json';
import { bulkRecordToRest, shopToRest } from '../../src/shopify/bulk/to-rest';

const usd = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });
const presented = (amount: string) => ({ presentmentMoney: { amount, currencyCode: 'USD' } });

const order = {
  id: 'gid://shopify/Order/820982911946154508',
  name: '#1001',
  number: 1,
  email: 'jon@example.com',
  createdAt: '2025-04-02T15:38:15Z',
  updatedAt: '2025-04-03T02:10:00Z',
  processedAt: '2025-04-02T15:38:15Z',
  cancelledAt: null,
  cancelReason: null,
  closedAt: null,
  currencyCode: 'USD',
  presentmentCurrencyCode: 'USD',
  displayFinancialStatus: 'PARTIALLY_REFUNDED',
  displayFulfillmentStatus: 'PARTIALLY_FULFILLED',
  sourceName: 'web',
  tags: ['vip', 'wholesale'],
  test: false,
  discountCodes: ['SPRING10'],
  subtotalPriceSet: usd('358.2'),
  totalPriceSet: usd('369.94'),
  totalTaxSet: usd('11.74'),
  totalDiscountsSet: usd('49.8'),
  totalShippingPriceSet: usd('10.0'),
  customer: {
    id: 'gid://shopify/Customer/115310627314723954',
    email: 'jon@example.com',
    state: 'ENABLED',
    verifiedEmail: true,
    tags: [],
    createdAt: '2025-01-10T12:00:00Z',
    updatedAt: '2025-04-02T15:38:15Z',
    defaultAddress: { city: 'Ottawa', province: 'Ontario', country: 'Canada', countryCodeV2: 'CA' },
  },
  transactions: [
    {
      id: 'gid://shopify/OrderTransaction/389404469',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'shopify_payments',
      amountSet: presented('369.94'),
      createdAt: '2025-04-02T15:38:15Z',
      processedAt: '2025-04-02T15:38:15Z',
      parentTransaction: null,
      test: false,
      errorCode: null,
    },
  ],
  refunds: [
    { id: 'gid://shopify/Refund/929361464', createdAt: '2025-04-03T02:10:00Z', processedAt: null, note: 'damaged', totalRefundedSet: presented('199.0') },
  ],
};

const allocation = (amount: string, index: number) => ({ allocatedAmountSet: usd(amount), discountApplication: { index } });

const lineItem = (id: string, price: string, quantity: number, discount: string) => ({
  id: `gid://shopify/LineItem/${id}`,
  __parentId: order.id,
  sku: `SKU-${id}`,
  title: 'IPod Nano - 8GB',
  variantTitle: 'green',
  vendor: null,
  quantity,
  originalUnitPriceSet: usd(price),
  totalDiscountSet: usd('0.0'),
  discountAllocations: [allocation(discount, 0)],
  product: { id: 'gid://shopify/Product/632910392' },
  variant: { id: 'gid://shopify/ProductVariant/808950810' },
});

// SPRING10 takes 10 % off each line (19.90 and 19.90), and free shipping the 10.00 shipping line.
const children: JsonValue[] = [
  lineItem('866550311766439020', '199.0', 1, '19.9'),
  {
    id: 'gid://shopify/RefundLineItem/1058498307',
    __parentId: 'gid://shopify/Refund/929361464',
    quantity: 1,
    restockType: 'RETURN',
    location: null,
    lineItem: { id: 'gid://shopify/LineItem/866550311766439020' },
    subtotalSet: usd('199.0'),
    totalTaxSet: usd('5.97'),
  },
  lineItem('141249953214522974', '99.5', 2, '19.9'),
  {
    id: 'gid://shopify/ShippingLine/271878346596884015',
    __parentId: order.id,
    title: 'Standard',
    code: 'Standard',
    source: 'shopify',
    originalPriceSet: usd('10.0'),
    discountAllocations: [allocation('10.0', 1)],
  },
  {
    __typename: 'DiscountCodeApplication',
    __parentId: order.id,
    index: 0,
    allocationMethod: 'EACH',
    targetSelection: 'ALL',
    targetType: 'LINE_ITEM',
    value: { percentage: 10.0 },
    code: 'SPRING10',
  },
  {
    __typename: 'AutomaticDiscountApplication',
    __parentId: order.id,
    index: 1,
    allocationMethod: 'EACH',
    targetSelection: 'ALL',
    targetType: 'SHIPPING_LINE',
    value: { percentage: 100.0 },
    title: 'Free shipping',
  },
];

describe('bulk records as REST resources', () => {
  it('turns an order and its children into the order, its transactions and its refunds a webhook would carry', () => {
    const result = bulkRecordToRest('orders', order, children, 'America/New_York');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources.map((r) => r.topic)).toEqual(['orders/updated', 'order_transactions/create', 'refunds/create']);
    for (const resource of result.resources) expect(topicModel(resource.topic)!.validate(resource.payload).ok).toBe(true);

    expect(result.resources[0]!.payload).toMatchObject({
      id: '820982911946154508',
      created_at: '2025-04-02T11:38:15-04:00',
      financial_status: 'partially_refunded',
      fulfillment_status: 'partial',
      tags: 'vip, wholesale',
      total_line_items_price: '398.0',
      discount_codes: [{ code: 'SPRING10' }],
      customer: { id: '115310627314723954', state: 'enabled', default_address: { country_code: 'CA' } },
    });
    expect(result.resources[1]!.payload).toMatchObject({
      id: '389404469',
      order_id: '820982911946154508',
      kind: 'sale',
      status: 'success',
      amount: '369.94',
      currency: 'USD',
    });
    expect(result.resources[2]!.payload).toMatchObject({
      order_id: '820982911946154508',
      refund_line_items: [{ line_item_id: '866550311766439020', restock_type: 'return' }],
      transactions: [{ kind: 'refund', amount: '199.0', currency: 'USD' }],
    });
  });

  it('carries the discount applications in order of index, and each line’s and shipping line’s allocations', () => {
    const result = bulkRecordToRest('orders', order, children, 'UTC');
    if (!result.ok) throw new Error(result.reason);
    const rest = result.resources[0]!.payload as Record<string, unknown>;

    expect(rest.discount_applications).toEqual([
      {
        type: 'discount_code',
        code: 'SPRING10',
        title: null,
        description: null,
        value: '10',
        value_type: 'percentage',
        allocation_method: 'each',
        target_selection: 'all',
        target_type: 'line_item',
      },
      {
        type: 'automatic',
        code: null,
        title: 'Free shipping',
        description: null,
        value: '100',
        value_type: 'percentage',
        allocation_method: 'each',
        target_selection: 'all',
        target_type: 'shipping_line',
      },
    ]);
    expect((rest.line_items as { discount_allocations: unknown }[]).map((line) => line.discount_allocations)).toEqual([
      [{ amount: '19.9', discount_application_index: 0 }],
      [{ amount: '19.9', discount_application_index: 0 }],
    ]);
    expect(rest.shipping_lines).toEqual([
      {
        id: '271878346596884015',
        title: 'Standard',
        code: 'Standard',
        source: 'shopify',
        price: '10.0',
        discount_allocations: [{ amount: '10.0', discount_application_index: 1 }],
      },
    ]);
  });

  it('rejects an order whose discount applications skip an index', () => {
    const gap = children.map((child) => ((child as { index?: number }).index === 1 ? { ...(child as object), index: 2 } : child));
    expect(bulkRecordToRest('orders', order, gap, 'UTC')).toMatchObject({
      ok: false,
      path: 'discountApplications',
      reason: 'discountApplications: index 1 is missing (found 2)',
    });
  });

  it('rejects a record whose amount is not a decimal, naming the field, rather than failing its page', () => {
    const broken = [...children, lineItem('5', '12,50', 2, '0.1')];
    expect(bulkRecordToRest('orders', order, broken, 'UTC')).toMatchObject({ ok: false, path: 'lineItems.2.originalUnitPriceSet.shopMoney.amount' });
  });

  it('rejects a record whose child breaks the schema, naming the field', () => {
    const broken = [...children, { ...lineItem('5', '1.0', 1, '0.1'), quantity: 'many' }];
    const result = bulkRecordToRest('orders', order, broken, 'UTC');
    expect(result).toMatchObject({ ok: false, path: 'lineItems.2.quantity' });
  });

  it('turns a fulfillment order into the fulfillment order resource and the fulfillments it shipped', () => {
    const fulfillmentOrder = {
      id: 'gid://shopify/FulfillmentOrder/1046000778',
      orderId: order.id,
      status: 'IN_PROGRESS',
      createdAt: '2025-04-02T15:38:15Z',
      updatedAt: '2025-04-02T19:00:00Z',
      assignedLocation: { location: { id: 'gid://shopify/Location/905684977' } },
    };
    const fulfillmentChildren: JsonValue[] = [
      {
        id: 'gid://shopify/FulfillmentOrderLineItem/1058737482',
        __parentId: fulfillmentOrder.id,
        totalQuantity: 2,
        remainingQuantity: 0,
        lineItem: { id: 'gid://shopify/LineItem/141249953214522974' },
      },
      {
        id: 'gid://shopify/FulfillmentOrderLineItem/1058737483',
        __parentId: fulfillmentOrder.id,
        totalQuantity: 1,
        remainingQuantity: 1,
        lineItem: { id: 'gid://shopify/LineItem/866550311766439020' },
      },
      {
        id: 'gid://shopify/Fulfillment/255858046',
        __parentId: fulfillmentOrder.id,
        name: '#1001.1',
        status: 'SUCCESS',
        displayStatus: 'IN_TRANSIT',
        createdAt: '2025-04-02T18:00:00Z',
        updatedAt: '2025-04-02T19:00:00Z',
        location: { id: 'gid://shopify/Location/905684977' },
        service: { handle: 'manual' },
        trackingInfo: [{ company: 'UPS', number: '1Z2345' }],
      },
      {
        id: 'gid://shopify/FulfillmentLineItem/3',
        __parentId: 'gid://shopify/Fulfillment/255858046',
        quantity: 2,
        lineItem: { id: 'gid://shopify/LineItem/141249953214522974' },
      },
    ];

    const result = bulkRecordToRest('fulfillmentOrders', fulfillmentOrder, fulfillmentChildren, 'America/New_York');
    if (!result.ok) throw new Error(result.reason);

    expect(result.resources.map((r) => r.topic)).toEqual(['fulfillment_order', 'fulfillments/update']);
    for (const resource of result.resources) expect(resourceModel(resource.topic)!.validate(resource.payload).ok).toBe(true);
    expect(result.resources[0]!.payload).toEqual({
      id: '1046000778',
      order_id: '820982911946154508',
      assigned_location_id: '905684977',
      status: 'in_progress',
      created_at: '2025-04-02T11:38:15-04:00',
      updated_at: '2025-04-02T15:00:00-04:00',
      line_items: [
        { id: '1058737482', line_item_id: '141249953214522974', quantity: 2, fulfillable_quantity: 0 },
        { id: '1058737483', line_item_id: '866550311766439020', quantity: 1, fulfillable_quantity: 1 },
      ],
    });
    expect(result.resources[1]!.payload).toMatchObject({
      id: '255858046',
      order_id: '820982911946154508',
      shipment_status: 'in_transit',
      tracking_number: '1Z2345',
      line_items: [{ id: '141249953214522974', quantity: 2 }],
    });
  });

  it('orders variants by position and takes options, images and metafields from their lines', () => {
    const product = {
      id: 'gid://shopify/Product/632910392',
      title: 'IPod Nano - 8GB',
      handle: 'ipod-nano',
      vendor: 'Apple',
      productType: 'Cult Products',
      status: 'ACTIVE',
      tags: ['Emotive'],
      publishedAt: null,
      createdAt: '2025-01-01T00:00:00Z',
      updatedAt: '2025-02-01T00:00:00Z',
      featuredMedia: { preview: { image: { url: 'https://cdn.shopify.com/ipod.png' } } },
    };
    const variant = (id: string, position: number, color: string) => ({
      id: `gid://shopify/ProductVariant/${id}`,
      __parentId: product.id,
      title: color,
      sku: `IPOD-${color}`,
      price: '199.00',
      position,
      selectedOptions: [{ name: 'Color', value: color }],
      inventoryItem: { id: `gid://shopify/InventoryItem/${id}1` },
    });
    const result = bulkRecordToRest(
      'products',
      product,
      [
        variant('2', 2, 'Pink'),
        { id: 'gid://shopify/Metafield/9', __parentId: product.id, namespace: 'specs', key: 'storage', type: 'single_line_text_field', value: '8GB' },
        variant('1', 1, 'Black'),
        {
          id: 'gid://shopify/MediaImage/7',
          __parentId: product.id,
          mediaContentType: 'IMAGE',
          preview: { image: { url: 'https://cdn.shopify.com/ipod.png' } },
        },
      ],
      'UTC',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resources[0]!.payload).toMatchObject({
      status: 'active',
      variants: [
        { id: '1', option1: 'Black', inventory_item_id: '11' },
        { id: '2', option1: 'Pink' },
      ],
      images: [{ id: '7' }],
      image: { src: 'https://cdn.shopify.com/ipod.png' },
    });
    expect(result.metafields).toMatchObject([{ namespace: 'specs', key: 'storage', value: '8GB', productId: '632910392' }]);
  });

  it('turns a location into locations/update, and each inventory level under it into an inventory_levels/update', () => {
    const location = {
      id: 'gid://shopify/Location/905684977',
      name: 'Warehouse',
      isActive: true,
      createdAt: '2024-01-02T09:00:00Z',
      updatedAt: '2025-02-01T09:00:00Z',
      address: { address1: '34 Example Street', address2: null, city: 'Lyon', zip: '69002', province: null, provinceCode: null, countryCode: 'FR' },
    };
    const level = {
      id: 'gid://shopify/InventoryLevel/1?inventory_item_id=808950810',
      __parentId: location.id,
      updatedAt: '2025-03-01T10:00:00Z',
      item: { id: 'gid://shopify/InventoryItem/808950810' },
      quantities: [{ name: 'available', quantity: 42 }],
    };
    const result = bulkRecordToRest('locations', location, [level], 'Europe/Paris');
    expect(result).toMatchObject({
      ok: true,
      resources: [
        {
          topic: 'locations/update',
          payload: {
            id: '905684977',
            name: 'Warehouse',
            address1: '34 Example Street',
            city: 'Lyon',
            zip: '69002',
            country_code: 'FR',
            active: true,
            updated_at: '2025-02-01T10:00:00+01:00',
          },
        },
        {
          topic: 'inventory_levels/update',
          payload: { inventory_item_id: '808950810', location_id: '905684977', available: 42, updated_at: '2025-03-01T11:00:00+01:00' },
        },
      ],
    });
  });

  /** The warehouse rows a converted resource gives through its topic's model, as a webhook's would. */
  const rowsOf = (resource: { topic: string; payload: JsonValue }) => {
    const validated = topicModel(resource.topic)!.validate(resource.payload);
    if (!validated.ok) throw new Error(validated.reason);
    return validated.toRows(
      { shopDomain: 'shop.myshopify.com', rawKey: 'resyncs/x', eventAt: '2025-06-01T00:00:00Z' },
      piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: 'a-key-for-tests-only-0123456789' }),
    );
  };

  const draftOrder = {
    id: 'gid://shopify/DraftOrder/890612572568261625',
    name: '#D7',
    status: 'COMPLETED',
    email: 'jon@example.com',
    createdAt: '2025-03-30T14:00:00Z',
    updatedAt: '2025-04-02T15:38:16Z',
    completedAt: '2025-04-02T15:38:15Z',
    invoiceSentAt: '2025-03-31T09:00:00Z',
    currencyCode: 'USD',
    subtotalPriceSet: usd('378.0'),
    totalTaxSet: usd('30.24'),
    totalPriceSet: usd('408.24'),
    appliedDiscount: { title: 'Loyal', valueType: 'FIXED_AMOUNT', amountSet: usd('10.0') },
    customer: { id: 'gid://shopify/Customer/115310627314723954', email: 'jon@example.com' },
    order: { id: 'gid://shopify/Order/820982911946154508' },
  };
  const draftLine = (id: string, quantity: number, discount: string | null) => ({
    id: `gid://shopify/DraftOrderLineItem/${id}`,
    __parentId: draftOrder.id,
    sku: 'IPOD2008RED',
    title: 'IPod Nano - 8GB',
    variantTitle: 'Red',
    vendor: 'Apple',
    quantity,
    custom: false,
    originalUnitPriceSet: usd('199.0'),
    appliedDiscount: discount === null ? null : { title: 'Bundle', valueType: 'PERCENTAGE', amountSet: usd(discount) },
    product: { id: 'gid://shopify/Product/632910392' },
    variant: { id: 'gid://shopify/ProductVariant/49148385' },
  });

  it('turns a draft order and its lines into draft_orders/update, in the shop’s money, with the order it became', () => {
    const result = bulkRecordToRest('draftOrders', draftOrder, [draftLine('4572525', 1, '10.0'), draftLine('986245', 1, null)], 'America/New_York');
    if (!result.ok) throw new Error(result.reason);

    expect(result.resources.map((r) => r.topic)).toEqual(['draft_orders/update']);
    expect(result.resources[0]!.payload).toMatchObject({
      id: '890612572568261625',
      status: 'completed',
      order_id: '820982911946154508',
      customer: { id: '115310627314723954' },
      applied_discount: { amount: '10.0', value_type: 'fixed_amount' },
      completed_at: '2025-04-02T11:38:15-04:00',
      invoice_sent_at: '2025-03-31T05:00:00-04:00',
      line_items: [
        { id: '4572525', product_id: '632910392', variant_id: '49148385', price: '199.0', applied_discount: { amount: '10.0', value_type: 'percentage' } },
        { id: '986245', applied_discount: null },
      ],
    });
    const rows = rowsOf(result.resources[0]!);
    expect(rows.draftOrders).toMatchObject([
      { draftOrderId: '890612572568261625', totalDiscounts: '20.0', totalPrice: '408.24', orderId: '820982911946154508', createdDateKey: 20250330 },
    ]);
    expect(rows.draftOrderLines.map((line) => [line.lineItemId, line.totalDiscount, line.draftOrderUpdatedAt])).toEqual([
      ['4572525', '10.0', '2025-04-02T11:38:16-04:00'],
      ['986245', '0', '2025-04-02T11:38:16-04:00'],
    ]);
  });

  it('rejects a draft order whose line has no price, naming the field', () => {
    const { originalUnitPriceSet: _, ...unpriced } = draftLine('4572525', 1, null);
    expect(bulkRecordToRest('draftOrders', draftOrder, [unpriced], 'UTC')).toMatchObject({ ok: false, path: 'lineItems.0.originalUnitPriceSet' });
  });

  const abandonedCheckout = {
    id: 'gid://shopify/AbandonedCheckout/981820079255243537',
    name: '#981820079255243537',
    createdAt: '2025-04-02T15:30:00Z',
    updatedAt: '2025-04-02T16:10:00Z',
    completedAt: null,
    discountCodes: ['SPRING10'],
    customer: { id: 'gid://shopify/Customer/603851970716743426', email: 'john@example.com' },
    subtotalPriceSet: { presentmentMoney: { amount: '366.16', currencyCode: 'EUR' } },
    totalLineItemsPriceSet: { presentmentMoney: { amount: '366.16', currencyCode: 'EUR' } },
    totalDiscountSet: { presentmentMoney: { amount: '36.62', currencyCode: 'EUR' } },
    totalTaxSet: { presentmentMoney: { amount: '26.36', currencyCode: 'EUR' } },
    totalPriceSet: { shopMoney: { amount: '387.84', currencyCode: 'USD' }, presentmentMoney: { amount: '355.9', currencyCode: 'EUR' } },
  };
  const checkoutLine = (id: string, quantity: number) => ({ id: `gid://shopify/AbandonedCheckoutLineItem/${id}`, __parentId: abandonedCheckout.id, quantity });

  it('turns an abandoned checkout into checkouts/update under its gid’s number, in the presentment currency, counting its lines and units', () => {
    const result = bulkRecordToRest('abandonedCheckouts', abandonedCheckout, [checkoutLine('1', 2), checkoutLine('2', 1)], 'America/New_York');
    if (!result.ok) throw new Error(result.reason);

    expect(result.resources.map((r) => r.topic)).toEqual(['checkouts/update']);
    expect(rowsOf(result.resources[0]!).checkouts).toEqual([
      expect.objectContaining({
        checkoutId: '981820079255243537',
        name: '#981820079255243537',
        customerId: '603851970716743426',
        emailHash: piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: 'a-key-for-tests-only-0123456789' })
          .forShop('shop.myshopify.com')
          .emailHash('john@example.com'),
        currency: 'USD',
        presentmentCurrency: 'EUR',
        subtotalPrice: '366.16',
        totalDiscounts: '36.62',
        totalTax: '26.36',
        totalPrice: '355.9',
        discountCodes: 'SPRING10',
        lineCount: 2,
        quantity: 3,
        createdAt: '2025-04-02T11:30:00-04:00',
        completedAt: null,
      }),
    ]);
  });

  it('turns an order of the returns export into each of its returns, with every line and the times only the Admin API has', () => {
    const orderRef = { id: 'gid://shopify/Order/4783296544821' };
    const requested = {
      id: 'gid://shopify/Return/945000954',
      __parentId: orderRef.id,
      name: '#1001-R1',
      status: 'CLOSED',
      createdAt: '2025-04-05T14:00:00Z',
      requestApprovedAt: '2025-04-06T09:30:00Z',
      closedAt: '2025-04-09T16:00:00Z',
      totalQuantity: 3,
      decline: null,
    };
    const declined = {
      ...requested,
      id: 'gid://shopify/Return/945000955',
      name: '#1001-R2',
      status: 'DECLINED',
      requestApprovedAt: null,
      closedAt: null,
      totalQuantity: 1,
      decline: { reason: 'RETURN_PERIOD_ENDED' },
    };
    const returnChildren: JsonValue[] = [
      requested,
      declined,
      {
        id: 'gid://shopify/ReturnLineItem/677614678',
        __parentId: requested.id,
        quantity: 2,
        returnReason: 'SIZE_TOO_SMALL',
        fulfillmentLineItem: { lineItem: { id: 'gid://shopify/LineItem/12695210000533' } },
      },
      { id: 'gid://shopify/UnverifiedReturnLineItem/677614679', __parentId: requested.id, quantity: 1, returnReason: 'UNWANTED' },
      {
        id: 'gid://shopify/ReturnLineItem/677614680',
        __parentId: declined.id,
        quantity: 1,
        returnReason: 'DEFECTIVE',
        fulfillmentLineItem: { lineItem: { id: 'gid://shopify/LineItem/12695210000534' } },
      },
    ];

    const result = bulkRecordToRest('returns', orderRef, returnChildren, 'America/New_York');
    if (!result.ok) throw new Error(result.reason);

    expect(result.resources.map((r) => r.topic)).toEqual(['return', 'return']);
    for (const resource of result.resources) expect(resourceModel(resource.topic)!.validate(resource.payload).ok).toBe(true);
    expect(result.resources[0]!.payload).toEqual({
      id: '945000954',
      admin_graphql_api_id: requested.id,
      status: 'closed',
      order: { id: '4783296544821', admin_graphql_api_id: orderRef.id },
      name: '#1001-R1',
      total_return_line_items: 2,
      return_line_items: [
        {
          id: '677614678',
          admin_graphql_api_id: 'gid://shopify/ReturnLineItem/677614678',
          fulfillment_line_item: { line_item: { id: '12695210000533' } },
          quantity: 2,
          return_reason: 'size_too_small',
        },
        {
          id: '677614679',
          admin_graphql_api_id: 'gid://shopify/UnverifiedReturnLineItem/677614679',
          fulfillment_line_item: null,
          quantity: 1,
          return_reason: 'unwanted',
        },
      ],
      total_quantity: 3,
      created_at: '2025-04-05T10:00:00-04:00',
      request_approved_at: '2025-04-06T05:30:00-04:00',
      closed_at: '2025-04-09T12:00:00-04:00',
      decline: null,
    });
    expect(result.resources[1]!.payload).toMatchObject({
      id: '945000955',
      status: 'declined',
      decline: { reason: 'return_period_ended' },
      total_return_line_items: 1,
    });
  });

  it('turns an order without returns into nothing', () => {
    expect(bulkRecordToRest('returns', { id: 'gid://shopify/Order/4783296544821' }, [], 'UTC')).toEqual({ ok: true, resources: [], metafields: [] });
  });

  const codeDiscount = {
    id: 'gid://shopify/DiscountCodeNode/1057371242',
    discount: {
      __typename: 'DiscountCodeBasic',
      title: 'WELCOME10',
      status: 'ACTIVE',
      summary: '10% off entire order',
      startsAt: '2025-01-01T05:00:00Z',
      endsAt: null,
      createdAt: '2024-12-20T15:00:00Z',
      updatedAt: '2025-03-01T15:00:00Z',
      asyncUsageCount: 41,
      codesCount: { count: 2, precision: 'EXACT' },
    },
  };
  const code = (id: string, text: string, used: number) => ({
    id: `gid://shopify/DiscountRedeemCode/${id}`,
    __parentId: codeDiscount.id,
    code: text,
    asyncUsageCount: used,
  });

  it('turns a code discount and its redeem codes into the discount resource', () => {
    const result = bulkRecordToRest('discounts', codeDiscount, [code('22140', 'WELCOME10', 40), code('22141', 'WELCOME-10', 1)], 'America/New_York');
    if (!result.ok) throw new Error(result.reason);

    expect(result.resources.map((r) => r.topic)).toEqual(['discount']);
    expect(resourceModel('discount')!.validate(result.resources[0]!.payload).ok).toBe(true);
    expect(result.resources[0]!.payload).toEqual({
      admin_graphql_api_id: codeDiscount.id,
      title: 'WELCOME10',
      status: 'ACTIVE',
      created_at: '2024-12-20T10:00:00-05:00',
      updated_at: '2025-03-01T10:00:00-05:00',
      type: 'DiscountCodeBasic',
      summary: '10% off entire order',
      starts_at: '2025-01-01T00:00:00-05:00',
      ends_at: null,
      usage_count: 41,
      codes_count: 2,
      codes: [
        { id: '22140', code: 'WELCOME10', usage_count: 40 },
        { id: '22141', code: 'WELCOME-10', usage_count: 1 },
      ],
    });
  });

  it('rejects a code discount whose codes were not all read, rather than loading it short', () => {
    expect(bulkRecordToRest('discounts', codeDiscount, [code('22140', 'WELCOME10', 40)], 'UTC')).toEqual({
      ok: false,
      path: 'codes',
      reason: "codes: 1 of the discount's 2 codes were read",
    });
  });

  it('turns an automatic discount into the discount resource, without codes', () => {
    const automatic = {
      id: 'gid://shopify/DiscountAutomaticNode/198286294',
      discount: {
        __typename: 'DiscountAutomaticBasic',
        title: 'Spend $150, save 5%',
        status: 'ACTIVE',
        summary: '5% off entire order',
        startsAt: '2025-01-01T00:00:00Z',
        endsAt: null,
        createdAt: '2025-01-01T00:00:00Z',
        updatedAt: '2025-01-01T00:00:00Z',
        asyncUsageCount: 7,
      },
    };

    const result = bulkRecordToRest('discounts', automatic, [], 'UTC');

    expect(result).toMatchObject({
      ok: true,
      resources: [{ topic: 'discount', payload: { admin_graphql_api_id: automatic.id, type: 'DiscountAutomaticBasic', codes_count: null, codes: [] } }],
    });
  });

  it('reads the shop query as the Shop resource, in its own time zone', () => {
    const rest = shopToRest({
      id: 'gid://shopify/Shop/548380009',
      name: 'John Smith Test Store',
      email: 'j.smith@example.com',
      currencyCode: 'USD',
      ianaTimezone: 'Asia/Kolkata',
      plan: { displayName: 'Shopify Plus' },
      billingAddress: { countryCodeV2: 'US' },
      updatedAt: '2025-06-01T00:00:00Z',
    });
    expect(rest.payload).toMatchObject({ id: '548380009', plan_display_name: 'Shopify Plus', updated_at: '2025-06-01T05:30:00+05:30' });
    expect(topicModel('shop/update')!.validate(rest.payload).ok).toBe(true);
  });
});
