/** What it takes for a shop's API-made webhook subscriptions to be exactly Wharf's. */
import { describe, expect, it } from 'vitest';
import { planSubscriptions } from '../../src/connect/subscription-plan';
import type { Subscription } from '../../src/shopify/webhook-subscriptions';

const ENDPOINT = 'https://wharf.example.com/webhooks/shopify';
let next = 1;
const subscription = (topic: string, changes: Partial<Subscription> = {}): Subscription => ({
  id: `gid://shopify/WebhookSubscription/${next++}`,
  topic,
  uri: ENDPOINT,
  format: 'JSON',
  includeFields: [],
  filter: null,
  ...changes,
});

describe('planning the subscriptions of a shop', () => {
  it('creates every topic on a shop with none', () => {
    expect(planSubscriptions(['orders/create', 'products/update'], ENDPOINT, [])).toMatchObject({
      create: ['ORDERS_CREATE', 'PRODUCTS_UPDATE'],
      update: [],
      remove: [],
    });
  });

  it('keeps a subscription that delivers whole JSON payloads', () => {
    expect(planSubscriptions(['orders/create'], ENDPOINT, [subscription('ORDERS_CREATE', { filter: '' })])).toMatchObject({
      create: [],
      kept: ['ORDERS_CREATE'],
    });
  });

  it('updates one that filters its payloads to fewer fields', () => {
    const filtered = subscription('ORDERS_CREATE', { includeFields: ['id', 'name'] });

    expect(planSubscriptions(['orders/create'], ENDPOINT, [filtered])).toMatchObject({ update: [{ id: filtered.id, topic: 'ORDERS_CREATE' }], create: [] });
  });

  it('removes a second subscription of one topic, and those of topics Wharf does not take', () => {
    const first = subscription('ORDERS_CREATE');
    const second = subscription('ORDERS_CREATE');
    const stray = subscription('THEMES_PUBLISH');

    expect(planSubscriptions(['orders/create'], ENDPOINT, [first, second, stray]).remove).toEqual([
      { id: second.id, topic: 'ORDERS_CREATE' },
      { id: stray.id, topic: 'THEMES_PUBLISH' },
    ]);
  });

  it("leaves alone subscriptions to other addresses, and still subscribes Wharf's", () => {
    const elsewhere = subscription('ORDERS_CREATE', { uri: 'https://other.example.com/hooks' });

    expect(planSubscriptions(['orders/create'], ENDPOINT, [elsewhere])).toMatchObject({ create: ['ORDERS_CREATE'], remove: [], others: 1 });
  });
});
