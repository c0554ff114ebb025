import { z } from 'zod';
import { timestamp } from './scalars';

/** bulk_operations/finish: status and error code in lower case. */
export const bulkOperationFinish = z.object({
  admin_graphql_api_id: z.string().startsWith('gid://shopify/BulkOperation/'),
  status: z.string(),
  error_code: z.string().nullish(),
  type: z.string().nullish(),
  created_at: timestamp.nullish(),
  completed_at: timestamp.nullish(),
});

export type BulkOperationFinish = z.infer<typeof bulkOperationFinish>;
