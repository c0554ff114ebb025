import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/** fulfillments/create and fulfillments/update. */
export const fulfillment = z.object({
  id: shopifyId,
  order_id: shopifyId,
  name: z.string().nullish(),
  status: z.string().nullish(),
  shipment_status: z.string().nullish(),
  service: z.string().nullish(),
  location_id: shopifyId.nullish(),
  tracking_company: z.string().nullish(),
  tracking_number: z.string().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
  line_items: z.array(z.object({ id: shopifyId, quantity: z.number().int() })).default([]),
});

export type Fulfillment = z.infer<typeof fulfillment>;
