/**
 * A query's selection checked against the schema and compiled into a plan; a plan projects a
 * fully rendered object onto exactly the fields asked for, in the order asked, under their
 * aliases, as a GraphQL server answers.
 */

import { argumentValue, type FieldNode } from './graphql-parse';
import type { GqlObject, GqlValue } from './graphql-view';
import { displayTypeName, type FieldKind, SCHEMA, type TypeFields } from './schema';

export interface PlanField {
  key: string;
  name: string;
  kind: FieldKind['kind'];
  /** An object's (or a list's elements') fields, or a connection's node fields. */
  plan: Plan | null;
  /** `quantities(names: [...])`: which entries of the list to keep. */
  names: readonly string[] | null;
  /** `__typename`: the type's name, unless the rendered object says which implementation it is. */
  typename?: string;
  /** A connection read page by page (outside bulk queries): its arguments, and what of the page it selects. */
  page?: ConnectionPage;
}

export interface ConnectionPage {
  first: number | null;
  after: string | null;
  /** The edges' `cursor` under this key, when selected. */
  cursorKey: string | null;
  /** `pageInfo` under this key, when selected. */
  pageInfo: { key: string; plan: Plan } | null;
  edgesKey: string;
  nodeKey: string;
}

export interface Plan {
  type: string;
  fields: readonly PlanField[];
}

/** A GraphQL validation error, as Shopify reports it in `errors[]`. */
export class SelectionError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly typeName: string,
    readonly fieldName: string,
  ) {
    super(message);
  }
}

/** A connection's node selection; `pageInfo` and `cursor` may be selected too and are ignored, as in a bulk query. */
function connectionNodes(type: string, field: FieldNode, variables: Readonly<Record<string, unknown>>, schema: Schema): FieldNode[] {
  const parts = field.selections?.filter((f) => f.name !== '__typename') ?? [];
  compileSelection(
    'Connection',
    parts.filter((f) => f.name === 'pageInfo'),
    variables,
    schema,
  );
  const edges = parts.filter((f) => f.name !== 'pageInfo');
  const shape = `${field.name} { edges { node { ... } } }`;
  if (edges.length !== 1 || edges[0]!.name !== 'edges' || !edges[0]!.selections) {
    throw new SelectionError(`Bulk queries select connections as ${shape}`, 'selectionMismatch', displayTypeName(type), field.name);
  }
  const node = edges[0]!.selections.filter((f) => f.name !== 'cursor' && f.name !== '__typename');
  if (node.length !== 1 || node[0]!.name !== 'node' || !node[0]!.selections) {
    throw new SelectionError(`Bulk queries select connections as ${shape}`, 'selectionMismatch', displayTypeName(type), field.name);
  }
  return node[0]!.selections;
}

type Schema = Readonly<Record<string, TypeFields>>;

/** Checks `selections` against `type` of `schema` (by default every field the simulator serves, in any version). */
export function compileSelection(
  type: string,
  selections: readonly FieldNode[],
  variables: Readonly<Record<string, unknown>> = {},
  schema: Schema = SCHEMA,
): Plan {
  const fields = schema[type];
  if (!fields) throw new Error(`no such type in the simulator schema: ${type}`);
  return {
    type,
    fields: selections.map((field): PlanField => {
      const typeName = displayTypeName(type);
      if (field.name === '__typename') return { key: field.key, name: field.name, kind: 'leaf', plan: null, names: null, typename: typeName };
      const kind = fields[field.name];
      if (!kind) throw new SelectionError(`Field '${field.name}' doesn't exist on type '${typeName}'`, 'undefinedField', typeName, field.name);
      if (kind.kind === 'leaf' && field.selections) {
        throw new SelectionError(
          `Selections can't be made on scalars (field '${field.name}' on type '${typeName}')`,
          'selectionMismatch',
          typeName,
          field.name,
        );
      }
      if (kind.kind !== 'leaf' && !field.selections) {
        throw new SelectionError(
          `Field must have selections (field '${field.name}' returns ${displayTypeName(kind.type)} but has no selections. Did you mean '${field.name} { ... }'?)`,
          'selectionMismatch',
          typeName,
          field.name,
        );
      }
      const names = argumentValue(field.args.names, variables);
      return {
        key: field.key,
        name: field.name,
        kind: kind.kind,
        ...(kind.kind === 'connection' ? { page: connectionPage(field, variables) } : {}),
        plan:
          kind.kind === 'object' || kind.kind === 'list'
            ? compileSelection(kind.type, field.selections!, variables, schema)
            : kind.kind === 'connection'
              ? compileSelection(kind.type, connectionNodes(type, field, variables, schema), variables, schema)
              : null,
        names: Array.isArray(names) ? names.map(String) : null,
      };
    }),
  };
}

