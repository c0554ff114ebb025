import { z } from 'zod';

export const job = z.object({
  id: z.string(),
  source: z.enum(['retail-csv']),
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
