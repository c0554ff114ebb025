/**
 * The shipping a refund gave back, for the sales report's shipping and taxes. Like a refund's
 * line items, `Refund.refundShippingLines` is a connection inside the `Order.refunds` list, which
 * no bulk query may select: it is read with paginated queries.
 */
import { z } from 'zod';
import type { AdminClient } from '../admin-graphql';
import { gid } from '../bulk/nodes';
import { childPage, type PagedChildren, pagedChildLines } from './paged-children';

const LINE_FIELDS = 'id subtotalAmountSet { shopMoney { amount currencyCode } } taxAmountSet { shopMoney { amount currencyCode } }';

const REFUND_SHIPPING_LINES: PagedChildren = {
  firstPages: `query RefundShippingLines($ids: [ID!]!, $first: Int!) {
  nodes(ids: $ids) { ... on Refund { id refundShippingLines(first: $first) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`,
  nextPage: `query MoreRefundShippingLines($id: ID!, $first: Int!, $after: String!) {
  node(id: $id) { ... on Refund { id refundShippingLines(first: $first, after: $after) { edges { node { ${LINE_FIELDS} } } pageInfo { hasNextPage endCursor } } } }
}`,
  // A refund deleted since the export (or not the shop's) comes back null.
  parent: z
    .object({ id: gid, refundShippingLines: childPage })
    .nullable()
    .transform((refund) => refund && { id: refund.id, page: refund.refundShippingLines }),
  // The refund and its connection; each line, and its four objects.
  parentCost: 3,
  childCost: 5,
};

/** The JSON lines of the refunds' shipping lines, refund by refund; `refundIds` are gids. */
export const refundShippingLineLines = (client: AdminClient, refundIds: readonly string[]) => pagedChildLines(client, REFUND_SHIPPING_LINES, refundIds);
