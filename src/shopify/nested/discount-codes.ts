/**
 * A code discount's redeem codes. The bulk export of discounts leaves them out: bulk results
 * have been reported to cut a nested connection such as `codes` at about a hundred nodes per
 * parent, without an error, and a discount generated for a campaign holds thousands. They are
 * read with paginated queries instead, every page of them; the export holds each discount's
 * `codesCount`, so that a discount whose codes were not all read is rejected, not loaded short.
 */
import { z } from 'zod';
import type { AdminClient } from '../admin-graphql';
import { gid } from '../bulk/nodes';
import { childPage, type PagedChildren, pagedChildLines } from './paged-children';

/** The code discounts (the members of the DiscountCode union), each with the same `codes` connection. */
const CODE_DISCOUNTS = ['DiscountCodeBasic', 'DiscountCodeBxgy', 'DiscountCodeFreeShipping', 'DiscountCodeApp'];

const codes = (args: string) =>
  CODE_DISCOUNTS.map((type) => `... on ${type} { codes(${args}) { edges { node { id code asyncUsageCount } } pageInfo { hasNextPage endCursor } } }`).join(' ');

export const DISCOUNT_CODES: PagedChildren = {
  firstPages: `query DiscountCodes($ids: [ID!]!, $first: Int!) {
  nodes(ids: $ids) { ... on DiscountCodeNode { id codeDiscount { ${codes('first: $first')} } } }
}`,
  nextPage: `query MoreDiscountCodes($id: ID!, $first: Int!, $after: String!) {
  node(id: $id) { ... on DiscountCodeNode { id codeDiscount { ${codes('first: $first, after: $after')} } } }
}`,
  // A discount deleted since the export comes back null.
  parent: z
    .object({ id: gid, codeDiscount: z.object({ codes: childPage }) })
    .nullable()
    .transform((node) => node && { id: node.id, page: node.codeDiscount.codes }),
  // The node, its discount and the connection; each code.
  parentCost: 4,
  childCost: 1,
};

/** The JSON lines of the discounts' redeem codes, discount by discount; `discountIds` are DiscountCodeNode gids. */
export const discountCodeLines = (client: AdminClient, discountIds: readonly string[]) => pagedChildLines(client, DISCOUNT_CODES, discountIds);
