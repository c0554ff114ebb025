/**
 * Dispatches each batch to the consumer of the queue it came from (names as in wrangler.toml). A
 * queue's dead-letter queue (`<queue>-dlq`) is consumed by recording its messages as failures of
 * that queue.
 */
import { log } from '../src/lib/log';
import type { QueueConsumer } from './consumer';
import { recordDeadLetters } from './dead-letter';
import { ingest, transform } from './deliveries';
import { exportStep } from './export';
import { DEAD_LETTER_QUEUE_SUFFIX } from './failures';
import { loadChunk } from './load-chunk';
import { resync } from './resync';
import { splitUpload } from './split-upload';
import { thumbnails } from './thumbnails';

export const consumers: Readonly<Record<string, QueueConsumer>> = {
  'wharf-ingest': ingest,
  'wharf-transform': transform,
  'wharf-uploads': splitUpload,
  'wharf-chunks': loadChunk,
  'wharf-resyncs': resync,
  'wharf-exports': exportStep,
  'wharf-thumbnails': thumbnails,
};

export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const deadLetters = batch.queue.endsWith(DEAD_LETTER_QUEUE_SUFFIX);
  const queue = deadLetters ? batch.queue.slice(0, -DEAD_LETTER_QUEUE_SUFFIX.length) : batch.queue;
  const consumer = Object.hasOwn(consumers, queue) ? consumers[queue] : undefined;
  if (!consumer) {
    // Retrying keeps the messages until a deployment that knows the queue picks them up.
    log.error('no consumer for queue', { queue: batch.queue });
    batch.retryAll();
    return;
  }
  await (deadLetters ? recordDeadLetters({ queue, consumer }, batch, env, ctx) : consumer.consume(batch, env, ctx));
}
