/** The three Admin API calls a resync makes: start a bulk query, ask how it is doing, read the shop. */
import { z } from 'zod';
import { AdminApiError, type AdminClient } from '../admin-graphql';
import { gid, type ShopInfo, shopInfo } from './nodes';
import { BULK_OPERATION_STATUS, RUN_BULK_QUERY, SHOP_INFO } from './queries';

// Shopify's own estimates for these calls: a mutation costs 10 points, a node read 1.
const RUN_COST = 10;
const READ_COST = 1;

const runResult = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: gid, status: z.string() }).nullish(),
    userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string(), code: z.string().nullish() })),
  }),
});

export type StartResult = { started: true; id: string } | { started: false; busy: true; reason: string };

/**
 * Starts a bulk query. `busy` when the shop already runs as many bulk queries as its API
 * version allows: the caller tries again on a later tick. Other user errors are the query's fault.
 */
export async function startBulkQuery(client: AdminClient, query: string): Promise<StartResult> {
  const { bulkOperationRunQuery: result } = await client.request(RUN_BULK_QUERY, { query }, runResult, RUN_COST);
  if (result.bulkOperation) return { started: true, id: result.bulkOperation.id };
  const reason = result.userErrors.map((e) => e.message).join('; ') || 'no bulk operation was created';
  if (result.userErrors.some((e) => e.code === 'OPERATION_IN_PROGRESS' || /already in progress/i.test(e.message))) {
    return { started: false, busy: true, reason };
  }
  throw new AdminApiError('GRAPHQL', `bulkOperationRunQuery refused the query: ${reason}`, false);
}

export const bulkOperation = z.object({
  id: gid,
  status: z.enum(['CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELING', 'CANCELED', 'EXPIRED']),
  errorCode: z.string().nullish(),
  objectCount: z.coerce.number().nullish(),
  fileSize: z.coerce.number().nullish(),
  url: z.string().nullish(),
  partialDataUrl: z.string().nullish(),
  createdAt: z.string().nullish(),
  completedAt: z.string().nullish(),
});

export type BulkOperation = z.infer<typeof bulkOperation>;

export async function bulkOperationStatus(client: AdminClient, id: string): Promise<BulkOperation | null> {
  const { node } = await client.request(BULK_OPERATION_STATUS, { id }, z.object({ node: bulkOperation.nullable() }), READ_COST);
  return node;
}

export async function readShopInfo(client: AdminClient): Promise<ShopInfo> {
  const { shop } = await client.request(SHOP_INFO, {}, z.object({ shop: shopInfo }), READ_COST);
  return shop;
}
