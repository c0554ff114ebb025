import { describe, expect, it } from 'vitest';
import { orderRows } from '../../src/domain/orders';
import { piiPolicies } from '../../src/domain/pii';
import { topicModel } from '../../src/domain/topics';
import { parseJsonExact } from '../../src/lib/exact-json';
import { order } from '../../src/shopify/payloads/order';
import { ORDER_CREATE_BODY } from '../helpers/webhooks';

const source = {
  shopDomain: 'jsmith.myshopify.com',
  rawKey: 'webhooks/jsmith.myshopify.com/orders/create/2025-04-02/1.json',
  eventAt: '2025-04-02T16:38:16.123Z',
};
const pii = piiPolicies({ emailMode: 'hash', hashScope: 'shop', hashKey: 'a-key-for-tests-only-0123456789abcdef' }).forShop('wharf-demo.myshopify.com');

function sampleOrder() {
  const json = parseJsonExact(ORDER_CREATE_BODY);
  if (!json.ok) throw new Error(json.reason);
  return order.parse(json.value);
}

describe('orderRows', () => {
  it('maps the header facts, with shipping taken from the shop-currency money set', () => {
    const { orders } = orderRows(sampleOrder(), source, pii);
    expect(orders).toEqual([
      expect.objectContaining({
        shopDomain: 'jsmith.myshopify.com',
        orderId: '820982911946154508',
        name: '#1001',
        currency: 'USD',
        subtotalPrice: '438.97',
        totalDiscounts: '19.90',
        totalTax: '35.50',
        totalShipping: '0.00',
        totalPrice: '474.47',
        financialStatus: 'paid',
        sourceName: 'web',
        createdAt: '2025-04-02T11:38:15-05:00',
        rawKey: source.rawKey,
      }),
    ]);
  });

  it('maps every line with its order timestamps, and a custom line without product or sku', () => {
    const { orderLines } = orderRows(sampleOrder(), source, pii);
    expect(orderLines).toHaveLength(2);
    expect(orderLines[1]).toMatchObject({
      lineItemId: '141249953214522974',
      productId: null,
      variantId: null,
      sku: null,
      quantity: 1,
      price: '60.87',
      orderUpdatedAt: '2025-04-02T11:38:16-05:00',
    });
  });

  it('hashes emails case-insensitively so a customer hashes alike everywhere', () => {
    const { orders, customers } = orderRows(sampleOrder(), source, pii);
    expect(customers[0]?.emailHash).toBe(orders[0]?.emailHash);
    expect(customers[0]?.email).toBeNull();
  });

  it('maps an order whose customer data is withheld to rows without PII', () => {
    const withheld = { ...sampleOrder(), email: null, customer: null };
    const { orders, customers } = orderRows(withheld, source, pii);
    expect(orders[0]).toMatchObject({ emailHash: null, customerId: null });
    expect(customers).toEqual([]);
  });
});

describe('topic models', () => {
  it('models every order topic that carries the full order', () => {
    for (const topic of ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled', 'orders/fulfilled', 'orders/partially_fulfilled']) {
      expect(topicModel(topic), topic).toBeDefined();
    }
  });

  it('does not model a topic it has no transform for', () => {
    expect(topicModel('carts/update')).toBeUndefined();
    expect(topicModel('constructor')).toBeUndefined();
  });
});
