/**
 * Replays: deliveries are processed again from their raw R2 objects (their ledger entries are set
 * back to `validated` and their claim checks re-enter the ingest queue, marked as replays so that
 * they are not counted as deliveries), and quarantined failures are re-driven to the queue they
 * failed on. Every step is idempotent, so a replay never double-counts; it is how failures are
 * recovered after a fix, and how a shop's history is rebuilt.
 */

import type { Warehouse } from '../warehouse/db';
import { markReplayed, type ReplayableFailure } from '../warehouse/dead-letters';
import { claimKey, claimsOf, type DeliveryFilter, markForReplay, recordedClaims } from '../warehouse/ledger';
import { reopenJob } from '../warehouse/upload-jobs';
import {
  type ChunkMessage,
  chunkMessage,
  type ExportMessage,
  exportMessage,
  type ResyncMessage,
  resyncMessage,
  type ThumbnailMessage,
  thumbnailMessage,
  type UploadMessage,
  uploadMessage,
  type WebhookClaim,
  webhookClaim,
} from './messages';
import { chunkQueue, exportQueue, ingestQueue, type Producer, resyncQueue, SEND_BATCH_MAX, thumbnailQueue, uploadQueue } from './producers';

type Db = Pick<Warehouse, 'select' | 'update'>;

/** Sends claim checks to the ingest queue again, after marking their deliveries as to be loaded (a batch's worth at a time). */
export async function requeueClaims(db: Db, ingest: Producer<WebhookClaim>, claims: readonly WebhookClaim[]) {
  for (let i = 0; i < claims.length; i += SEND_BATCH_MAX) {
    const batch = claims.slice(i, i + SEND_BATCH_MAX);
    await markForReplay(db, batch);
    await ingest.sendAll(batch.map((claim) => ({ ...claim, replay: true })));
  }
}

export interface ReplayResult {
  queued: number;
  /** True when more deliveries matched than one replay takes; run it again after `lastId`. */
  truncated: boolean;
  lastId: number | null;
}

const toClaim = ({ id: _id, ...row }: Awaited<ReturnType<typeof claimsOf>>[number]): WebhookClaim => ({ kind: 'shopify-webhook', ...row });

/** Replays the shop's recorded deliveries that match `filter`, oldest first. */
export async function replayDeliveries(
  db: Db,
  ingest: Producer<WebhookClaim>,
  shopDomain: string,
  filter: DeliveryFilter,
  options: { afterId?: number; max: number },
): Promise<ReplayResult> {
  const rows = await recordedClaims(db, shopDomain, filter, options);
  const selected = rows.slice(0, options.max);
  await requeueClaims(db, ingest, selected.map(toClaim));
  return { queued: selected.length, truncated: rows.length > options.max, lastId: selected.at(-1)?.id ?? null };
}

export type ReplayQueues = Pick<Env, 'INGEST_QUEUE' | 'UPLOAD_QUEUE' | 'CHUNK_QUEUE' | 'RESYNC_QUEUE' | 'THUMBNAIL_QUEUE' | 'EXPORT_QUEUE'>;

const bodyOf = (failure: ReplayableFailure) => (failure.details as { body?: unknown } | null)?.body;

/**
 * Re-drives quarantined failures: a delivery is validated and loaded again from its raw object
 * (its claim check is in the record, or in the ledger); an upload's split or chunk is sent again
 * after its job, if the failure had failed it, is opened again; a resync or export step or a
 * thumbnail message is sent as it was.
 * Each message names the record it re-drives, so that handling it resolves the record. Returns
 * the ids re-driven and those that cannot be (a malformed message has nothing to re-drive).
 */
export async function replayFailures(db: Db, queues: ReplayQueues, failures: readonly ReplayableFailure[]): Promise<{ queued: number[]; skipped: number[] }> {
  const queued: number[] = [];
  const skipped: number[] = [];
  const claims = new Map<string, WebhookClaim>();
  const fromLedger: ReplayableFailure[] = [];
  const splits: UploadMessage[] = [];
  const chunks: ChunkMessage[] = [];
  const steps: ResyncMessage[] = [];
  const exportSteps: ExportMessage[] = [];
  const thumbnails: ThumbnailMessage[] = [];

  for (const failure of failures) {
    const body = bodyOf(failure);
    const replay = { replayOf: failure.id };
    if (failure.stage === 'validate' || failure.stage === 'transform') {
      const claim = webhookClaim.safeParse(body);
      if (claim.success) {
        claims.set(claimKey(claim.data), claim.data);
        queued.push(failure.id);
      } else if (failure.shopDomain && failure.webhookId) fromLedger.push(failure);
      else skipped.push(failure.id);
      continue;
    }
    const upload = failure.stage === 'chunk' ? chunkMessage.safeParse(body) : failure.stage === 'split' ? uploadMessage.safeParse(body) : null;
    if (upload?.success) {
      await reopenJob(db, upload.data.jobId);
      if (upload.data.kind === 'chunk') chunks.push({ ...upload.data, ...replay });
      else splits.push({ ...upload.data, ...replay });
      queued.push(failure.id);
      continue;
    }
    const step = failure.stage === 'resync' ? resyncMessage.safeParse(body) : null;
    const thumbnail = failure.stage === 'thumbnail' ? thumbnailMessage.safeParse(body) : null;
    const exportStep = failure.stage === 'export' ? exportMessage.safeParse(body) : null;
    if (step?.success) steps.push({ ...step.data, ...replay });
    else if (thumbnail?.success) thumbnails.push({ ...thumbnail.data, ...replay });
    else if (exportStep?.success) exportSteps.push({ ...exportStep.data, ...replay });
    else {
      skipped.push(failure.id);
      continue;
    }
    queued.push(failure.id);
  }

  // A quarantined delivery's record holds no claim check: the ledger has it.
  const recorded = await claimsOf(
    db,
    fromLedger.map((f) => ({ shopDomain: f.shopDomain!, webhookId: f.webhookId! })),
  );
  for (const row of recorded) claims.set(claimKey(row), toClaim(row));
  for (const failure of fromLedger) {
    if (claims.has(claimKey({ shopDomain: failure.shopDomain!, webhookId: failure.webhookId! }))) queued.push(failure.id);
    else skipped.push(failure.id);
  }

  await requeueClaims(db, ingestQueue(queues), [...claims.values()]);
  await uploadQueue(queues).sendAll(splits);
  await chunkQueue(queues).sendAll(chunks);
  await resyncQueue(queues).sendAll(steps);
  await exportQueue(queues).sendAll(exportSteps);
  await thumbnailQueue(queues).sendAll(thumbnails);
  await markReplayed(db, queued);
  return { queued, skipped };
}
