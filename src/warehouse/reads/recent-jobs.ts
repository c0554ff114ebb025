/** The latest upload jobs of every shop, or of one, as operators list them (`wharf jobs list`). */
import { desc, eq } from 'drizzle-orm';
import type { Warehouse } from '../db';
import { dimShop, uploadJob } from '../schema';

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
