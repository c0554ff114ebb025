import { z } from 'zod';
import { shopifyId } from './scalars';

/** The delete topics (orders/delete, products/delete, ...) carry little more than the id. */
export const deletion = z.object({ id: shopifyId });

export type Deletion = z.infer<typeof deletion>;
