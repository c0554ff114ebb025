/**
 * The resync state machine: requested → running → downloading → loading → reconciled | failed.
 * A tick looks at where each entity's bulk operation is and does what is due: start it (at most
 * five at once, as API 2026-01 allows), poll it, stream its result into R2 and hand the file to
 * the chunked staging load, or retry it after a failure. Ticks come from the resync queue (each
 * resync keeps one chain of polling ticks while it waits), from the bulk_operations/finish
 * webhook, from staged files and from cron; any number of them may run: every step is claimed or
 * guarded by its expected state.
 */

import { type TokenKeeping, tokenRefused, usableInstall } from '../connect/tokens';
import type { PiiPolicies } from '../domain/pii';
import { topicModel } from '../domain/topics';
import { newId } from '../lib/ids';
import { log } from '../lib/log';
import type { ResyncMessage, UploadMessage } from '../pipeline/messages';
import type { Producer } from '../pipeline/producers';
import { AdminApiError, AdminClient } from '../shopify/admin-graphql';
import { type BulkOperation, bulkOperationStatus, readShopInfo, startBulkQuery } from '../shopify/bulk/operations';
import { BULK_ENTITIES, type BulkEntity, bulkQuery } from '../shopify/bulk/queries';
import { shopToRest } from '../shopify/bulk/to-rest';
import { startJob } from '../uploads/start-job';
import type { Warehouse } from '../warehouse/db';
import { saveThrottle } from '../warehouse/installs';
import { loadWarehouseRows } from '../warehouse/load-rows';
import { claim, insertAttempts, type Operation, operationsOf, updateOperation } from '../warehouse/resync-operations';
import { partitionedEntities, type Range } from '../warehouse/resync-ranges';
import {
  analyzeStaging,
  markDownloading,
  markLoading,
  markResyncFailed,
  markRunning,
  type Resync,
  resyncById,
  scheduleNextTick,
  stagedLineCount,
  stagingJobs,
} from '../warehouse/resyncs';
import { partitionAssembly } from './assemble';
import { downloadToR2 } from './download';
import { adminApiUrl, type Install } from './installs';
import { entityCompletedBy, isNestedExport, NESTED_EXPORTS, stepNestedExport } from './nested-exports';

const MAX_CONCURRENT_BULK_QUERIES = 5;
const MAX_ATTEMPTS = 5;

const RUNNING = new Set(['CREATED', 'RUNNING', 'CANCELING']);
const RETRYABLE_END = new Set(['FAILED', 'EXPIRED', 'CANCELED']);

export interface ResyncContext {
  db: Warehouse;
  bucket: R2Bucket;
  uploadQueue: Producer<UploadMessage>;
  resyncQueue: Producer<ResyncMessage>;
  /** What opening and renewing shops' tokens takes: the sealing keys, the app's credentials. */
  keeping: TokenKeeping;
  /** The Admin API version every request asks for (SHOPIFY_API_VERSION). */
  apiVersion: string;
  pii: PiiPolicies;
  /** Seconds between ticks while Shopify is still running operations. */
  pollSeconds: number;
  /** Seconds before a failed operation's first retry; each further retry waits twice as long. */
  retrySeconds: number;
  /** Parents one tick of a paginated export reads before it stages its slice (RESYNC_EXPORT_SLICE_PARENTS). */
  exportSliceParents: number;
}

/** After a failure, attempt n+1 waits the base delay, then twice that, ... (at most half an hour). */
const retryDelayMs = (retrySeconds: number, attempt: number) => Math.min(30 * 60_000, retrySeconds * 1000 * 2 ** (attempt - 1));

/** Fails the resync and deletes its staged lines: raw export lines (emails in plain text) are kept no longer than a resync needs them. */
export async function failResync(db: Warehouse, id: string, error: string) {
  await markResyncFailed(db, id, error);
  log.warn('resync failed', { resyncId: id, error });
}

const latestAttempts = (operations: readonly Operation[]) => {
  const latest = new Map<string, Operation>();
  for (const op of operations) if ((latest.get(op.entity)?.attempt ?? 0) < op.attempt) latest.set(op.entity, op);
  return [...latest.values()];
};