function projectValue(value: GqlValue | undefined, field: PlanField): GqlValue {
  if (value === undefined || value === null) return null;
  if (!field.plan) return value;
  if (Array.isArray(value)) {
    let items = value as readonly GqlObject[];
    if (field.names) {
      const byName = new Map<GqlValue, GqlObject>(items.map((item) => [item.name ?? null, item]));
      items = field.names.map((name) => byName.get(name)).filter((item): item is GqlObject => item !== undefined);
    }
    return items.map((item) => project(item, field.plan!));
  }
  return project(value as GqlObject, field.plan);
}

/** How a connection field is paged: `first`/`after`, and where its edges, cursors and pageInfo go. */
function connectionPage(field: FieldNode, variables: Readonly<Record<string, unknown>>): ConnectionPage {
  const first = argumentValue(field.args.first, variables);
  const after = argumentValue(field.args.after, variables);
  const edges = field.selections?.find((f) => f.name === 'edges');
  const node = edges?.selections?.find((f) => f.name === 'node');
  const cursor = edges?.selections?.find((f) => f.name === 'cursor');
  const pageInfo = field.selections?.find((f) => f.name === 'pageInfo');
  return {
    first: typeof first === 'number' ? first : null,
    after: typeof after === 'string' ? after : null,
    cursorKey: cursor?.key ?? null,
    pageInfo: pageInfo?.selections ? { key: pageInfo.key, plan: compileSelection('PageInfo', pageInfo.selections) } : null,
    edgesKey: edges?.key ?? 'edges',
    nodeKey: node?.key ?? 'node',
  };
}

const cursorAt = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

function offsetAfter(cursor: string | null): number {
  if (cursor === null) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!match) throw new SelectionError(`Invalid cursor for current pagination sort.`, 'argumentLiteralsIncompatible', 'Connection', 'after');
  return Number(match[1]) + 1;
}

/**
 * The selected fields of `source` as a synchronous query answers them: connections included, a
 * page of `first` nodes after the `after` cursor (the rendered source holds all of them).
 */
export function projectPaged(source: GqlObject, plan: Plan): Record<string, GqlValue> {
  const out: Record<string, GqlValue> = {};
  for (const field of plan.fields) {
    if (field.kind !== 'connection') {
      out[field.key] = field.typename ? (source.__typename ?? field.typename) : pagedValue(source[field.name], field);
      continue;
    }
    const page = field.page!;
    const nodes = (source[field.name] ?? []) as readonly GqlObject[];
    const start = offsetAfter(page.after);
    const end = Math.min(nodes.length, start + (page.first ?? nodes.length));
    const edges = nodes.slice(start, end).map((node, i) => ({
      [page.nodeKey]: projectPaged(node, field.plan!),
      ...(page.cursorKey ? { [page.cursorKey]: cursorAt(start + i) } : {}),
    }));
    const info = {
      hasNextPage: end < nodes.length,
      hasPreviousPage: start > 0,
      startCursor: end > start ? cursorAt(start) : null,
      endCursor: end > start ? cursorAt(end - 1) : null,
    };
    out[field.key] = { [page.edgesKey]: edges, ...(page.pageInfo ? { [page.pageInfo.key]: project(info, page.pageInfo.plan) } : {}) };
  }
  return out;
}

function pagedValue(value: GqlValue | undefined, field: PlanField): GqlValue {
  if (value === undefined || value === null || !field.plan) return value ?? null;
  return Array.isArray(value) ? value.map((item) => projectPaged(item as GqlObject, field.plan!)) : projectPaged(value as GqlObject, field.plan);
}

/** The selected fields of `source`; connections are left out (they are rendered as lines of their own). */
export function project(source: GqlObject, plan: Plan): Record<string, GqlValue> {
  const out: Record<string, GqlValue> = {};
  for (const field of plan.fields) {
    if (field.typename) out[field.key] = source.__typename ?? field.typename;
    else if (field.kind !== 'connection') out[field.key] = projectValue(source[field.name], field);
  }
  return out;
}

/** The node plan of the connection at `path` (e.g. `refunds`, `refundLineItems`), or null when not selected. */
export function connectionPlan(plan: Plan, ...path: string[]): Plan | null {
  let current: Plan | null = plan;
  for (const name of path) {
    const field: PlanField | undefined = current?.fields.find((f) => f.name === name);
    if (!field?.plan) return null;
    current = field.plan;
  }
  return current;
}
