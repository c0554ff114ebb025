/**
 * Assembly in ranges: an entity's staged parents split by gid after staging, each range loaded by
 * whichever consumer claims it, any number at once, each line loaded and counted once.
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { warehouseConfig } from '../../src/config';
import { piiPolicies } from '../../src/domain/pii';
import { assembleRanges, partitionAssembly } from '../../src/resync/assemble';
import { stagingChunk } from '../../src/resync/staging';
import { AdminClient } from '../../src/shopify/admin-graphql';
import { bulkOperationStatus, startBulkQuery } from '../../src/shopify/bulk/operations';
import { BULK_ENTITIES, bulkQuery } from '../../src/shopify/bulk/queries';
import { claimRange } from '../../src/warehouse/resync-ranges';
import { insertStagedLines, stagedLineColumns } from '../../src/warehouse/resync-staging';
import { recordingQueue, runConsumer, sweep } from '../helpers/pipeline';
import { countOf, registeredShop, resyncRow, type SimulatedShop } from '../helpers/resync';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { eventually, query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const ORDER = (n: number) => `gid://shopify/Order/${n}`;

/** A loading full resync of the shop with `lines` staged as the orders export's, nothing assembled yet. */
async function loadingResync(domain: string, lines: { gid: string; parentGid: string | null; body: string }[]): Promise<string> {
  const id = `rsy_${crypto.randomUUID().replaceAll('-', '')}`;
  const jobId = `job_${crypto.randomUUID().replaceAll('-', '')}`;
  const rawKey = `resyncs/${domain}/${id}/orders-1.jsonl`;
  await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to, lines_total, lines_rejected, lines_duplicate)
    select ${id}, shop_id, 'full', 'loading', 'test', now(), ${lines.length}, 0, 0 from dim_shop where domain = ${domain}`);
  await query(sql`insert into upload_job (id, shop_id, source, topic, resync_id, raw_key, bytes, status)
    select ${jobId}, shop_id, 'shopify-bulk', 'orders', ${id}, ${rawKey}, 0, 'done' from dim_shop where domain = ${domain}`);
  await query(
    sql`insert into resync_operation (resync_id, entity, attempt, status, raw_key, job_id) values (${id}, 'orders', 1, 'COMPLETED', ${rawKey}, ${jobId})`,
  );
  await withDb((db) =>
    db.transaction((tx) => insertStagedLines(tx, id, 'orders', stagedLineColumns(lines.map((line, i) => ({ ...line, lineNo: i + 1, anchors: null }))))),
  );
  return id;
}

/** The orders export of a simulated shop, as Shopify's bulk operation writes it. */
async function ordersExport(shop: SimulatedShop): Promise<string> {
  const client = new AdminClient({ url: shop.adminApiUrl, accessToken: shop.accessToken });
  const started = await startBulkQuery(client, bulkQuery('orders'));
  if (!started.started) throw new Error(started.reason);
  const done = await eventually(
    () => bulkOperationStatus(client, started.id),
    (operation) => operation?.status === 'COMPLETED',
    30_000,
  );
  return (await fetch(done!.url!)).text();
}

/** A loading resync of the simulated shop with its orders export staged (plus `extra` lines), split into ranges of `rangeLines`. */
async function stagedOrders(shop: SimulatedShop, rangeLines: number, extra: { gid: string; parentGid: string; body: string }[] = []) {
  const staged = stagingChunk(await ordersExport(shop), 1).lines;
  const id = await loadingResync(shop.domain, []);
  await withDb((db) =>
    db.transaction(async (tx) => {
      await insertStagedLines(
        tx,
        id,
        'orders',
        stagedLineColumns([...staged, ...extra.map((line, i) => ({ ...line, lineNo: staged.length + i + 1, anchors: null }))]),
      );
      await tx.execute(sql`update resync set lines_total = ${staged.length + extra.length} where id = ${id}`);
      await partitionAssembly(tx, id, rangeLines);
    }),
  );
  return { id, lines: staged.length + extra.length };
}

const rangesOf = (resyncId: string) =>
  query<{ range_no: number; after_gid: string | null; through_gid: string | null; done: boolean; lines: number }>(sql`
    select range_no, after_gid, through_gid, done_at is not null as done, (lines_loaded + lines_rejected)::int as lines
    from resync_range where resync_id = ${resyncId} and entity = 'orders' order by range_no`);

const assemble = (resyncId: string, range?: number) => ({ kind: 'resync-assemble', resyncId, entity: 'orders', ...(range ? { range } : {}) });

/** Each order's row version: a row written again, even with the same values, has a new one. */
const orderVersions = (domain: string) =>
  query<{ order_id: string; xmin: string }>(sql`
    select o.order_id::text, o.xmin::text from fact_order o join dim_shop s using (shop_id) where s.domain = ${domain} order by o.order_id`);

describe('resync assembly ranges', () => {
  it('splits an entity’s parents into ranges of about equal parents, as many as its staged lines need', async () => {
    const domain = uniqueShop();
    await loadInOrder(domain, [{ topic: 'shop/update', body: sample('shop-update') }]);
    // Seven orders and six children: 13 lines.
    const children: [number, number][] = [
      [101, 2],
      [103, 1],
      [106, 3],
    ];
    const lines: { gid: string; parentGid: string | null; body: string }[] = [101, 102, 103, 104, 105, 106, 107].map((n) => ({
      gid: ORDER(n),
      parentGid: null,
      body: '{}',
    }));
    for (const [order, count] of children) {
      for (let i = 0; i < count; i++) lines.push({ gid: `gid://shopify/LineItem/${order}${i}`, parentGid: ORDER(order), body: '{}' });
    }
    const id = await loadingResync(domain, lines);

    await withDb((db) => db.transaction((tx) => partitionAssembly(tx, id, 5)));
    await withDb((db) => db.transaction((tx) => partitionAssembly(tx, id, 5)));

    // 13 lines at 5 a range: 3 ranges; 7 orders in 3 ranges: 3 a range, the last open.
    expect(await rangesOf(id)).toEqual([
      { range_no: 1, after_gid: null, through_gid: ORDER(103), done: false, lines: 0 },
      { range_no: 2, after_gid: ORDER(103), through_gid: ORDER(106), done: false, lines: 0 },
      { range_no: 3, after_gid: ORDER(106), through_gid: null, done: false, lines: 0 },
    ]);
    // Every other entity, with nothing staged, has one open range.
    const others = await query<{ entity: string; after_gid: string | null; through_gid: string | null }>(sql`
      select entity, after_gid, through_gid from resync_range where resync_id = ${id} and entity <> 'orders' order by entity`);
    expect(others).toEqual(
      BULK_ENTITIES.filter((entity) => entity !== 'orders')
        .sort()
        .map((entity) => ({ entity, after_gid: null, through_gid: null })),
    );
  });

  it('loads every line once and reconciles exactly when two consumers work the same resync at once', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-ranges-two.myshopify.com', { orders: 120 });
    const orphan = { gid: 'gid://shopify/LineItem/9000001', parentGid: ORDER(9_000_000), body: '{"id":"gid://shopify/LineItem/9000001"}' };
    const { id, lines } = await stagedOrders(shop, 60, [orphan]);
    const ranges = await rangesOf(id);
    expect(ranges.length).toBeGreaterThan(4);
    const followUps = recordingQueue();

    // Each starts on a range of its own, then takes whatever range no one holds.
    await Promise.all([
      runConsumer('wharf-resyncs', [assemble(id, 1)], { RESYNC_QUEUE: followUps.queue }),
      runConsumer('wharf-resyncs', [assemble(id, 2)], { RESYNC_QUEUE: followUps.queue }),
    ]);

    expect(followUps.sent).toEqual([]);
    expect(await resyncRow(id)).toMatchObject({ status: 'reconciled', error: null, lines_total: lines, lines_loaded: lines - 1, lines_rejected: 1 });
    expect((await rangesOf(id)).every((range) => range.done)).toBe(true);
    expect((await rangesOf(id)).reduce((sum, range) => sum + range.lines, 0)).toBe(lines - 1);
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders);
    expect(await countOf('fact_order_line', shop.domain)).toBe(shop.counts.lineItems);
    const rejects = await query<{ value: string; reason: string }>(sql`
      select r.value, r.reason from upload_reject r join upload_job j on j.id = r.job_id where j.resync_id = ${id}`);
    expect(rejects).toEqual([{ value: ORDER(9_000_000), reason: `parent ${ORDER(9_000_000)} is not in the result` }]);
  });

  it('does nothing for a range message delivered again after its range is loaded', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-ranges-again.myshopify.com', { orders: 40 });
    const { id } = await stagedOrders(shop, 100);
    // Another consumer holds every range but the first.
    for (let range = 2; range <= (await rangesOf(id)).length; range++) await withDb((db) => claimRange(db, id, 'orders', range));
    await runConsumer('wharf-resyncs', [assemble(id, 1)], { RESYNC_QUEUE: recordingQueue().queue });
    const [first] = await rangesOf(id);
    expect(first).toMatchObject({ done: true });
    const versions = await orderVersions(shop.domain);
    expect(versions.length).toBeGreaterThan(0);

    const again = await runConsumer('wharf-resyncs', [assemble(id, 1)], { RESYNC_QUEUE: recordingQueue().queue });

    expect(again.explicitAcks).toEqual(['message-0']);
    expect((await rangesOf(id))[0]).toEqual(first);
    expect(await orderVersions(shop.domain)).toEqual(versions);
    expect(await resyncRow(id)).toMatchObject({ status: 'loading' });
  });

  it('takes a range over from its progress mark once the lease of a consumer that stopped lapses', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-ranges-stalled.myshopify.com', { orders: 1200 });
    // One range: more than a page of 1,000 orders.
    const { id, lines } = await stagedOrders(shop, 1_000_000);
    const pii = piiPolicies(warehouseConfig(env).pii);
    // A consumer loads the first page and stops without giving the range back.
    const stopped = await withDb((db) => assembleRanges(db, pii, id, 'orders', 1, 0));
    expect(stopped).toEqual({ completed: 0, unfinished: 1, heldForSeconds: null });
    await query(sql`update resync_range set claimed_until = now() + interval '2 minutes' where resync_id = ${id}`);
    const [partial] = await rangesOf(id);
    expect(partial!.lines).toBeGreaterThan(0);
    expect(partial!.lines).toBeLessThan(lines);

    // While its lease holds, nobody takes the range and the sweep leaves it alone; a message for it
    // comes back once the lease has ended (two minutes from now, and a second).
    const held = recordingQueue();
    await sweep({ RESYNC_QUEUE: held.queue });
    expect(held.sent).not.toContainEqual(expect.objectContaining({ resyncId: id }));
    const back = recordingQueue();
    await runConsumer('wharf-resyncs', [assemble(id)], { RESYNC_QUEUE: back.queue });
    expect(back.sent).toEqual([assemble(id)]);
    expect(back.delayed).toEqual([{ body: assemble(id), delaySeconds: expect.any(Number) }]);
    expect(back.delayed[0]!.delaySeconds).toBeGreaterThanOrEqual(115);
    expect(back.delayed[0]!.delaySeconds).toBeLessThanOrEqual(121);
    expect((await rangesOf(id))[0]).toEqual(partial);

    await query(sql`update resync_range set claimed_until = now() - interval '1 second' where resync_id = ${id}`);
    const lapsed = recordingQueue();
    await sweep({ RESYNC_QUEUE: lapsed.queue });
    expect(lapsed.sent).toContainEqual(assemble(id, 1));
    await runConsumer('wharf-resyncs', [assemble(id, 1)], { RESYNC_QUEUE: lapsed.queue });

    expect(await resyncRow(id)).toMatchObject({ status: 'reconciled', lines_loaded: lines, lines_rejected: 0 });
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders);
    expect(await countOf('fact_order_line', shop.domain)).toBe(shop.counts.lineItems);
  });
});