/** Reads the shop (its time zone dates every record) and creates the first attempt of each entity. */
async function begin(ctx: ResyncContext, current: Resync, install: Install, client: AdminClient) {
  const shop = shopToRest(await readShopInfo(client));
  const validated = topicModel(shop.topic)!.validate(shop.payload);
  if (!validated.ok) throw new AdminApiError('INVALID_RESPONSE', `shop query: ${validated.reason}`, false);
  const source = { shopDomain: install.shopDomain, rawKey: `resyncs/${install.shopDomain}/${current.id}`, eventAt: current.windowTo };
  await ctx.db.transaction(async (tx) => {
    await loadWarehouseRows(tx, validated.toRows(source, ctx.pii));
    await insertAttempts(
      tx,
      [...BULK_ENTITIES, ...NESTED_EXPORTS].map((entity) => ({ resyncId: current.id, entity, attempt: 1 })),
    );
    await markRunning(tx, current.id);
  });
}

const resultKey = (install: Install, op: Operation, partial: boolean) =>
  `resyncs/${install.shopDomain}/${op.resyncId}/${op.entity}-${op.attempt}${partial ? '-partial' : ''}.jsonl`;

/**
 * Streams a result file into R2 and queues it for the chunked staging load. An operation that
 * matched nothing has no file: an empty one is stored, so that every operation has its file.
 */
async function stageResult(ctx: ResyncContext, install: Install, op: Operation, url: string | null | undefined, partial: boolean) {
  if (!(await claim(ctx.db, op, 'rawKey'))) return;
  const rawKey = resultKey(install, op, partial);
  const metadata = { resyncId: op.resyncId, entity: op.entity, bulkOperationId: op.bulkOperationId ?? '' };
  const bytes = url ? await downloadToR2(ctx.bucket, url, rawKey, metadata) : (await ctx.bucket.put(rawKey, '', { customMetadata: metadata })).size;
  const job = await startJob(ctx.db, ctx.uploadQueue, {
    id: newId('job'),
    shopId: install.shopId,
    source: 'shopify-bulk',
    topic: op.entity,
    resyncId: op.resyncId,
    rawKey,
    bytes,
    contentMd5: null,
  });
  await updateOperation(ctx.db, op, { rawKey, partial, jobId: job.id, claimedUntil: null });
  Object.assign(op, { rawKey, partial, jobId: job.id });
}

/** Starts, polls, downloads or retries one entity's latest attempt, as its state requires. */
async function step(ctx: ResyncContext, current: Resync, install: Install, client: AdminClient, op: Operation, running: { count: number }) {
  if (!op.bulkOperationId) {
    if (op.notBefore && new Date(op.notBefore) > new Date()) return;
    if (running.count >= MAX_CONCURRENT_BULK_QUERIES || !(await claim(ctx.db, op, 'bulkOperationId'))) return;
    const window = current.windowFrom ? { from: current.windowFrom, to: current.windowTo } : undefined;
    const started = await startBulkQuery(client, bulkQuery(op.entity as BulkEntity, window));
    if (!started.started) {
      await updateOperation(ctx.db, op, { claimedUntil: null });
      log.info('bulk query slot busy', { resyncId: op.resyncId, entity: op.entity, reason: started.reason });
      return;
    }
    await updateOperation(ctx.db, op, { bulkOperationId: started.id, status: 'CREATED', startedAt: new Date().toISOString(), claimedUntil: null });
    running.count++;
    return;
  }

  if (op.status === 'COMPLETED' && op.rawKey) return;
  // A failed attempt whose partial data is already staged needs only its retry.
  const partialStaged = RETRYABLE_END.has(op.status ?? '') && op.rawKey !== null;
  let operation: BulkOperation | null = null;
  if (!partialStaged) {
    operation = await bulkOperationStatus(client, op.bulkOperationId);
    const status = operation?.status ?? 'EXPIRED';
    Object.assign(op, { status, errorCode: operation?.errorCode ?? null, objectCount: operation?.objectCount ?? null });
    await updateOperation(ctx.db, op, {
      status,
      errorCode: op.errorCode,
      objectCount: op.objectCount,
      completedAt: operation?.completedAt ?? null,
    });
    if (RUNNING.has(status)) return;
  }

  if (op.status === 'COMPLETED') return stageResult(ctx, install, op, operation?.url, false);
  if (op.errorCode === 'ACCESS_DENIED') {
    return failResync(
      ctx.db,
      current.id,
      `${op.entity}: Shopify denied access to the bulk query (ACCESS_DENIED): grant the app the read scope for ${op.entity}`,
    );
  }
  if (operation?.partialDataUrl && !op.rawKey) await stageResult(ctx, install, op, operation.partialDataUrl, true);
  if (op.attempt >= MAX_ATTEMPTS) {
    return failResync(
      ctx.db,
      current.id,
      `${op.entity}: bulk operation ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ''} on all ${MAX_ATTEMPTS} attempts`,
    );
  }
  await insertAttempts(ctx.db, [
    {
      resyncId: op.resyncId,
      entity: op.entity,
      attempt: op.attempt + 1,
      notBefore: new Date(Date.now() + retryDelayMs(ctx.retrySeconds, op.attempt)).toISOString(),
    },
  ]);
  log.warn('bulk operation retried', { resyncId: op.resyncId, entity: op.entity, attempt: op.attempt, status: op.status, errorCode: op.errorCode });
}

