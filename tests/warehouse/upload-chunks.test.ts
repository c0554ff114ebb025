import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids';
import { shopIdsOf } from '../../src/warehouse/shops';
import { loadChunkOnce, recordChunks } from '../../src/warehouse/upload-chunks';
import { createJob, jobById } from '../../src/warehouse/upload-jobs';
import { eventually, query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

describe('chunks of one job loaded at the same time', () => {
  it('count every row, whichever commits first', async () => {
    const jobId = newId('job');
    const job = await withDb(async (db) => {
      const shopId = (await shopIdsOf(db, [uniqueShop()])).values().next().value!;
      await createJob(db, { id: jobId, shopId, source: 'retail-csv', rawKey: `uploads/${jobId}.csv`, bytes: 200, status: 'splitting' });
      const created = (await jobById(db, jobId))!;
      await recordChunks(db, created, 'InvoiceNo', [
        { start: 10, end: 100, firstRow: 1 },
        { start: 100, end: 200, firstRow: 4 },
      ]);
      return created;
    });

    // The job's row held elsewhere until both chunks' transactions wait for it, so that both have
    // written their chunk and neither has committed when the first adds up the job's counters.
    let locked = () => {};
    let release = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = withDb((db) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from upload_job where id = ${jobId} for update`);
        locked();
        await released;
      }),
    );
    await isLocked;
    const loads = [0, 1].map((chunk) => withDb((db) => loadChunkOnce(db, job, chunk, 3, async () => ({ loaded: 2, rejected: 1, duplicates: 0 }))));
    await eventually(
      () =>
        query<{ n: number }>(sql`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query like '%upload_job%'`),
      ([waiting]) => waiting!.n >= 2,
    );
    release();
    await holder;
    expect(await Promise.all(loads)).toEqual([true, true]);

    const [counts] = await query(sql`
      select status::text, chunks_done, rows_seen::int, rows_loaded::int, rows_rejected::int, rows_duplicate::int from upload_job where id = ${jobId}`);
    expect(counts).toEqual({ status: 'done', chunks_done: 2, rows_seen: 6, rows_loaded: 4, rows_rejected: 2, rows_duplicate: 0 });
  });
});
