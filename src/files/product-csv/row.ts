/** One record of a product CSV → its validated cells, or what is wrong with it, named as the file names it. */
import { type Column, type CsvRecord, nulCell } from '../csv';
import { NUL_REASON } from '../rejects';
import { type ProductCsvCells, type ProductCsvField, productCsvCells } from './cells';
import type { ProductCsvColumns } from './columns';

export type RowRead = { ok: true; cells: ProductCsvCells } | { ok: false; field: string; value: string | null; reason: string };

/** The column a validation issue's path points at. */
function columnAt(columns: ProductCsvColumns, path: readonly PropertyKey[]): Column | undefined {
  const [group, name] = path.map(String);
  if (group === 'markets') return columns.markets.find((c) => c.header === name);
  if (group === 'metafields') return columns.metafields.find((c) => c.header === name);
  return columns.fields[group as ProductCsvField];
}

/** The header of the column at `index`, as the file names it; a column Wharf does not read is named by its position. */
function headerAt(columns: ProductCsvColumns, index: number): string {
  const known = [...Object.values(columns.fields), ...columns.markets, ...columns.metafields].find((c) => c.index === index);
  return known?.header ?? `column ${index + 1}`;
}

export function readRow(record: CsvRecord, columns: ProductCsvColumns): RowRead {
  const { fields } = record;
  if (fields.length !== columns.width) {
    return { ok: false, field: '*', value: record.raw.slice(0, 200), reason: `expected ${columns.width} fields, as the header has, found ${fields.length}` };
  }
  const nul = nulCell(fields);
  if (nul >= 0) return { ok: false, field: headerAt(columns, nul), value: fields[nul]!.slice(0, 200), reason: NUL_REASON };
  const byHeader = (list: readonly Column[]) => Object.fromEntries(list.map((c) => [c.header, fields[c.index]]));
  const input = {
    ...Object.fromEntries(Object.entries(columns.fields).map(([field, column]) => [field, fields[column.index]])),
    markets: byHeader(columns.markets),
    metafields: byHeader(columns.metafields),
  };
  const parsed = productCsvCells.safeParse(input);
  if (parsed.success) return { ok: true, cells: parsed.data };
  const issue = parsed.error.issues[0]!;
  const column = columnAt(columns, issue.path);
  return { ok: false, field: column?.header ?? '*', value: column ? (fields[column.index] ?? null) : null, reason: issue.message };
}
