/**
 * Queue messages are claim checks: where the raw bytes are in R2 and what they are, never the
 * payload. Producer and consumers deploy separately, so consumers parse them with these schemas.
 */
import { z } from 'zod';
import { deliveryHeaders } from '../shopify/delivery';

export const webhookClaim = deliveryHeaders.extend({
  kind: z.literal('shopify-webhook'),
  rawKey: z.string().min(1),
  receivedAt: z.iso.datetime({ offset: true }),
  bytes: z.number().int().nonnegative().optional().describe('Size of the raw body, when known'),
});

export type WebhookClaim = z.infer<typeof webhookClaim>;
