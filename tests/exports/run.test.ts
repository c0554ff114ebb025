/**
 * An export run step by step, as its queue messages drive it (each step here is one message's
 * work): nothing of a run is under exports/ until it is published, an interrupted run resumes from
 * what it recorded, and a step delivered twice writes its file once.
 */
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/config';
import { advanceExport, type ExportContext, latestManifestKey, requestExport } from '../../src/exports/run';
import { EXPORT_TABLES, PERSONAL_TABLE_NAMES } from '../../src/exports/tables';
import type { ExportMessage } from '../../src/pipeline/messages';
import type { Producer } from '../../src/pipeline/producers';
import type { Warehouse } from '../../src/warehouse/db';
import { exportCursors, exportFiles, exportRunById } from '../../src/warehouse/exports';
import { sweep } from '../helpers/pipeline';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { eventually, query, withDb } from '../helpers/warehouse';
import { orderBody, uniqueShop } from '../helpers/webhooks';

/** Steps queued by the run, kept here instead of being consumed in the background. */
function heldSteps(): Producer<ExportMessage> & { steps: ExportMessage[] } {
  const steps: ExportMessage[] = [];
  return {
    steps,
    send: async (message) => void steps.push(message),
    sendAll: async (messages) => void steps.push(...messages),
  };
}

function contextOf(db: Warehouse, queue: Producer<ExportMessage>, bucket: R2Bucket = env.EXPORT_BUCKET): ExportContext {
  const config = exportConfig(env);
  return { db, bucket, queue, rowGroupRows: config.rowGroupRows, fileRowGroups: config.fileRowGroups };
}

