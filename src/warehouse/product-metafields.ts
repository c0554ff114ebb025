/** The metafields of products loaded from a product CSV export (its metafield columns). */
import { and, eq, inArray } from 'drizzle-orm';
import type { WarehouseTransaction } from './db';
import { dimProduct, productMetafield } from './schema';
import type { Job } from './upload-jobs';
import { insertChunks } from './upsert';

export type MetafieldRow = Omit<typeof productMetafield.$inferInsert, 'shopId'>;

/**
 * Replaces the metafields of the products whose stored version is this job's file: a metafield
 * emptied in the file goes, and an older file loaded late does not overwrite a newer one's.
 */
export async function replaceProductMetafields(
  tx: WarehouseTransaction,
  job: Pick<Job, 'shopId' | 'rawKey'>,
  products: readonly { productId: string; metafields: readonly MetafieldRow[] }[],
) {
  if (products.length === 0) return;
  const current = await tx
    .select({ productId: dimProduct.productId })
    .from(dimProduct)
    .where(
      and(
        eq(dimProduct.shopId, job.shopId),
        eq(dimProduct.rawKey, job.rawKey),
        inArray(
          dimProduct.productId,
          products.map((p) => p.productId),
        ),
      ),
    );
  const ids = current.map((c) => c.productId);
  if (ids.length === 0) return;
  await tx.delete(productMetafield).where(and(eq(productMetafield.shopId, job.shopId), inArray(productMetafield.productId, ids)));
  const kept = new Set(ids);
  const values = products.filter((p) => kept.has(p.productId)).flatMap((p) => p.metafields.map((m) => ({ ...m, shopId: job.shopId })));
  for (const run of insertChunks(productMetafield, values)) await tx.insert(productMetafield).values(run);
}
