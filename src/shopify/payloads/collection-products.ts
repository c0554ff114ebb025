import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/** Which products a collection holds, as of its `updated_at`: resyncs export it; no webhook carries it. */
export const collectionProducts = z.object({
  collection_id: shopifyId,
  updated_at: timestamp,
  product_ids: z.array(shopifyId),
});

export type CollectionProducts = z.infer<typeof collectionProducts>;
