/**
 * A mapped CSV's header → the column of each mapped field, found by name (case and spacing aside)
 * in any order; other columns are ignored. A mapped column the header lacks fails the whole file,
 * before it is split.
 */
import { type Column, headerKey, headerSample } from '../csv';
import type { SalesField } from '../sales-line';
import type { MappingDefinition } from './mapping';

export interface MappedColumns {
  /** Fields per row the header announces. */
  width: number;
  fields: Partial<Record<SalesField, Column>>;
}

export type MappedColumnsResult = { ok: true; columns: MappedColumns } | { ok: false; reason: string };

export function mappedColumns(header: readonly string[], fields: MappingDefinition['fields']): MappedColumnsResult {
  const byName = new Map<string, Column[]>();
  for (const [index, name] of header.entries()) {
    const key = headerKey(name);
    const columns = byName.get(key);
    if (columns) columns.push({ index, header: name.trim() });
    else byName.set(key, [{ index, header: name.trim() }]);
  }
  const columns: Partial<Record<SalesField, Column>> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(fields) as [SalesField, string | undefined][]) {
    if (name === undefined) continue;
    const found = byName.get(headerKey(name)) ?? [];
    if (found.length > 1) return { ok: false, reason: `the header has ${found.length} columns named "${name}" (mapped to ${field}): keep one` };
    if (found[0]) columns[field] = found[0];
    else missing.push(`"${name}" (${field})`);
  }
  if (missing.length) {
    const seen = headerSample(header);
    return { ok: false, reason: `the header lacks the mapped column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; found: ${seen}` };
  }
  return { ok: true, columns: { width: header.length, fields: columns } };
}
