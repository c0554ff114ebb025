import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sample } from '../helpers/samples';
import { type Delivery, loadAsOneBatch, loadInOrder, tableOf } from '../helpers/topics';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const version = (updatedAt: string, edits: Record<string, string> = {}): Delivery => ({
  topic: 'customers/update',
  body: sample('customers-create', { '"updated_at": "2024-11-18T09:02:41-05:00"': `"updated_at": "${updatedAt}"`, ...edits }),
});

const history = async (shop: string) =>
  (await tableOf('dim_customer', shop, 'valid_from')).map((r) => ({
    city: r.city,
    tags: r.tags,
    state: r.state,
    validFrom: Date.parse(r.valid_from!),
    validTo: r.valid_to && Date.parse(r.valid_to),
    current: r.is_current,
  }));

const t = Date.parse;
const movedToToronto = { '"city": "Ottawa"': '"city": "Toronto"' };

describe('customer topics', () => {
  it('customers/create opens the first version of the customer, without PII', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [{ topic: 'customers/create', body: sample('customers-create') }]);

    expect(await tableOf('dim_customer', shop, 'valid_from')).toMatchObject([
      { customer_id: '115310627314723954', is_current: 'true', valid_to: null, email: null, city: 'Ottawa', country: 'Canada' },
    ]);
    expect((await tableOf('dim_customer', shop, 'valid_from'))[0]?.email_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a customer’s email alike in the customer and their orders, and differently in another shop', async () => {
    const [shop, other] = [uniqueShop(), uniqueShop()];
    const deliveries = [
      { topic: 'customers/create', body: sample('customers-create') },
      { topic: 'orders/create', body: sample('orders-create') },
    ];
    await loadInOrder(shop, deliveries);
    await loadInOrder(other, deliveries);

    const hashes = async (domain: string) => ({
      customer: (await tableOf('dim_customer', domain, 'valid_from'))[0]?.email_hash,
      order: (await tableOf('fact_order', domain, 'order_id'))[0]?.email_hash,
    });
    const [here, there] = [await hashes(shop), await hashes(other)];
    expect(here.customer).toMatch(/^[0-9a-f]{64}$/);
    expect(here.order).toBe(here.customer);
    expect(there.customer).not.toBe(here.customer);
  });

  it('keeps SCD type 2 history: each change to a tracked attribute closes a row and opens one', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'customers/create', body: sample('customers-create') },
      version('2025-01-10T12:00:00-05:00', movedToToronto),
      version('2025-02-20T12:00:00-05:00', { ...movedToToronto, '"tags": "newsletter"': '"tags": "newsletter, vip"' }),
    ]);

    expect(await history(shop)).toEqual([
      {
        city: 'Ottawa',
        tags: 'newsletter',
        state: 'enabled',
        validFrom: t('2024-11-18T09:02:41-05:00'),
        validTo: t('2025-01-10T12:00:00-05:00'),
        current: 'false',
      },
      {
        city: 'Toronto',
        tags: 'newsletter',
        state: 'enabled',
        validFrom: t('2025-01-10T12:00:00-05:00'),
        validTo: t('2025-02-20T12:00:00-05:00'),
        current: 'false',
      },
      { city: 'Toronto', tags: 'newsletter, vip', state: 'enabled', validFrom: t('2025-02-20T12:00:00-05:00'), validTo: null, current: 'true' },
    ]);
  });

  it('an update that changes no tracked attribute opens no new row', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'customers/create', body: sample('customers-create') },
      version('2025-01-10T12:00:00-05:00', { '"Prefers email contact"': '"Call after 5pm"' }),
    ]);

    expect(await history(shop)).toHaveLength(1);
    expect((await tableOf('dim_customer', shop, 'valid_from'))[0]?.updated_at).toMatch(/^2025-01-10/);
  });

  it('builds the same history whatever order the versions arrive in', async () => {
    const inOrder = uniqueShop();
    const shuffled = uniqueShop();
    const versions = [
      { topic: 'customers/create', body: sample('customers-create') },
      version('2025-01-10T12:00:00-05:00', movedToToronto),
      version('2025-02-20T12:00:00-05:00'),
    ];
    await loadInOrder(inOrder, versions);
    await loadInOrder(shuffled, [versions[2]!, versions[0]!]);
    await loadAsOneBatch(shuffled, [versions[1]!, versions[1]!]);

    expect(await history(shuffled)).toEqual(await history(inOrder));
    expect((await history(inOrder)).map((r) => r.city)).toEqual(['Ottawa', 'Toronto', 'Ottawa']);
  });

  it('customers/disable and customers/enable change the state as a new version', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'customers/create', body: sample('customers-create') },
      { ...version('2025-03-01T00:00:00Z', { '"state": "enabled"': '"state": "disabled"' }), topic: 'customers/disable' },
    ]);

    expect((await history(shop)).map((r) => [r.state, r.current])).toEqual([
      ['enabled', 'false'],
      ['disabled', 'true'],
    ]);
  });

  it('customers/delete soft-deletes the customer, also when it arrives first', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'customers/delete', body: sample('customers-delete') },
      { topic: 'customers/create', body: sample('customers-create') },
    ]);

    expect((await tableOf('dim_customer', shop, 'valid_from'))[0]?.deleted_at).not.toBeNull();
  });

  it('a version delivered again under another topic keeps the lineage of the delivery that first brought it', async () => {
    const shop = uniqueShop();
    await loadInOrder(shop, [
      { topic: 'customers/create', body: sample('customers-create') },
      { topic: 'customers/update', body: sample('customers-create') },
    ]);

    const [first] = await query<{ raw_key: string }>(sql`select raw_key from raw_event where shop_domain = ${shop} and topic = 'customers/create'`);
    expect((await tableOf('customer_version', shop, 'updated_at')).map((row) => row.raw_key)).toEqual([first!.raw_key]);
    expect((await tableOf('dim_customer', shop, 'valid_from')).map((row) => row.raw_key)).toEqual([first!.raw_key]);
  });
});
