/**
 * Exports of children that bulk queries cannot reach, or not whole (a refund's line items, a code
 * discount's redeem codes), run with paginated queries once the file of the records they belong
 * to is staged. Each writes one file in the bulk result's format to R2, streamed in parts, and
 * hands it to the same chunked staging as a bulk result, under the entity whose records it
 * completes: assembly then finds the lines as children of those records (or of their anchors).
 */

import { newId } from '../lib/ids';
import type { AdminClient } from '../shopify/admin-graphql';
import type { BulkEntity } from '../shopify/bulk/queries';
import { discountCodeLines } from '../shopify/nested/discount-codes';
import { refundLineItemLines } from '../shopify/nested/refund-line-items';
import { refundShippingLineLines } from '../shopify/nested/refund-shipping-lines';
import { startJob } from '../uploads/start-job';
import { claim, type Operation, renewClaim, updateOperation } from '../warehouse/resync-operations';
import { anchorsAfter, recordGidsAfter } from '../warehouse/resync-staging';
import { jobById } from '../warehouse/upload-jobs';
import type { ResyncContext } from './advance';
import { uploadInParts } from './download';
import type { Install } from './installs';

interface NestedExport {
  /** The entity whose staged records are, or name, the parents, and whose records the lines complete. */
  of: BulkEntity;
  /** The gid type of those parents. */
  parentType: string;
  /** Whether the parents are the records themselves, or parts they name as anchors (an order's refunds). */
  parents: 'records' | 'anchors';
  lines(client: AdminClient, parentIds: readonly string[]): AsyncGenerator<string>;
}

export const NESTED_EXPORTS = ['refundLineItems', 'refundShippingLines', 'discountCodes'] as const;

const NESTED: Readonly<Record<(typeof NESTED_EXPORTS)[number], NestedExport>> = {
  refundLineItems: { of: 'orders', parentType: 'Refund', parents: 'anchors', lines: refundLineItemLines },
  refundShippingLines: { of: 'orders', parentType: 'Refund', parents: 'anchors', lines: refundShippingLineLines },
  discountCodes: { of: 'discounts', parentType: 'DiscountCodeNode', parents: 'records', lines: discountCodeLines },
};

export const isNestedExport = (entity: string): entity is (typeof NESTED_EXPORTS)[number] => Object.hasOwn(NESTED, entity);

/** The bulk entity whose records a nested export's lines complete. */
export const entityCompletedBy = (entity: (typeof NESTED_EXPORTS)[number]): BulkEntity => NESTED[entity].of;

/** Parents read from staging per page; the claim is renewed after each. */
const PARENTS_PER_PAGE = 100;

/** Where a slice starts, and what it reached: the last parent exported, and whether none is left. */
interface Slice {
  after: string | null;
  parentsLeft: number;
  exhausted: boolean;
}

/** A slice's lines: parent page by parent page from `slice.after`, until the slice's parents are read or none is left. */
async function* sliceLines(ctx: ResyncContext, client: AdminClient, op: Operation, spec: NestedExport, slice: Slice): AsyncGenerator<string> {
  const page = spec.parents === 'records' ? recordGidsAfter : anchorsAfter;
  while (slice.parentsLeft > 0) {
    const parents = await page(ctx.db, op.resyncId, spec.of, spec.parentType, slice.after, Math.min(PARENTS_PER_PAGE, slice.parentsLeft));
    if (parents.length === 0) break;
    yield* spec.lines(client, parents);
    await renewClaim(ctx.db, op);
    slice.after = parents.at(-1)!;
    slice.parentsLeft -= parents.length;
  }
  // Whether parents are left is known only by asking: a slice that ends on the last parent leaves an empty one.
  if (slice.parentsLeft > 0) slice.exhausted = true;
}

function jsonlStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${next.value}\n`));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

/**
 * Runs one slice of the export once the records it completes are staged: the lines of the next
 * `exportSliceParents` parents, written to R2 as a file of their own and staged like a bulk
 * result. The operation keeps where the export got to, so a tick cut short repeats only its
 * slice; once no parent is left it is a completed operation.
 */
export async function stepNestedExport(ctx: ResyncContext, install: Install, client: AdminClient, op: Operation, operations: readonly Operation[]) {
  if (op.rawKey || !isNestedExport(op.entity)) return;
  const spec = NESTED[op.entity];
  const source = operations.find((other) => other.entity === spec.of && other.status === 'COMPLETED' && other.jobId);
  if (!source || (await jobById(ctx.db, source.jobId!))?.status !== 'done') return;
  if (!(await claim(ctx.db, op, 'rawKey'))) return;

  const number = op.exportSlices + 1;
  const rawKey = `resyncs/${install.shopDomain}/${op.resyncId}/${op.entity}-${op.attempt}-${number}.jsonl`;
  const slice: Slice = { after: op.exportCursor, parentsLeft: ctx.exportSliceParents, exhausted: false };
  const metadata = { resyncId: op.resyncId, entity: op.entity, slice: String(number) };
  const bytes = await uploadInParts(ctx.bucket, jsonlStream(sliceLines(ctx, client, op, spec, slice)), rawKey, metadata);
  const job = await startJob(ctx.db, ctx.uploadQueue, {
    id: newId('job'),
    shopId: install.shopId,
    source: 'shopify-bulk',
    topic: spec.of,
    resyncId: op.resyncId,
    rawKey,
    bytes,
    contentMd5: null,
  });
  const progress = { jobId: job.id, exportCursor: slice.after, exportSlices: number, claimedUntil: null };
  if (!slice.exhausted) return await updateOperation(ctx.db, op, progress);
  await updateOperation(ctx.db, op, { ...progress, status: 'COMPLETED', rawKey, partial: false, completedAt: new Date().toISOString() });
}
