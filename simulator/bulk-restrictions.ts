/**
 * The restrictions Shopify puts on the query of `bulkOperationRunQuery`, with its own messages.
 *
 * Documented (https://shopify.dev/docs/api/usage/bulk-operations/queries, "Operation
 * restrictions"): at least one connection, at most five connections, no top-level `node` or
 * `nodes` field, connections nested at most two levels below the root one; `first`, `cursor` and
 * `pageInfo` may be selected and are ignored.
 *
 * Observed on Shopify, API 2026-04 (the messages below, each answered as a user error with
 * `field: ["query"]` and `code: "INVALID"`): the size limit, the syntax error of an empty query,
 * queries only, connections selected through `edges` > `node` and not `nodes`, the unaliased `id`
 * of a nested connection's parent node, and no connection inside a list field. The top-level
 * `nodes` message is the `node` one's counterpart.
 *
 * Connections and lists are told apart by the simulator's schema; a field the simulator does not
 * serve counts as a connection when it selects `edges` or `nodes` (so a query over such fields is
 * still answered with the restriction Shopify would report; the schema check then refuses the
 * field itself).
 */
import { type FieldNode, GraphqlSyntaxError, type OperationNode, parseOperation } from './graphql-parse';
import { type FieldKind, SCHEMA } from './schema';

export const MAX_QUERY_BYTES = 65_535;
export const MAX_CONNECTIONS = 5;
/** Levels of connections below the root connection. */
export const MAX_NESTING_DEPTH = 2;

export interface BulkQueryCheck {
  /** Null when the text is not a GraphQL document (too large, or a syntax error). */
  operation: OperationNode | null;
  /** Shopify's messages, in a stable order; empty when the query may run. */
  violations: string[];
}

/** What the walk over the selection found. */
interface Findings {
  connections: number;
  selectedViaNodes: Set<string>;
  tooDeep: boolean;
  inList: boolean;
  parentsWithoutId: Set<string>;
}

interface Scope {
  /** Connections enclosing this selection. */
  depth: number;
  inList: boolean;
  /** The nearest enclosing connection and its node's selection. */
  parent: { name: string; node: readonly FieldNode[] } | null;
}

type Kind = { kind: 'leaf' } | { kind: 'object' | 'list' | 'connection'; type: string | null };

function kindOf(type: string | null, field: FieldNode): Kind {
  const known: FieldKind | undefined = type === null ? undefined : SCHEMA[type]?.[field.name];
  if (known) return known;
  if (!field.selections) return { kind: 'leaf' };
  const connection = field.selections.some((f) => f.name === 'edges' || f.name === 'nodes');
  return { kind: connection ? 'connection' : 'object', type: null };
}

/** A connection's node selection, through `edges { node }` or `nodes`. */
function nodeSelection(connection: FieldNode): { node: FieldNode[]; viaNodes: boolean } {
  const node: FieldNode[] = [];
  let viaNodes = false;
  for (const part of connection.selections ?? []) {
    if (part.name === 'nodes') {
      viaNodes = true;
      node.push(...(part.selections ?? []));
    } else if (part.name === 'edges') {
      for (const edge of part.selections ?? []) if (edge.name === 'node') node.push(...(edge.selections ?? []));
    }
  }
  return { node, viaNodes };
}

function walk(type: string | null, selections: readonly FieldNode[], scope: Scope, found: Findings): void {
  for (const field of selections) {
    const kind = kindOf(type, field);
    if (kind.kind === 'leaf') continue;
    if (kind.kind !== 'connection') {
      walk(kind.type, field.selections ?? [], kind.kind === 'list' ? { ...scope, inList: true } : scope, found);
      continue;
    }
    found.connections++;
    if (scope.depth > MAX_NESTING_DEPTH) found.tooDeep = true;
    if (scope.inList) found.inList = true;
    if (scope.parent && !scope.parent.node.some((f) => f.name === 'id' && f.key === 'id')) found.parentsWithoutId.add(scope.parent.name);
    const { node, viaNodes } = nodeSelection(field);
    if (viaNodes) found.selectedViaNodes.add(field.name);
    walk(kind.type, node, { depth: scope.depth + 1, inList: scope.inList, parent: { name: field.name, node } }, found);
  }
}

function violationsOf(operation: OperationNode): string[] {
  if (operation.type !== 'query') return ['Invalid operation type. Only `query` operations are supported.'];
  const found: Findings = { connections: 0, selectedViaNodes: new Set(), tooDeep: false, inList: false, parentsWithoutId: new Set() };
  const violations: string[] = [];
  for (const name of ['node', 'nodes']) {
    if (operation.selections.some((field) => field.name === name)) violations.push(`Bulk queries cannot contain a top level \`${name}\` field.`);
  }
  const roots = operation.selections.filter((field) => field.name !== 'node' && field.name !== 'nodes');
  walk('BulkQueryRoot', roots, { depth: 0, inList: false, parent: null }, found);

  if (found.connections === 0) violations.push('Bulk queries must contain at least one connection.');
  if (found.selectedViaNodes.size > 0) {
    const names = [...found.selectedViaNodes];
    violations.push(
      `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${names[0]} { edges { node {'. ` +
        `Selecting via 'nodes' is not supported. Invalid connection fields: ${names.map((name) => `'${name}'`).join(', ')}.`,
    );
  }
  if (found.connections > MAX_CONNECTIONS) violations.push(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  if (found.tooDeep) violations.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTING_DEPTH}.`);
  if (found.inList) violations.push('Queries that contain a connection field within a list field are not currently supported.');
  if (found.parentsWithoutId.size > 0) {
    violations.push(
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. " +
        `Connection fields without 'id': ${[...found.parentsWithoutId].join(', ')}.`,
    );
  }
  return violations;
}

/** Checks `text` as Shopify checks a bulk query before running it; the size is checked before anything is parsed. */
export function checkBulkQuery(text: string): BulkQueryCheck {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_QUERY_BYTES) return { operation: null, violations: [`Query is too large (${bytes} bytes; maximum is ${MAX_QUERY_BYTES} bytes)`] };
  let operation: OperationNode;
  try {
    operation = parseOperation(text);
  } catch (error) {
    if (error instanceof GraphqlSyntaxError) return { operation: null, violations: [`Invalid bulk query: syntax error, ${error.message}`] };
    throw error;
  }
  return { operation, violations: violationsOf(operation) };
}
