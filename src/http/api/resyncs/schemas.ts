import { z } from 'zod';
import { NESTED_EXPORTS } from '../../../resync/nested-exports';
import { BULK_ENTITIES } from '../../../shopify/bulk/queries';
import type { Operation } from '../../../warehouse/resync-operations';
import type { Resync } from '../../../warehouse/resyncs';

export const resyncIdParam = z.string().regex(/^rsy_[0-9a-z]{25}$/, 'expected a resync id');

const operation = z.object({
  entity: z.enum([...BULK_ENTITIES, ...NESTED_EXPORTS]),
  attempt: z.number(),
  bulkOperationId: z.string().nullable(),
  status: z.string().nullable().describe("Shopify's status of the bulk operation (CREATED, RUNNING, COMPLETED, FAILED, ...)"),
  errorCode: z.string().nullable(),
  objectCount: z.number().nullable(),
  partial: z.boolean().nullable().describe('The file holds partial data of a failed operation'),
  jobId: z.string().nullable().describe('The staging job of the result file (GET /v1/jobs/{id})'),
  lines: z.object({ loaded: z.number(), rejected: z.number() }),
  records: z
    .object({ total: z.number().nullable(), createdBeforeWindow: z.number().nullable() })
    .describe(
      'Root records assembled (an order, not its lines, which objectCount counts too), and of them those created before window.to (null for an export without creation times); null when not counted',
    ),
  assembledAt: z.string().nullable(),
});

export const resyncBody = z.object({
  id: z.string(),
  kind: z.enum(['full', 'incremental']),
  status: z.enum(['requested', 'running', 'downloading', 'loading', 'reconciled', 'failed']),
  requestedBy: z.string(),
  window: z.object({
    from: z.string().nullable().describe('Incremental: records updated at or after this instant'),
    to: z.string().describe("The export's upper bound; cursors advance to it once every line is loaded"),
  }),
  lines: z.object({
    total: z.number(),
    loaded: z.number(),
    rejected: z.number(),
    duplicates: z.number(),
    balanced: z.boolean().describe('total = loaded + rejected + duplicates (checked when reconciled)'),
  }),
  deletesReconciled: z.number(),
  error: z.string().nullable(),
  operations: z.array(operation),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export function presentResync(row: Resync, operations: readonly Operation[]): z.infer<typeof resyncBody> {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    requestedBy: row.requestedBy,
    window: { from: row.windowFrom, to: row.windowTo },
    lines: {
      total: row.linesTotal,
      loaded: row.linesLoaded,
      rejected: row.linesRejected,
      duplicates: row.linesDuplicate,
      balanced: row.linesTotal === row.linesLoaded + row.linesRejected + row.linesDuplicate,
    },
    deletesReconciled: row.deletesReconciled,
    error: row.error,
    operations: operations.map((op) => ({
      entity: op.entity as (typeof BULK_ENTITIES)[number] | (typeof NESTED_EXPORTS)[number],
      attempt: op.attempt,
      bulkOperationId: op.bulkOperationId,
      status: op.status,
      errorCode: op.errorCode,
      objectCount: op.objectCount,
      partial: op.partial,
      jobId: op.jobId,
      lines: { loaded: op.linesLoaded, rejected: op.linesRejected },
      records: { total: op.records, createdBeforeWindow: op.recordsCreatedBefore },
      assembledAt: op.assembledAt,
    })),
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
