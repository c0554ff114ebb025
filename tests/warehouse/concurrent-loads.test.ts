/**
 * Loads running at once against one Postgres, as Cloudflare Queues runs consumer batches in
 * production: batches that touch the same customers, products, inventory levels and shops in
 * opposite orders all commit (no deadlock surfaces) and leave exactly what one-by-one loading
 * would; a load does not wait on rows every batch of a shop restates; and a transaction Postgres
 * aborts for a deadlock all the same runs again, counted. Each load is the real loader in a
 * transaction of its own connection. Expected figures are worked out by hand beside each spec.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appendRows, type PayloadRows, rows } from '../../src/domain/rows';
import { transactionRetryingConflicts } from '../../src/warehouse/conflict-retries';
import type { Warehouse } from '../../src/warehouse/db';
import { loadWarehouseRows } from '../../src/warehouse/load-rows';
import { orderBody, productBody } from '../analytics/shop';
import { rowsOf } from '../helpers/delivery-rows';
import { documentedSample } from '../helpers/samples';
import { eventually, query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

type Delivery = { topic: string; body: string };

/** The deliveries' rows as one batch, in the order given (as a consumer batch concatenates them). */
const batchOf = (shop: string, deliveries: readonly Delivery[]): PayloadRows =>
  deliveries.reduce((all, delivery) => appendRows(all, rowsOf(shop, delivery)), rows({}));

const load = (db: Warehouse, batch: PayloadRows) => db.transaction((tx) => loadWarehouseRows(tx, batch));

// The documented sample's inventory item and location, replaced per level.
const SAMPLE_ITEM = '271878346596884015';
const SAMPLE_LOCATION = '24826418';
const LOCATION = '9001';

const levelUpdate = (item: string, available: number, updatedAt: string): Delivery => ({
  topic: 'inventory_levels/update',
  body: documentedSample('inventory_levels-update', {
    [SAMPLE_ITEM]: item,
    [SAMPLE_LOCATION]: LOCATION,
    '"available": 10': `"available": ${available}`,
    '2021-12-31T19:00:00-05:00': updatedAt,
  }),
});
const levelDisconnect = (item: string): Delivery => ({
  topic: 'inventory_levels/disconnect',
  body: documentedSample('inventory_levels-disconnect', { [SAMPLE_ITEM]: item, [SAMPLE_LOCATION]: LOCATION }),
});

const orderOf = (id: number, customerId: number, line: { variant: 'V1' | 'V2'; quantity: number; price: string }, total: string): Delivery => ({
  topic: 'orders/create',
  body: orderBody({
    id,
    processedAt: '2025-12-02T10:00:00+13:00',
    customer: { id: customerId, updatedAt: '2025-11-01T09:00:00+13:00' },
    channel: 'web',
    lines: [{ id: id * 10 + 1, ...line }],
    tax: '0.00',
    total,
  }),
});
const productUpdate = (key: 'V1' | 'V2', price: string): Delivery => ({ topic: 'products/update', body: productBody(key, price, key === 'V1' ? 8001 : 8002) });

/** How many of these backends wait for a lock. */
async function waiting(pids: readonly number[]): Promise<number> {
  const [row] = await query<{ waiting: number }>(sql`
    select count(*)::int as waiting from pg_stat_activity where pid = any(${`{${pids.join(',')}}`}::int[]) and cardinality(pg_blocking_pids(pid)) > 0`);
  return row!.waiting;
}

/** `load`, on a connection of its own whose backend's pid goes to `started` before the rows are loaded. */
const loadReporting = (batch: PayloadRows, started: (pid: number) => void) =>
  withDb((db) =>
    db.transaction(async (tx) => {
      started((await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]!.pid);
      await loadWarehouseRows(tx, batch);
    }),
  );

type Step = (tx: Warehouse) => Promise<unknown>;

/**
 * A transaction of its own that holds what `lock` locks until `release(then)`, which runs `then`
 * in it before it commits; `pid` is its backend's.
 */