type StagingJob = Awaited<ReturnType<typeof stagingJobs>>[number];

/** Whether every file of the entity is staged: its bulk result and its nested exports' slices, each complete. */
function entityStaged(entity: BulkEntity, latest: readonly Operation[], jobs: readonly StagingJob[]): boolean {
  const own = latest.filter((op) => op.entity === entity || (isNestedExport(op.entity) && entityCompletedBy(op.entity) === entity));
  const files = jobs.filter((job) => job.topic === entity);
  return own.every((op) => op.status === 'COMPLETED' && op.jobId) && own.length > 0 && files.every((job) => job.status === 'done');
}

/**
 * Splits each entity whose files are all staged into ranges and queues them, while the resync
 * still waits on other entities (Shopify's rate limit for the paginated exports, for instance):
 * their assembly overlaps the wait. Returns the entities split and queued, by now or before.
 */
async function assembleStagedEntities(ctx: ResyncContext, current: Resync, latest: readonly Operation[], jobs: readonly StagingJob[]) {
  const split = await partitionedEntities(ctx.db, current.id);
  const ready = BULK_ENTITIES.filter((entity) => !split.has(entity) && entityStaged(entity, latest, jobs));
  if (ready.length === 0) return split;
  const ranges = await ctx.db.transaction(async (tx) => {
    // Splitting and assembly read the staged lines, which were loaded moments ago.
    await analyzeStaging(tx);
    return partitionAssembly(tx, current.id, undefined, ready);
  });
  await queueRanges(ctx, current.id, ranges);
  return new Set([...split, ...ready]);
}

const queueRanges = (ctx: ResyncContext, resyncId: string, ranges: readonly Range[]) =>
  ctx.resyncQueue.sendAll(ranges.map((range) => ({ kind: 'resync-assemble', resyncId, entity: range.entity, range: range.rangeNo })));

