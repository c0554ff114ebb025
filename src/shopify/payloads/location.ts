import { z } from 'zod';
import { shopifyId, timestamp } from './scalars';

/** locations/create, locations/update (and activate/deactivate): one of the merchant's own places, its address included. */
export const location = z.object({
  id: shopifyId,
  name: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  zip: z.string().nullish(),
  province: z.string().nullish(),
  province_code: z.string().nullish(),
  country_code: z.string().nullish(),
  active: z.boolean().nullish(),
  created_at: timestamp.nullish(),
  updated_at: timestamp,
});

export type Location = z.infer<typeof location>;
