/**
 * Queue messages are claim checks: where the raw bytes are in R2 and what they are, never the
 * payload. Producer and consumers deploy separately, so consumers parse them with these schemas.
 */
import { z } from 'zod';
import { deliveryHeaders } from '../shopify/delivery';

export const webhookClaim = deliveryHeaders.extend({
  kind: z.literal('shopify-webhook'),
  rawKey: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
  bytes: z.number().int().nonnegative().optional().describe('Size of the raw body, when known'),
  replay: z.boolean().optional().describe('Sent again by Wharf (a replay or a re-drive), not by Shopify; it keeps the receivedAt of the delivery it replays'),
});

export type WebhookClaim = z.infer<typeof webhookClaim>;

/** An uploaded file to split into chunks of whole records. */
export const uploadMessage = z.object({ kind: z.literal('upload'), jobId: z.string().min(1) });

/** One chunk of an upload: a byte range of whole records, and the number of its first record. */
export const chunkMessage = z.object({
  kind: z.literal('chunk'),
  jobId: z.string().min(1),
  chunk: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  firstRow: z.number().int().positive(),
});

export type UploadMessage = z.infer<typeof uploadMessage>;
export type ChunkMessage = z.infer<typeof chunkMessage>;

/** Move a resync's state machine on: start, poll, download, or finish what is due. */
export const resyncTickMessage = z.object({
  kind: z.literal('resync-tick'),
  resyncId: z.string().min(1),
  /** Set on a polling tick: the `next_tick_at` it was queued for. */
  due: z.string().optional(),
});

/**
 * Load a range of one entity's staged bulk lines into the warehouse: the range named, or without
 * one any range of the entity that no one holds; then further unheld ranges while time is left.
 */
export const resyncAssembleMessage = z.object({
  kind: z.literal('resync-assemble'),
  resyncId: z.string().min(1),
  entity: z.string().min(1),
  range: z.number().int().positive().optional(),
});

/** Check a shop's connection: its token, its scopes and its webhook subscriptions (src/connect/check.ts). */
export const shopCheckMessage = z.object({ kind: z.literal('shop-check'), shopId: z.number().int().positive() });

export const resyncMessage = z.discriminatedUnion('kind', [resyncTickMessage, resyncAssembleMessage, shopCheckMessage]);

export type ResyncMessage = z.infer<typeof resyncMessage>;

/** Move a Parquet export on by one step: write the next file of a table, or publish (src/exports/run.ts). */
export const exportMessage = z.object({ kind: z.literal('export-step'), runId: z.string().min(1) });

export type ExportMessage = z.infer<typeof exportMessage>;

/** Make the thumbnails of one source image, named by its URL (src/images/). */
export const thumbnailMessage = z.object({ kind: z.literal('thumbnail'), url: z.string().min(1) });

export type ThumbnailMessage = z.infer<typeof thumbnailMessage>;

/**
 * A message sent again from a quarantine record carries the record's id as `replayOf`, next to what
 * its queue's schema reads, so that handling it successfully resolves the record.
 */
export function replayOf(body: unknown): number | undefined {
  const id = (body as { replayOf?: unknown } | null)?.replayOf;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
}