/** Moves running → downloading → loading once every entity's result is complete and staged. */
async function settleStage(ctx: ResyncContext, current: Resync): Promise<'waiting' | 'loading' | 'failed'> {
  const operations = await operationsOf(ctx.db, current.id);
  const latest = latestAttempts(operations);
  const jobs = await stagingJobs(ctx.db, current.id);
  const failedJob = jobs.find((job) => job.status === 'failed');
  if (failedJob) {
    await failResync(ctx.db, current.id, `staging ${failedJob.topic} (job ${failedJob.id}) failed: ${failedJob.error}`);
    return 'failed';
  }
  const split = await assembleStagedEntities(ctx, current, latest, jobs);
  const allCompleted = latest.length === BULK_ENTITIES.length + NESTED_EXPORTS.length && latest.every((op) => op.status === 'COMPLETED');
  if (!allCompleted) return 'waiting';
  const allStaged = latest.every((op) => op.jobId) && jobs.every((job) => job.status === 'done');
  if (!allStaged) {
    await markDownloading(ctx.db, current.id);
    return 'waiting';
  }
  const sum = (pick: (job: (typeof jobs)[number]) => number) => jobs.reduce((total, job) => total + pick(job), 0);
  // Lines staged again by a later attempt (after a failure with partial data) count as duplicates.
  const restaged = sum((job) => job.rowsLoaded) - (await stagedLineCount(ctx.db, current.id));
  const lines = { total: sum((job) => job.rowsSeen), rejected: sum((job) => job.rowsRejected), duplicate: sum((job) => job.rowsDuplicate) + restaged };
  // The move and the ranges commit together: a loading resync always has its ranges.
  const ranges = await ctx.db.transaction(async (tx) => {
    if (!(await markLoading(tx, current.id, lines))) return [];
    await analyzeStaging(tx);
    return partitionAssembly(tx, current.id);
  });
  // The ranges of entities split while the resync waited are queued already; a tick moving the resync
  // to loading goes on to reconcile it (src/resync/step.ts) if those were all it had to load.
  await queueRanges(
    ctx,
    current.id,
    ranges.filter((range) => !split.has(range.entity)),
  );
  return 'loading';
}

/**
 * Queues the next polling tick, unless one is already queued: the tick queued for `due` (the
 * chain itself) carries it on, and so does any tick once the queued one is a minute overdue (the
 * chain was lost: a failed send, a dropped message). Ticks from webhooks, staged files and the
 * sweep come on top of the chain without starting another.
 */
async function pollAgain(ctx: ResyncContext, resyncId: string, due: string | undefined) {
  const queued = await scheduleNextTick(ctx.db, resyncId, ctx.pollSeconds, due);
  if (queued) await ctx.resyncQueue.send({ kind: 'resync-tick', resyncId, due: queued }, { delaySeconds: ctx.pollSeconds });
}

/** One tick of a resync. Admin API errors that retrying cannot fix fail the resync with their reason. */
export async function advanceResync(ctx: ResyncContext, resyncId: string, due?: string): Promise<void> {
  const current = await resyncById(ctx.db, resyncId);
  if (!current || current.status === 'reconciled' || current.status === 'failed' || current.status === 'loading') return;
  const usable = await usableInstall(ctx.db, ctx.keeping, current.shopId);
  if (!usable.ok) return failResync(ctx.db, resyncId, usable.reason);
  const { install } = usable;
  const client = new AdminClient({ url: adminApiUrl(install.shopUrl, ctx.apiVersion), accessToken: install.accessToken, budget: install.budget });
  try {
    if (current.status === 'requested') await begin(ctx, current, install, client);
    const running = { count: 0 };
    const latest = latestAttempts(await operationsOf(ctx.db, resyncId));
    running.count = latest.filter((op) => op.bulkOperationId && RUNNING.has(op.status ?? '')).length;
    for (const op of latest) {
      if (isNestedExport(op.entity)) await stepNestedExport(ctx, install, client, op, latest);
      else await step(ctx, current, install, client, op, running);
      if ((await resyncById(ctx.db, resyncId))?.status === 'failed') return;
    }
    if ((await settleStage(ctx, current)) === 'waiting') await pollAgain(ctx, resyncId, due);
  } catch (error) {
    // A refused token that renewing may cure: the queue's retry runs the tick again with a new one.
    if (error instanceof AdminApiError && error.code === 'UNAUTHORIZED' && (await tokenRefused(ctx.db, install.shopId, error.message)) === 'renew') throw error;
    if (error instanceof AdminApiError && !error.retryable) return failResync(ctx.db, resyncId, error.message);
    throw error;
  } finally {
    await saveThrottle(ctx.db, install.shopId, client.lastBudget);
  }
}