async function holdLocks(lock: Step) {
  let release!: (then?: Step) => void;
  const released = new Promise<Step | undefined>((resolve) => (release = resolve));
  let started!: (pid: number) => void;
  const pid = new Promise<number>((resolve) => (started = resolve));
  const done = withDb((db) =>
    db.transaction(async (tx) => {
      const [backend] = (await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows;
      await lock(tx as unknown as Warehouse);
      started(backend!.pid);
      await (await released)?.(tx as unknown as Warehouse);
    }),
  );
  return { pid: await pid, release, done };
}

describe('loads running at once', () => {
  // Two batches of the same shop, each with both customers' orders, both products, both inventory
  // levels, in opposite orders. Batch A: #3101 customer 5201 (V1 2 × 50.00), #3102 customer 5202
  // (V2 1 × 20.00), V1 then V2 at 50.00 and 20.00, item 8001 → 5 then 8002 → 7 (at 10:00). Batch B:
  // #3104 customer 5202 (V2 1 × 20.00), #3103 customer 5201 (V1 1 × 50.00), V2 then V1, item 8002 → 3
  // then 8001 → 9 (at 11:00, newer). Whichever commits first: customer 5201 has 2 orders, 3 units,
  // 150.00; 5202 has 2 orders, 2 units, 40.00; the levels are B's, 9 and 3; 4 orders of 1 line each.
  it('commit every batch touching the same customers, products and levels in opposite orders, with the exact result', async () => {
    for (let round = 0; round < 3; round++) {
      const shop = uniqueShop();
      const a = batchOf(shop, [
        orderOf(3101, 5201, { variant: 'V1', quantity: 2, price: '50.00' }, '100.00'),
        orderOf(3102, 5202, { variant: 'V2', quantity: 1, price: '20.00' }, '20.00'),
        productUpdate('V1', '50.00'),
        productUpdate('V2', '20.00'),
        levelUpdate('8001', 5, '2025-12-02T10:00:00+13:00'),
        levelUpdate('8002', 7, '2025-12-02T10:00:00+13:00'),
      ]);
      const b = batchOf(shop, [
        orderOf(3104, 5202, { variant: 'V2', quantity: 1, price: '20.00' }, '20.00'),
        orderOf(3103, 5201, { variant: 'V1', quantity: 1, price: '50.00' }, '50.00'),
        productUpdate('V2', '20.00'),
        productUpdate('V1', '50.00'),
        levelUpdate('8002', 3, '2025-12-02T11:00:00+13:00'),
        levelUpdate('8001', 9, '2025-12-02T11:00:00+13:00'),
      ]);
      // The shop is met before: registering it is not what this is about.
      await withDb((db) => load(db, batchOf(shop, [levelUpdate('8003', 1, '2025-12-01T10:00:00+13:00')])));

      const outcomes = await Promise.allSettled([withDb((db) => load(db, a)), withDb((db) => load(db, b))]);

      expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed'))).toEqual(['committed', 'committed']);
      expect(
        await query(sql`
          select l.customer_id::text, l.orders, l.units::integer, l.net_revenue::text
          from fact_customer_lifetime l join dim_shop s using (shop_id) where s.domain = ${shop} order by l.customer_id`),
      ).toEqual([
        { customer_id: '5201', orders: 2, units: 3, net_revenue: '150.00' },
        { customer_id: '5202', orders: 2, units: 2, net_revenue: '40.00' },
      ]);
      expect(
        await query(sql`
          select l.inventory_item_id::text, l.available from fact_inventory_level l join dim_shop s using (shop_id)
          where s.domain = ${shop} order by l.inventory_item_id`),
      ).toEqual([
        { inventory_item_id: '8001', available: 9 },
        { inventory_item_id: '8002', available: 3 },
        { inventory_item_id: '8003', available: 1 },
      ]);
      expect(
        await query(sql`
          select (select count(*)::int from fact_order o where o.shop_id = s.shop_id) as orders,
            (select count(*)::int from fact_order_line l where l.shop_id = s.shop_id) as lines,
            (select count(*)::int from dim_variant v where v.shop_id = s.shop_id) as variants,
            (select count(*)::int from dim_customer c where c.shop_id = s.shop_id and c.is_current) as customers
          from dim_shop s where s.domain = ${shop}`),
      ).toEqual([{ orders: 4, lines: 4, variants: 2, customers: 2 }]);
    }
  });

  // Levels 8004, 8005 and 8006 stored; another transaction holds 8005. Batch A disconnects 8004,
  // 8005, 8006 in that order, batch B 8006, 8005, 8004: taken in the order given, A would hold 8004
  // and B 8006 while both wait for 8005, and once it is free each would wait for the other. Taken in
  // key order, both wait for 8005 holding nothing, then one after the other: all three disconnected.
  it('meet mid-batch on the same levels without deadlocking', async () => {
    const shop = uniqueShop();
    await withDb((db) =>
      load(
        db,
        batchOf(
          shop,
          ['8004', '8005', '8006'].map((item) => levelUpdate(item, 4, '2025-12-01T10:00:00+13:00')),
        ),
      ),
    );
    const held = await holdLocks((tx) =>
      tx.execute(sql`
        select 1 from fact_inventory_level l join dim_shop s using (shop_id)
        where s.domain = ${shop} and l.inventory_item_id = 8005 for update of l`),
    );
    const pids: number[] = [];
    const loads = Promise.allSettled([
      loadReporting(batchOf(shop, ['8004', '8005', '8006'].map(levelDisconnect)), (pid) => pids.push(pid)),
      loadReporting(batchOf(shop, ['8006', '8005', '8004'].map(levelDisconnect)), (pid) => pids.push(pid)),
    ]);
    // Both under way, each waiting: for 8005, or for the other that waits for it.
    await eventually(
      () => waiting(pids),
      (count) => pids.length === 2 && count === 2,
    );
    held.release();
    await held.done;
    const outcomes = await loads;

    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed'))).toEqual(['committed', 'committed']);
    expect(
      await query(sql`
        select l.inventory_item_id::text, l.disconnected_at is not null as disconnected from fact_inventory_level l join dim_shop s using (shop_id)
        where s.domain = ${shop} order by l.inventory_item_id`),
    ).toEqual([
      { inventory_item_id: '8004', disconnected: true },
      { inventory_item_id: '8005', disconnected: true },
      { inventory_item_id: '8006', disconnected: true },
    ]);
  });

  // Every order names its sales channel ('web'): a batch of other orders, of another customer, of
  // the same shop loads while the first batch's transaction is still open, without waiting for it.
  it("do not wait on the shop's sales channel, which every batch of orders restates", async () => {
    const shop = uniqueShop();
    await withDb((db) => load(db, batchOf(shop, [orderOf(3201, 5301, { variant: 'V1', quantity: 1, price: '50.00' }, '50.00')])));
    const open = await holdLocks((tx) => loadWarehouseRows(tx, batchOf(shop, [orderOf(3202, 5301, { variant: 'V1', quantity: 1, price: '50.00' }, '50.00')])));
    try {
      // Were it to wait for the open transaction, it would fail here instead of waiting for ever.
      const other = withDb((db) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '5s'`);
          await loadWarehouseRows(tx, batchOf(shop, [orderOf(3203, 5302, { variant: 'V2', quantity: 1, price: '20.00' }, '20.00')]));
        }),
      );
      await expect(other).resolves.toBeUndefined();
    } finally {
      open.release();
      await open.done;
    }
    expect(await query(sql`select count(*)::int as orders from fact_order o join dim_shop s using (shop_id) where s.domain = ${shop}`)).toEqual([
      { orders: 3 },
    ]);
  });
});

describe('a transaction aborted for a deadlock', () => {
  // The work locks level 8008, then 8007; another transaction holds 8007 and, once the work waits
  // for it, asks for 8008. Postgres aborts the work (it waited first, and the other transaction
  // checks for deadlocks only after 10 s); the work runs again once the other has committed.
  it('runs again, once, and the retry is counted', async () => {
    const shop = uniqueShop();
    const work = `spec ${crypto.randomUUID()}`;
    await withDb((db) =>
      load(
        db,
        batchOf(
          shop,
          ['8007', '8008'].map((item) => levelUpdate(item, 4, '2025-12-01T10:00:00+13:00')),
        ),
      ),
    );
    const level = (item: string) => sql`
      update fact_inventory_level l set available = available + 1 from dim_shop s
      where s.shop_id = l.shop_id and s.domain = ${shop} and l.inventory_item_id = ${item}::bigint`;
    let attempts = 0;
    const workPid: number[] = [];
    const other = await holdLocks(async (tx) => {
      await tx.execute(sql`set local deadlock_timeout = '10s'`);
      await tx.execute(level('8007'));
    });
    const retried = withDb((db) =>
      transactionRetryingConflicts(db, work, async (tx) => {
        attempts++;
        workPid.push((await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)).rows[0]!.pid);
        await tx.execute(level('8008'));
        await tx.execute(level('8007'));
      }),
    );
    await eventually(
      () => waiting(workPid),
      (count) => count === 1,
    );
    other.release((tx) => tx.execute(level('8008')));
    await other.done;
    await retried;

    expect(attempts).toBe(2);
    expect(await query(sql`select sqlstate, count from transaction_retry where work = ${work}`)).toEqual([{ sqlstate: '40P01', count: 1 }]);
  });
});
