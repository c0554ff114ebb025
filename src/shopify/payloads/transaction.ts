import { z } from 'zod';
import { money, shopifyId, timestamp } from './scalars';

/**
 * order_transactions/create: a payment event of an order (authorization, sale, capture, refund,
 * void), the money finance reconciles to. Sent when the transaction is created and when its
 * status changes; it carries no `updated_at`. `amount` is in the transaction's `currency`.
 */
export const orderTransaction = z.object({
  id: shopifyId,
  order_id: shopifyId,
  parent_id: shopifyId.nullish(),
  kind: z.string(),
  status: z.string().nullish(),
  gateway: z.string().nullish(),
  amount: money,
  currency: z.string().nullish(),
  error_code: z.string().nullish(),
  test: z.boolean().nullish(),
  created_at: timestamp,
  processed_at: timestamp.nullish(),
});

export type OrderTransaction = z.infer<typeof orderTransaction>;
