/**
 * A refund's line items, which no bulk query can export: `Order.refunds` is a list, and Shopify
 * refuses a connection inside a list field in a bulk query ("Queries that contain a connection
 * field within a list field are not currently supported."). They are read with ordinary paginated
 * queries, a few refunds at a time, and written as the lines a bulk result would hold (each node
 * with `__parentId`, the refund's gid), so that staging and assembly take them like any other child.
 */
import { z } from 'zod';
import type { AdminClient } from '../admin-graphql';
import { gid } from '../bulk/nodes';

const LINE_FIELDS = 'id quantity restockType location { id } lineItem { id } subtotalSet { shopMoney { amount currencyCode } } totalTaxSet { shopMoney { amount currencyCode } }';

// Shopify's estimate of a query's cost: 1 per object, 2 per connection plus `first` times each
// node (the line, and its five objects). A query may cost at most 1,000 points, and no more than
// the shop's bucket holds.
const LINE_COST = 7;
const costOf = (refunds: number, first: number) => refunds * (1 + 2 + first * LINE_COST);
const MAX_QUERY_COST = 1000;

/** How a shop's budget is spent: refunds per query and line items per page, within what one query may cost. */
export function pageSizes(maximumAvailable = MAX_QUERY_COST) {
  const budget = Math.min(MAX_QUERY_COST, maximumAvailable);
  const first = Math.max(1, Math.min(10, Math.floor((budget - 3) / LINE_COST)));
  return { refunds: Math.max(1, Math.min(25, Math.floor(budget / costOf(1, first)))), first, next: Math.max(1, Math.min(100, Math.floor((budget - 3) / LINE_COST))) };
}

const REFUND_LINE_ITEMS = `query RefundLineItems($ids: [ID!]!, $first: Int!) {
  nodes(ids: $ids) { ... on Refund { id refundLineItems(first: $first) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`;

const MORE_REFUND_LINE_ITEMS = `query MoreRefundLineItems($id: ID!, $first: Int!, $after: String!) {
  node(id: $id) { ... on Refund { id refundLineItems(first: $first, after: $after) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`;

const page = z.object({
  edges: z.array(z.object({ node: z.record(z.string(), z.unknown()) })),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
});
// A refund deleted since the export (or not the shop's) comes back null.
const refund = z.object({ id: gid, refundLineItems: page }).nullable();

type Page = z.infer<typeof page>;

const lines = (refundId: string, { edges }: Page) => edges.map(({ node }) => JSON.stringify({ ...node, __parentId: refundId }));

/** The JSON lines of the refunds' line items, refund by refund; `refundIds` are gids. */
export async function* refundLineItemLines(client: AdminClient, refundIds: readonly string[]): AsyncGenerator<string> {
  const size = pageSizes(client.lastBudget?.maximumAvailable);
  for (let i = 0; i < refundIds.length; i += size.refunds) {
    const ids = refundIds.slice(i, i + size.refunds);
    const { nodes } = await client.request(REFUND_LINE_ITEMS, { ids, first: size.first }, z.object({ nodes: z.array(refund) }), costOf(ids.length, size.first));
    for (const found of nodes) {
      if (!found) continue;
      yield* lines(found.id, found.refundLineItems);
      let more = found.refundLineItems.pageInfo;
      while (more.hasNextPage && more.endCursor) {
        const variables = { id: found.id, first: size.next, after: more.endCursor };
        const { node } = await client.request(MORE_REFUND_LINE_ITEMS, variables, z.object({ node: refund }), costOf(1, size.next));
        if (!node) break;
        yield* lines(node.id, node.refundLineItems);
        more = node.refundLineItems.pageInfo;
      }
    }
  }
}
