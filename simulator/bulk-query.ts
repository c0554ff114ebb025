/**
 * The query text of `bulkOperationRunQuery`: checked against Shopify's bulk query restrictions,
 * then one root connection, an optional search filter on `updated_at`, and the selection (checked
 * against the schema, so a field the simulator does not know fails the operation up front, as an
 * unknown field fails on Shopify).
 */
import { checkBulkQuery } from './bulk-restrictions';
import { ENTITIES, type Entity } from './model';
import { compileSelection, type Plan, SelectionError } from './selection';

export interface UpdatedAtBound {
  op: '>=' | '>' | '<=' | '<';
  at: number;
}

export interface BulkQuery {
  text: string;
  entity: Entity;
  /** Empty for a full export. */
  bounds: readonly UpdatedAtBound[];
  /** `fulfillmentOrders(includeClosed: true)`, `locations(includeInactive: true)`: what is left out without them. */
  includeClosed: boolean;
  includeInactive: boolean;
  plan: Plan;
}

/** Why a bulk query cannot run: one message per user error. */
export class BulkQueryError extends Error {
  readonly messages: readonly string[];

  constructor(messages: string | readonly string[]) {
    const list = typeof messages === 'string' ? [messages] : messages;
    super(list.join('\n'));
    this.messages = list;
  }
}

const TERM = /^updated_at:\s*(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+))$/i;

/** Shopify search syntax, as far as resyncs use it: `updated_at` comparisons joined by AND. */
export function parseSearch(search: string): UpdatedAtBound[] {
  const terms = search.trim() === '' ? [] : search.trim().split(/\s+AND\s+/i);
  return terms.map((term) => {
    const match = TERM.exec(term.trim());
    if (!match) throw new BulkQueryError(`Invalid search query term (the simulator filters on updated_at only): ${term}`);
    const text = match[2] ?? match[3] ?? match[4]!;
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new BulkQueryError(`Invalid date in search query: ${text}`);
    return { op: (match[1] ?? '>=') as UpdatedAtBound['op'], at };
  });
}

export function withinBounds(updatedAt: number, bounds: readonly UpdatedAtBound[]): boolean {
  for (const bound of bounds) {
    if (
      bound.op === '>=' ? updatedAt < bound.at : bound.op === '>' ? updatedAt <= bound.at : bound.op === '<=' ? updatedAt > bound.at : updatedAt >= bound.at
    ) {
      return false;
    }
  }
  return true;
}

export function compileBulkQuery(text: string): BulkQuery {
  const { operation, violations } = checkBulkQuery(text);
  if (!operation || violations.length > 0) throw new BulkQueryError(violations);
  if (operation.selections.length !== 1) throw new BulkQueryError('Invalid bulk query: a bulk query must have exactly one top-level field');
  const root = operation.selections[0]!;
  const entity = ENTITIES.find((name) => name === root.name);
  if (!entity) throw new BulkQueryError(`Invalid bulk query: Field '${root.name}' doesn't exist on type 'QueryRoot'`);
  let plan: Plan;
  try {
    plan = compileSelection('BulkQueryRoot', [root]).fields[0]!.plan!;
  } catch (error) {
    if (error instanceof SelectionError) throw new BulkQueryError(`Invalid bulk query: ${error.message}`);
    throw error;
  }
  const search = root.args.query;
  if (search && (search.kind !== 'scalar' || typeof search.value !== 'string')) {
    throw new BulkQueryError('Invalid bulk query: the query argument must be a string literal');
  }
  const flag = (name: string) => root.args[name]?.kind === 'scalar' && root.args[name].value === true;
  return {
    text,
    entity,
    bounds: search ? parseSearch(search.value as string) : [],
    includeClosed: flag('includeClosed'),
    includeInactive: flag('includeInactive'),
    plan,
  };
}