/** A bucket whose writes under exports/ fail after the first `allowed`: a step cut short while publishing. */
function failingAfter(allowed: number): R2Bucket {
  let writes = 0;
  return new Proxy(env.EXPORT_BUCKET, {
    get(target, property) {
      if (property === 'put') {
        return (key: string, ...rest: unknown[]) => {
          if (key.startsWith('exports/') && ++writes > allowed) return Promise.reject(new Error('connection reset while writing'));
          return (target.put as (...args: unknown[]) => Promise<R2Object>)(key, ...rest);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.EXPORT_BUCKET.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** Seven orders (fifteen lines): fact_order spans two files of two row groups of three rows. */
async function shopWithOrders(): Promise<string> {
  const shop = uniqueShop();
  const orders = Array.from({ length: 7 }, (_, i) =>
    orderBody({ totalPrice: `${100 + i}.25` })
      .replace('"id": 820982911946154508', `"id": ${820982911946154508n + BigInt(i)}`)
      .replace('"id": 866550311766439020', `"id": ${866550311766439020n + BigInt(i)}`)
      .replace('"id": 141249953214522974', `"id": ${141249953214522974n + BigInt(i)}`),
  );
  await loadInOrder(
    shop,
    orders.map((body) => ({ topic: 'orders/create', body })),
  );
  return shop;
}

const countOf = async (table: string, shop: string) =>
  Number(
    (await query<{ n: string }>(sql`select count(*)::text as n from ${sql.identifier(table)} t join dim_shop s using (shop_id) where s.domain = ${shop}`))[0]!
      .n,
  );

const shopIdOf = async (shop: string) => (await query<{ shop_id: number }>(sql`select shop_id from dim_shop where domain = ${shop}`))[0]!.shop_id;

describe('an export run', () => {
  it('keeps everything under export-staging/ while it writes, and publishes the files, the manifest and the cursors at the end', async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    await withDb(async (db) => {
      const queue = heldSteps();
      const { run } = await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order', 'fact_order_line'], requestedBy: 'test' });
      // fact_order: 7 rows = files of 6 and 1; fact_order_line: 14 rows = 6, 6 and 2. Five writing steps.
      for (let step = 0; step < 5; step++) await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
      expect((await exportRunById(db, run.id))!.status).toBe('running');
      expect(await keysUnder(`exports/${shop}/`)).toEqual([]);
      expect(await keysUnder(`export-staging/${shop}/${run.id}/`)).toHaveLength(5);
      expect(await exportCursors(db, shopId)).toEqual([]);

      while (queue.steps.length) await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
      const done = (await exportRunById(db, run.id))!;
      expect(done.status).toBe('complete');
      const day = done.partitionDate;
      expect(await keysUnder(`exports/${shop}/`)).toEqual([
        `exports/${shop}/_manifests/${run.id}.json`,
        `exports/${shop}/_manifests/latest.json`,
        `exports/${shop}/fact_order/export_date=${day}/part-0000.parquet`,
        `exports/${shop}/fact_order/export_date=${day}/part-0001.parquet`,
        `exports/${shop}/fact_order_line/export_date=${day}/part-0000.parquet`,
        `exports/${shop}/fact_order_line/export_date=${day}/part-0001.parquet`,
        `exports/${shop}/fact_order_line/export_date=${day}/part-0002.parquet`,
      ]);
      expect(await keysUnder(`export-staging/${shop}/${run.id}/`)).toEqual([]);
      expect((await exportCursors(db, shopId)).map((c) => [c.tableName, c.nextPart, c.loadedAt])).toEqual([
        ['fact_order', 2, done.watermark],
        ['fact_order_line', 3, done.watermark],
      ]);
    });
  });

  it('resumes a run cut short while publishing: no manifest and no cursor until every file is in place', async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    await withDb(async (db) => {
      const queue = heldSteps();
      const { run } = await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order_line'], requestedBy: 'test' });
      // Three files, then the move to publishing.
      for (let step = 0; step < 4; step++) await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
      const step = queue.steps.shift()!;
      await expect(advanceExport(contextOf(db, queue, failingAfter(1)), step.runId)).rejects.toThrow('connection reset');
      expect((await exportRunById(db, run.id))!.status).toBe('publishing');
      expect(await keysUnder(`exports/${shop}/_manifests/`)).toEqual([]);
      expect(await exportCursors(db, shopId)).toEqual([]);

      // The queue delivers the failed step again.
      await advanceExport(contextOf(db, queue), step.runId);
      expect((await exportRunById(db, run.id))!.status).toBe('complete');
      expect((await exportFiles(db, run.id)).map((f) => [f.part, f.rows, f.published])).toEqual([
        [0, 6, true],
        [1, 6, true],
        [2, 2, true],
      ]);
      expect(JSON.parse(await (await env.EXPORT_BUCKET.get(latestManifestKey(shop)))!.text()).run).toBe(run.id);
    });
  });

  it('is taken up again by the sweep when no step has moved it for a quarter of an hour (its message was lost)', { timeout: 60_000 }, async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    const runId = await withDb(async (db) => {
      const queue = heldSteps();
      const { run } = await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order'], requestedBy: 'test' });
      await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
      return run.id;
    });
    // The next step was never delivered; the run last moved 16 minutes ago.
    await query(sql`update export_run set moved_at = now() - interval '16 minutes' where id = ${runId}`);

    await sweep();

    const done = await eventually(
      () => withDb((db) => exportRunById(db, runId)),
      (run) => run?.status === 'complete',
      30_000,
    );
    expect(done!.status).toBe('complete');
    expect(await withDb(async (db) => (await exportFiles(db, runId)).map((f) => [f.part, f.rows, f.published]))).toEqual([
      [0, 6, true],
      [1, 1, true],
    ]);
  });

  it('writes a step delivered twice at once as one file', async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    await withDb(async (db) => {
      const queue = heldSteps();
      const { run } = await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order'], requestedBy: 'test' });
      const step = queue.steps.shift()!;
      await Promise.all([advanceExport(contextOf(db, queue), step.runId), advanceExport(contextOf(db, queue), step.runId)]);
      expect((await exportFiles(db, run.id)).map((f) => [f.part, f.rows])).toEqual([[0, 6]]);
      // Only the delivery that recorded its file queues the next step.
      expect(queue.steps).toEqual([{ kind: 'export-step', runId: run.id }]);
    });
  });

  it('takes only what was loaded since the last complete run into the next, from the next part number on', async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    const drain = (db: Warehouse, queue: ReturnType<typeof heldSteps>) =>
      (async () => {
        while (queue.steps.length) await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
      })();
    await withDb(async (db) => {
      const queue = heldSteps();
      await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order'], requestedBy: 'test' });
      await drain(db, queue);
    });
    await loadInOrder(shop, [{ topic: 'orders/updated', body: orderBody({ updatedAt: '2025-04-03T09:00:00-05:00', totalPrice: '12.50' }) }]);
    await withDb(async (db) => {
      const queue = heldSteps();
      const { run } = await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order'], requestedBy: 'test' });
      await drain(db, queue);
      expect((await exportFiles(db, run.id)).map((f) => [f.part, f.rows])).toEqual([[2, 1]]);
    });
    expect(await countOf('fact_order', shop)).toBe(7);
  });

  it('after a customer redaction, replaces the earlier files of the tables holding personal data by a purging run, and only then closes the request', {
    timeout: 60_000,
  }, async () => {
    const shop = await shopWithOrders();
    const shopId = await shopIdOf(shop);
    await withDb(async (db) => {
      const queue = heldSteps();
      await requestExport({ db, queue }, { shopId, full: false, tables: ['fact_order', 'fact_order_line'], requestedBy: 'test' });
      while (queue.steps.length) await advanceExport(contextOf(db, queue), queue.steps.shift()!.runId);
    });
    const fileNames = async (table: string) => (await keysUnder(`exports/${shop}/${table}/`)).map((key) => key.split('/').at(-1));
    expect(await fileNames('fact_order')).toEqual(['part-0000.parquet', 'part-0001.parquet']);

    // The customer of the seven orders; the purging run goes through the export queue.
    await loadInOrder(shop, [{ topic: 'customers/redact', body: sample('customers-redact') }]);
    const [request] = await eventually(
      () =>
        query<{ export_run_id: string | null; purged: boolean }>(sql`
        select export_run_id, exports_purged_at is not null as purged from compliance_request where shop_domain = ${shop}`),
      (rows) => rows[0]?.purged === true,
      30_000,
    );
    const purging = await withDb((db) => exportRunById(db, request!.export_run_id!));
    expect(purging).toMatchObject({ purges: true, full: true, status: 'complete' });
    expect(JSON.parse(await (await env.EXPORT_BUCKET.get(latestManifestKey(shop)))!.text())).toMatchObject({ run: purging!.id, purges: true });
    // fact_order again in full (six rows and one), its earlier files gone; fact_order_line holds no personal data and stays.
    expect(await fileNames('fact_order')).toEqual(['part-0002.parquet', 'part-0003.parquet']);
    expect(await fileNames('fact_order_line')).toEqual(['part-0000.parquet', 'part-0001.parquet', 'part-0002.parquet']);
    expect(await withDb(async (db) => (await exportFiles(db, purging!.id)).map((f) => [f.tableName, f.rows]))).toEqual([
      ['dim_customer', 1],
      ['fact_order', 6],
      ['fact_order', 1],
    ]);
  });
});

describe('the tables a purging run rewrites', () => {
  it('are every exported table with an email, its hash or a city, but the shop’s own and its locations’', async () => {
    const rows = await query<{ name: string }>(sql`
      select distinct table_name as name from information_schema.columns
      where table_schema in ('public', 'analytics') and column_name in ('email', 'email_hash', 'city')
        and table_name in (${sql.join(
          EXPORT_TABLES.map((t) => sql`${t.name}`),
          sql`, `,
        )})
      order by table_name`);
    expect(rows.map((r) => r.name)).toEqual([...PERSONAL_TABLE_NAMES, 'dim_location', 'dim_shop'].sort());
  });
});
