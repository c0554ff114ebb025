import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { advanceResync } from '../../src/resync/advance';
import { resyncContext } from '../../src/resync/context';
import { requestResync } from '../../src/resync/requests';
import { countOf, finished, injectFault, registeredShop, resyncToEnd, shopIdOf, simBulkOperations, simRequests } from '../helpers/resync';
import { query, withDb } from '../helpers/warehouse';

describe('resync under Shopify failures', () => {
  it('keeps the partial data of a failed operation and retries it to completion without loss', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-partial.myshopify.com');
    await injectFault(shop.domain, { kind: 'failed-partial', entity: 'orders' });

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync.status).toBe('reconciled');
    const attempts = await query<{ attempt: number; status: string; partial: boolean; raw_key: string }>(sql`
      select attempt, status, partial, raw_key from resync_operation where resync_id = ${resync.id} and entity = 'orders' order by attempt`);
    expect(attempts).toMatchObject([
      { attempt: 1, status: 'FAILED', partial: true },
      { attempt: 2, status: 'COMPLETED', partial: false },
    ]);
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders);
    expect(resync.lines_loaded + resync.lines_rejected + resync.lines_duplicate).toBe(resync.lines_total);
  });

  it('rejects, by line, the children of a parent missing from the file and reconciles the rest', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-missing-parent.myshopify.com');
    await injectFault(shop.domain, { kind: 'missing-parent', entity: 'orders' });

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync.status).toBe('reconciled');
    // The reject's line hash of a staged line is the line's gid.
    const rejects = await query<{ row_number: number; field: string; value: string; reason: string; line_hash: string }>(sql`
      select r.row_number, r.field, r.value, r.reason, r.line_hash from upload_reject r join resync_operation o on o.job_id = r.job_id
      where o.resync_id = ${resync.id} and o.entity = 'orders' order by r.row_number`);
    const lineItems = rejects.filter((r) => r.line_hash.startsWith('gid://shopify/LineItem/'));
    expect(new Set(rejects.map((r) => r.value)).size).toBe(1);
    for (const reject of rejects) expect(reject).toMatchObject({ field: '__parentId', reason: `parent ${reject.value} is not in the result` });
    expect(resync.lines_rejected).toBe(rejects.length);
    expect(resync.lines_loaded + resync.lines_rejected + resync.lines_duplicate).toBe(resync.lines_total);
    expect(await countOf('fact_order', shop.domain)).toBe(shop.counts.orders - 1);
    expect(await countOf('fact_order_line', shop.domain)).toBe(shop.counts.lineItems - lineItems.length);
  });

  it.each(['expired', 'canceled'])('retries an operation that ended %s', { timeout: 120_000 }, async (kind) => {
    const shop = await registeredShop(`resync-${kind}.myshopify.com`);
    await injectFault(shop.domain, { kind, entity: 'customers' });

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync.status).toBe('reconciled');
    const attempts = await query<{ status: string }>(
      sql`select status from resync_operation where resync_id = ${resync.id} and entity = 'customers' order by attempt`,
    );
    expect(attempts.map((a) => a.status)).toEqual([kind.toUpperCase(), 'COMPLETED']);
    expect(await countOf('dim_customer', shop.domain, sql`is_current`)).toBe(shop.counts.customers);
  });

  it('fails with the missing scope named when Shopify denies access, and leaves the cursor alone', { timeout: 60_000 }, async () => {
    const shop = await registeredShop('resync-denied.myshopify.com');
    await injectFault(shop.domain, { kind: 'access-denied', count: 1 });

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync.status).toBe('failed');
    expect(resync.error).toMatch(/access denied/i);
    expect(await countOf('resync_cursor', shop.domain)).toBe(0);
  });

  it('rides out throttling and 503s without ever sending a request beyond the budget', { timeout: 120_000 }, async () => {
    const shop = await registeredShop('resync-throttled.myshopify.com', { maximumAvailable: 25, restoreRate: 10 });
    await injectFault(shop.domain, { kind: 'http503', count: 2 });

    const resync = await resyncToEnd(shop.domain, 'full');

    expect(resync.status).toBe('reconciled');
    const requests = await simRequests(shop.domain);
    expect(requests.filter((r) => r.throttled)).toEqual([]);
    for (const request of requests.filter((r) => r.operation !== 'fault')) expect(request.availableBefore).toBeGreaterThanOrEqual(request.cost);
  });

  it('starts each bulk operation once however many ticks arrive together', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-ticks.myshopify.com');
    const shopId = await shopIdOf(shop.domain);
    const { resync } = await withDb((db) => requestResync(db, { shopId, kind: 'full', requestedBy: 'schedule' }));

    await withDb((db) => Promise.all(Array.from({ length: 5 }, () => advanceResync(resyncContext(env, db), resync.id))));
    const done = await finished(resync.id);

    expect(done.status).toBe('reconciled');
    const started = await simBulkOperations(shop.domain);
    // The returns export is rooted at orders too.
    expect(started.map((op) => op.entity).sort()).toEqual([
      'abandonedCheckouts',
      'collections',
      'customers',
      'discountNodes',
      'draftOrders',
      'fulfillmentOrders',
      'inventoryItems',
      'locations',
      'orders',
      'orders',
      'products',
    ]);
  });

  it('keeps one chain of polling ticks however many ticks arrive while it waits', { timeout: 90_000 }, async () => {
    const shop = await registeredShop('resync-one-chain.myshopify.com', { orders: 50 });
    const shopId = await shopIdOf(shop.domain);
    const { resync } = await withDb((db) => requestResync(db, { shopId, kind: 'full', requestedBy: 'schedule' }));
    // The real queue, with the polling ticks it is sent noted on the way.
    const polls: { resyncId: string; due?: string }[] = [];
    const queue: Queue = {
      metrics: () => env.RESYNC_QUEUE.metrics(),
      send: (body, options) => {
        if ((body as { kind: string }).kind === 'resync-tick') polls.push(body as (typeof polls)[number]);
        return env.RESYNC_QUEUE.send(body, options);
      },
      sendBatch: (messages, options) => env.RESYNC_QUEUE.sendBatch(messages, options),
    };

    await withDb((db) => Promise.all(Array.from({ length: 5 }, () => advanceResync(resyncContext({ ...env, RESYNC_QUEUE: queue }, db), resync.id))));
    expect(polls).toHaveLength(1);
    // A webhook's or a staged file's tick while the poll is pending does not start a second chain.
    await withDb((db) => advanceResync(resyncContext({ ...env, RESYNC_QUEUE: queue }, db), resync.id));
    expect(polls).toHaveLength(1);

    expect((await finished(resync.id)).status).toBe('reconciled');
  });
});
