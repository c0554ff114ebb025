/** Upload jobs and their rejected rows, as the API pages them and operators list them. */
import { and, asc, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type { Warehouse } from '../db';
import { dimShop, uploadJob, uploadReject } from '../schema';
import type { Job } from '../upload-jobs';
import { type ShopScope, toPage } from './scope';

export async function getJob(db: Warehouse, scope: ShopScope, jobId: string): Promise<Job | undefined> {
  const [job] = await db
    .select()
    .from(uploadJob)
    .where(and(eq(uploadJob.shopId, scope.shopId), eq(uploadJob.id, jobId)));
  return job;
}

export async function listJobs(db: Warehouse, scope: ShopScope, page: { before?: string; limit: number }) {
  const conditions: SQL[] = [eq(uploadJob.shopId, scope.shopId)];
  if (page.before) conditions.push(lt(uploadJob.id, page.before));
  // Job ids start with their creation time, so id order is newest first.
  const rows = await db
    .select()
    .from(uploadJob)
    .where(and(...conditions))
    .orderBy(desc(uploadJob.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [row.id]);
}

export async function listRejects(db: Warehouse, scope: ShopScope, jobId: string, page: { after?: number; limit: number }) {
  const conditions: SQL[] = [eq(uploadReject.shopId, scope.shopId), eq(uploadReject.jobId, jobId)];
  if (page.after !== undefined) conditions.push(gt(uploadReject.rowNumber, page.after));
  const rows = await db
    .select({ row: uploadReject.rowNumber, field: uploadReject.field, value: uploadReject.value, reason: uploadReject.reason })
    .from(uploadReject)
    .where(and(...conditions))
    .orderBy(asc(uploadReject.rowNumber))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (row) => [String(row.row)]);
}

/** Every reject of the job, a page at a time (flat memory however many). */
export async function* rejectPages(db: Warehouse, scope: ShopScope, jobId: string) {
  let after: number | undefined;
  for (;;) {
    const page = await listRejects(db, scope, jobId, { after, limit: 5000 });
    yield page.data;
    if (!page.nextCursor) return;
    after = page.data.at(-1)?.row;
  }
}

/** The latest upload jobs of every shop, or of one (`wharf jobs list`). */
export async function recentJobs(db: Warehouse, filter: { shopDomain?: string; limit: number }) {
  return db
    .select({
      id: uploadJob.id,
      shop: dimShop.domain,
      source: uploadJob.source,
      status: uploadJob.status,
      seen: uploadJob.rowsSeen,
      loaded: uploadJob.rowsLoaded,
      rejected: uploadJob.rowsRejected,
      duplicates: uploadJob.rowsDuplicate,
      createdAt: uploadJob.createdAt,
    })
    .from(uploadJob)
    .innerJoin(dimShop, eq(dimShop.shopId, uploadJob.shopId))
    .where(filter.shopDomain ? eq(dimShop.domain, filter.shopDomain) : undefined)
    .orderBy(desc(uploadJob.id))
    .limit(filter.limit);
}
