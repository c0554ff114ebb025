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

export const NESTED_EXPORTS = ['refundLineItems', 'discountCodes'] as const;

const NESTED: Readonly<Record<(typeof NESTED_EXPORTS)[number], NestedExport>> = {
  refundLineItems: { of: 'orders', parentType: 'Refund', parents: 'anchors', lines: refundLineItemLines },
  discountCodes: { of: 'discounts', parentType: 'DiscountCodeNode', parents: 'records', lines: discountCodeLines },
};

export const isNestedExport = (entity: string): entity is (typeof NESTED_EXPORTS)[number] => Object.hasOwn(NESTED, entity);

/** Parents read from staging per page: a page's worth of lines is what the export holds at most. */
const PARENTS_PER_PAGE = 1000;

/** The export's lines, parent page by parent page, keeping the claim while it runs. */
async function* exportLines(ctx: ResyncContext, client: AdminClient, op: Operation, spec: NestedExport): AsyncGenerator<string> {
  for (let after: string | null = null; ; ) {
    const page = spec.parents === 'records' ? recordGidsAfter : anchorsAfter;
    const parents = await page(ctx.db, op.resyncId, spec.of, spec.parentType, after, PARENTS_PER_PAGE);
    if (parents.length === 0) return;
    yield* spec.lines(client, parents);
    await renewClaim(ctx.db, op);
    after = parents.at(-1)!;
  }
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

/** Runs the export once the records it completes are staged; then it is a completed operation with its file staged. */
export async function stepNestedExport(ctx: ResyncContext, install: Install, client: AdminClient, op: Operation, operations: readonly Operation[]) {
  if (op.rawKey || !isNestedExport(op.entity)) return;
  const spec = NESTED[op.entity];
  const source = operations.find((other) => other.entity === spec.of && other.status === 'COMPLETED' && other.jobId);
  if (!source || (await jobById(ctx.db, source.jobId!))?.status !== 'done') return;
  if (!(await claim(ctx.db, op, 'rawKey'))) return;

  const rawKey = `resyncs/${install.shopDomain}/${op.resyncId}/${op.entity}-${op.attempt}.jsonl`;
  const bytes = await uploadInParts(ctx.bucket, jsonlStream(exportLines(ctx, client, op, spec)), rawKey, { resyncId: op.resyncId, entity: op.entity });
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
  await updateOperation(ctx.db, op, { status: 'COMPLETED', rawKey, jobId: job.id, partial: false, completedAt: new Date().toISOString(), claimedUntil: null });
}
