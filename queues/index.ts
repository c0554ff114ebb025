/** Dispatches each batch to the consumer of the queue it came from (names as in wrangler.toml). */
import { log } from '../src/lib/log';
import { deadLetterBatch } from './dead-letter';
import { transformBatch, validateBatch } from './deliveries';
import { loadChunkBatch } from './load-chunk';
import { resyncBatch } from './resync';
import { splitUploadBatch } from './split-upload';

type Consumer = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

export const consumers: Readonly<Record<string, Consumer>> = {
  'wharf-ingest': validateBatch,
  'wharf-transform': transformBatch,
  'wharf-uploads': splitUploadBatch,
  'wharf-chunks': loadChunkBatch,
  'wharf-resyncs': resyncBatch,
  'wharf-ingest-dlq': deadLetterBatch,
  'wharf-transform-dlq': deadLetterBatch,
  'wharf-uploads-dlq': deadLetterBatch,
  'wharf-chunks-dlq': deadLetterBatch,
  'wharf-resyncs-dlq': deadLetterBatch,
};

export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const consumer = consumers[batch.queue];
  if (!consumer) {
    // Retrying keeps the messages until a deployment that knows the queue picks them up.
    log.error('no consumer for queue', { queue: batch.queue });
    batch.retryAll();
    return;
  }
  await consumer(batch, env, ctx);
}
