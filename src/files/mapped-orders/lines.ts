/**
 * One record of a mapped file → its cells by sales field → a sales line or a reject, naming the
 * field as the file does (the CSV column, or the JSON path).
 */
import { type JsonValue, nulPath, parseJsonExact } from '../../lib/exact-json';
import { type Column, type CsvRecord, malformedReason, nulCell } from '../csv';
import { NUL_REASON } from '../rejects';
import { type SalesCells, type SalesField, type SalesLineResult, salesLineReader } from '../sales-line';
import type { MappedColumns } from './columns';
import { type MappingDefinition, rulesOf } from './mapping';

const reject = (rowNumber: number, field: string, value: string | null, reason: string): SalesLineResult => ({
  ok: false,
  reject: { rowNumber, field, value, reason },
});

export function csvLineReader(mapping: MappingDefinition, columns: MappedColumns) {
  const read = salesLineReader(rulesOf(mapping));
  const mapped = Object.entries(columns.fields) as [SalesField, Column][];
  const columnOf = (field: SalesField) => columns.fields[field]?.header ?? field;
  return (record: CsvRecord, rowNumber: number): SalesLineResult => {
    const malformed = malformedReason(record);
    if (malformed) return reject(rowNumber, '*', record.raw.slice(0, 200), malformed);
    if (record.fields.length !== columns.width) {
      return reject(rowNumber, '*', record.raw.slice(0, 200), `expected ${columns.width} fields, as the header has, found ${record.fields.length}`);
    }
    const nul = nulCell(record.fields);
    if (nul >= 0)
      return reject(
        rowNumber,
        mapped.find(([, column]) => column.index === nul)?.[1].header ?? `column ${nul + 1}`,
        record.fields[nul]!.slice(0, 200),
        NUL_REASON,
      );
    const cells: SalesCells = {};
    for (const [field, column] of mapped) cells[field] = record.fields[column.index]!.trim();
    return read(cells, rowNumber, columnOf);
  };
}

/** The value at a dotted path, through the document's own members only: `constructor` or `__proto__` name nothing inherited. */
const valueAt = (value: JsonValue, keys: readonly string[]): JsonValue | undefined =>
  keys.reduce<JsonValue | undefined>(
    (current, key) =>
      typeof current === 'object' && current !== null && Object.hasOwn(current, key) ? (current as Record<string, JsonValue>)[key] : undefined,
    value,
  );

export function jsonLineReader(mapping: MappingDefinition) {
  const read = salesLineReader(rulesOf(mapping));
  const paths = (Object.entries(mapping.fields) as [SalesField, string | undefined][]).flatMap(([field, path]) =>
    path === undefined ? [] : [{ field, path, keys: path.split('.') }],
  );
  const columnOf = (field: SalesField) => mapping.fields[field] ?? field;
  // A JSON number is written in the mapping's notation, so that it reads as the number it is.
  const numberText = (n: number) => (mapping.decimal_separator === ',' ? String(n).replace('.', ',') : String(n));
  return (record: { raw: string }, rowNumber: number): SalesLineResult => {
    const json = parseJsonExact(record.raw);
    if (!json.ok) return reject(rowNumber, '*', record.raw.slice(0, 200), json.reason);
    if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
      return reject(rowNumber, '*', record.raw.slice(0, 200), 'expected a JSON object: one order line per line');
    }
    const nul = nulPath(json.value);
    if (nul !== null) return reject(rowNumber, nul, null, NUL_REASON);
    const cells: SalesCells = {};
    for (const { field, path, keys } of paths) {
      const value = valueAt(json.value, keys);
      if (value === undefined || value === null) continue;
      if (typeof value === 'object')
        return reject(
          rowNumber,
          path,
          JSON.stringify(value).slice(0, 200),
          `expected text or a number, found ${Array.isArray(value) ? 'a list' : 'an object'}`,
        );
      cells[field] = typeof value === 'number' ? numberText(value) : String(value).trim();
    }
    return read(cells, rowNumber, columnOf);
  };
}
