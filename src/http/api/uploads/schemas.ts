import { z } from 'zod';
import { dataTopics } from '../../../domain/topics';
import { mappingIdParam } from '../mappings/schemas';

/** Topics whose resources can be uploaded: the data topics. Lifecycle, compliance and bulk topics come only from signed Shopify deliveries. */
const uploadableTopic = z.enum(dataTopics as [string, ...string[]], {
  error: `expected a data topic, one of ${dataTopics.join(', ')}: lifecycle, compliance and bulk operation topics come only from signed Shopify deliveries`,
});

/**
 * What is being uploaded: `retail-csv` (an Online-Retail-style sales export), `shopify-jsonl`
 * (one Shopify REST resource per line, as the webhook of `topic` carries it),
 * `shopify-products-csv` (Shopify's product CSV export, either header generation), or
 * `mapped-orders` (another channel's order lines, read by a declared `mapping`).
 */
export const uploadQuery = z
  .strictObject({
    source: z
      .enum(['retail-csv', 'shopify-jsonl', 'shopify-products-csv', 'mapped-orders'])
      .describe(
        'retail-csv: InvoiceNo,StockCode,… sales lines. shopify-jsonl: one REST resource per line (with topic). shopify-products-csv: the Shopify admin product export (legacy or 2025 headers), loaded as products/update would load each product. mapped-orders: order lines from another channel, CSV or JSON Lines, read by the mapping given in mapping',
      ),
    topic: uploadableTopic.optional().describe('With shopify-jsonl: the webhook topic whose schema each line takes'),
    mapping: mappingIdParam.optional().describe('With mapped-orders: the column mapping (POST /v1/mappings) that reads the file'),
  })
  .refine((q) => (q.source === 'shopify-jsonl') === (q.topic !== undefined), {
    message: 'topic goes with source=shopify-jsonl, and only with it',
    path: ['topic'],
  })
  .refine((q) => (q.source === 'mapped-orders') === (q.mapping !== undefined), {
    message: 'mapping goes with source=mapped-orders, and only with it',
    path: ['mapping'],
  });

export const job = z.object({
  id: z.string(),
  source: z
    .enum(['retail-csv', 'shopify-jsonl', 'shopify-products-csv', 'mapped-orders', 'shopify-bulk'])
    .describe('shopify-bulk: a resync\'s bulk operation result'),
  topic: z.string().nullable(),
  mappingId: z.string().nullable().describe('With mapped-orders: the mapping the file was loaded with (GET /v1/mappings/{id})'),
  status: z.enum(['queued', 'splitting', 'loading', 'done', 'failed']),
  bytes: z.number(),
  rows: z.object({
    seen: z.number(),
    loaded: z.number(),
    rejected: z.number(),
    duplicates: z.number(),
    balanced: z.boolean().describe('seen = loaded + rejected + duplicates'),
  }),
  chunks: z.object({ total: z.number().nullable(), done: z.number() }),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rejectsUrl: z.string(),
});
