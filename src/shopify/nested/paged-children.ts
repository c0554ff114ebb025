/**
 * Children that no bulk query can export whole, read with ordinary paginated queries a few
 * parents at a time, and written as the lines a bulk result would hold (each node with
 * `__parentId`, its parent's gid), so that staging and assembly take them like any other child.
 */
import { z } from 'zod';
import type { AdminClient } from '../admin-graphql';

export const childPage = z.object({
  edges: z.array(z.object({ node: z.record(z.string(), z.unknown()) })),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
});

export type Page = z.infer<typeof childPage>;

export interface PagedChildren {
  /** `nodes(ids: $ids)` with each parent's first page of `$first` children. */
  firstPages: string;
  /** `node(id: $id)` with the page of `$first` children after `$after`. */
  nextPage: string;
  /** A parent as both queries answer it (null when it is gone), with its id and its page of children. */
  parent: z.ZodType<{ id: string; page: Page } | null>;
  /** Shopify's estimate of a parent's cost besides its children (1 per object, 2 per connection). */
  parentCost: number;
  /** Shopify's estimate of one child's cost (1 per object it selects). */
  childCost: number;
}

// A query may cost at most 1,000 points, and no more than the shop's bucket holds.
const MAX_QUERY_COST = 1000;

/** How a shop's budget is spent: parents per query and children per page, within what one query may cost. */
function pageSizes(spec: Pick<PagedChildren, 'parentCost' | 'childCost'>, maximumAvailable = MAX_QUERY_COST) {
  const budget = Math.min(MAX_QUERY_COST, maximumAvailable);
  const fitting = Math.max(1, Math.floor((budget - spec.parentCost) / spec.childCost));
  const first = Math.min(10, fitting);
  const costOf = (parents: number, children: number) => parents * (spec.parentCost + children * spec.childCost);
  return { parents: Math.max(1, Math.min(25, Math.floor(budget / costOf(1, first)))), first, next: Math.min(100, fitting), costOf };
}

const lines = (parent: string, { edges }: Page) => edges.map(({ node }) => JSON.stringify({ ...node, __parentId: parent }));

/** The JSON lines of the parents' children, parent by parent; `parentIds` are gids. */
export async function* pagedChildLines(client: AdminClient, spec: PagedChildren, parentIds: readonly string[]): AsyncGenerator<string> {
  const size = pageSizes(spec, client.lastBudget?.maximumAvailable);
  for (let i = 0; i < parentIds.length; i += size.parents) {
    const ids = parentIds.slice(i, i + size.parents);
    const { nodes } = await client.request(
      spec.firstPages,
      { ids, first: size.first },
      z.object({ nodes: z.array(spec.parent) }),
      size.costOf(ids.length, size.first),
    );
    for (const found of nodes) {
      if (!found) continue;
      yield* lines(found.id, found.page);
      let more = found.page.pageInfo;
      while (more.hasNextPage && more.endCursor) {
        const variables = { id: found.id, first: size.next, after: more.endCursor };
        const { node } = await client.request(spec.nextPage, variables, z.object({ node: spec.parent }), size.costOf(1, size.next));
        if (!node) break;
        yield* lines(node.id, node.page);
        more = node.page.pageInfo;
      }
    }
  }
}
