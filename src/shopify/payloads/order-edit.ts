import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

const lineChange = z.object({ id: shopifyId, delta: z.number().int() });

/** orders/edited: the edit itself; the order's new state follows as orders/updated. */
export const orderEdited = z.object({
  order_edit: z.object({
    id: shopifyId,
    order_id: shopifyId,
    created_at: timestamp,
    committed_at: timestamp.nullish(),
    staff_note: z.string().nullish(),
    line_items: z.object({ additions: z.array(lineChange).default([]), removals: z.array(lineChange).default([]) }).default({ additions: [], removals: [] }),
  }),
});

export type OrderEdited = z.infer<typeof orderEdited>;
