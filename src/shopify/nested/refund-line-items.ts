/**
 * A refund's line items, which no bulk query can export: `Order.refunds` is a list, and Shopify
 * refuses a connection inside a list field in a bulk query ("Queries that contain a connection
 * field within a list field are not currently supported."). They are read with paginated queries.
 */
import { z } from 'zod';
import type { AdminClient } from '../admin-graphql';
import { gid } from '../bulk/nodes';
import { childPage, type PagedChildren, pagedChildLines } from './paged-children';

const LINE_FIELDS =
  'id quantity restockType location { id } lineItem { id } subtotalSet { shopMoney { amount currencyCode } } totalTaxSet { shopMoney { amount currencyCode } }';

const REFUND_LINE_ITEMS: PagedChildren = {
  firstPages: `query RefundLineItems($ids: [ID!]!, $first: Int!) {
  nodes(ids: $ids) { ... on Refund { id refundLineItems(first: $first) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`,
  nextPage: `query MoreRefundLineItems($id: ID!, $first: Int!, $after: String!) {
  node(id: $id) { ... on Refund { id refundLineItems(first: $first, after: $after) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`,
  // A refund deleted since the export (or not the shop's) comes back null.
  parent: z
    .object({ id: gid, refundLineItems: childPage })
    .nullable()
    .transform((refund) => refund && { id: refund.id, page: refund.refundLineItems }),
  // The refund and its connection; each line, and its five objects.
  parentCost: 3,
  childCost: 7,
};

/** The JSON lines of the refunds' line items, refund by refund; `refundIds` are gids. */
export const refundLineItemLines = (client: AdminClient, refundIds: readonly string[]) => pagedChildLines(client, REFUND_LINE_ITEMS, refundIds);
