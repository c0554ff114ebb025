import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/** collections/create and collections/update: a custom or smart (rules-based) collection. */
export const collection = z.object({
  id: shopifyId,
  handle: z.string().nullish(),
  title: z.string(),
  sort_order: z.string().nullish(),
  published_at: timestamp.nullish(),
  published_scope: z.string().nullish(),
  updated_at: timestamp,
  rules: z.array(z.unknown()).nullish(),
});

export type Collection = z.infer<typeof collection>;
