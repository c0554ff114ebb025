/**
 * Wharf's queues as their producers use them: each carries the messages of one schema in
 * messages.ts, always as JSON, and takes any number of them at once.
 */
import type { ChunkMessage, ExportMessage, ResyncMessage, ThumbnailMessage, UploadMessage, WebhookClaim } from './messages';

/** The most messages one `sendBatch` carries. */
export const SEND_BATCH_MAX = 100;

export interface Producer<M> {
  send(message: M, options?: { delaySeconds?: number }): Promise<void>;
  /** Sends in order, in batches of at most SEND_BATCH_MAX; nothing at all when there are none. */
  sendAll(messages: readonly M[], options?: { delaySeconds?: number }): Promise<void>;
}

export function producer<M>(queue: Queue): Producer<M> {
  return {
    async send(message, options) {
      await queue.send(message, { ...options, contentType: 'json' });
    },
    async sendAll(messages, options) {
      for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) {
        await queue.sendBatch(
          messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: 'json' as const })),
          options,
        );
      }
    },
  };
}

export const ingestQueue = (env: Pick<Env, 'INGEST_QUEUE'>) => producer<WebhookClaim>(env.INGEST_QUEUE);
export const transformQueue = (env: Pick<Env, 'TRANSFORM_QUEUE'>) => producer<WebhookClaim>(env.TRANSFORM_QUEUE);
export const uploadQueue = (env: Pick<Env, 'UPLOAD_QUEUE'>) => producer<UploadMessage>(env.UPLOAD_QUEUE);
export const chunkQueue = (env: Pick<Env, 'CHUNK_QUEUE'>) => producer<ChunkMessage>(env.CHUNK_QUEUE);
export const resyncQueue = (env: Pick<Env, 'RESYNC_QUEUE'>) => producer<ResyncMessage>(env.RESYNC_QUEUE);
export const exportQueue = (env: Pick<Env, 'EXPORT_QUEUE'>) => producer<ExportMessage>(env.EXPORT_QUEUE);
export const thumbnailQueue = (env: Pick<Env, 'THUMBNAIL_QUEUE'>) => producer<ThumbnailMessage>(env.THUMBNAIL_QUEUE);
