/**
 * Reading a bulk record: its lines parsed with their node schemas, its children found by type and
 * parent. A line that breaks its schema rejects the whole record, naming the field at fault.
 */
import type { z } from 'zod';
import type { JsonValue } from '../../../lib/exact-json';
import { parseGid } from '../nodes';

/** Why a record cannot become REST resources: the path of the field at fault, and the reason. */
export class Invalid extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(reason);
  }
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [path, ...(issue?.path.map(String) ?? [])].filter(Boolean).join('.');
  throw new Invalid(where, `${where}: ${issue?.message ?? 'invalid'}`);
}

/** Children whose gid is of `type`, under `parent` when given. */
export function childrenOf(children: readonly JsonValue[], type: string, parent?: string) {
  return children.filter((child) => {
    const line = child as { id?: string; __parentId?: string };
    return typeof line.id === 'string' && parseGid(line.id).type === type && (!parent || line.__parentId === parent);
  });
}

/** Children without an id of their own (discount applications), told apart by their `__typename`. */
export function untypedChildrenOf(children: readonly JsonValue[], typenames: readonly string[], parent: string) {
  return children.filter((child) => {
    const line = child as { id?: unknown; __typename?: unknown; __parentId?: string };
    return line.id === undefined && typeof line.__typename === 'string' && typenames.includes(line.__typename) && line.__parentId === parent;
  });
}
