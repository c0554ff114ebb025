/**
 * Thumbnail consumer: each message names a source image whose thumbnails are made
 * (src/images/process.ts). One image at a time: a decoded image takes tens of megabytes of the
 * isolate's memory. An image that fails is recorded with its reason and acknowledged; only the
 * database or R2 failing retries the message.
 */
import { thumbnailConfig } from '../src/config';
import { thumbnailImage } from '../src/images/process';
import { thumbnailMessage } from '../src/pipeline/messages';
import { withWarehouse } from '../src/warehouse/db';
import type { QueueConsumer } from './consumer';
import { failureRecorder } from './failures';
import { retryPolicy, Settlement, settleEach } from './settlement';

export const thumbnails: QueueConsumer = {
  maxRetries: 5,
  stage: 'thumbnail',
  subjectOf(body) {
    const message = thumbnailMessage.safeParse(body);
    return message.success ? { stage: 'thumbnail', subject: `thumbnail:${message.data.url}` } : null;
  },
  async consume(batch, env, ctx) {
    const config = thumbnailConfig(env);
    await withWarehouse(env, ctx, async (db) => {
      const settlement = new Settlement(batch, retryPolicy(env, thumbnails));
      try {
        await settleEach(settlement, thumbnailMessage, async (message) => {
          await thumbnailImage({ db, bucket: env.RAW_BUCKET, config }, message.url);
        });
      } finally {
        await settlement.finish(failureRecorder(env, db, thumbnails));
      }
    });
  },
};
