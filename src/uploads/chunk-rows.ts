/** A chunk's records → the sales lines to load and the rows to reject, numbered from the chunk's first record. */
import { parseCsv } from '../files/csv';
import { jsonLines } from '../files/json-lines';
import { lineHash } from '../files/line-hash';
import { mappedColumns } from '../files/mapped-orders/columns';
import { csvLineReader, jsonLineReader } from '../files/mapped-orders/lines';
import type { MappingDefinition } from '../files/mapped-orders/mapping';
import { retailLine } from '../files/retail-csv';
import type { SalesLineResult } from '../files/sales-line';
import type { ChunkRows } from './jobs';


/** Reads and cleans each record: pure, apart from hashing. */
export function salesChunkRows<R extends { raw: string }>(records: Iterable<R>, firstRow: number, read: (record: R, rowNumber: number) => SalesLineResult): ChunkRows {
  const rows: ChunkRows = { seen: 0, lines: [], rejects: [] };
  for (const record of records) {
    const rowNumber = firstRow + rows.seen++;
    const hash = lineHash(record.raw);
    const result = read(record, rowNumber);
    if (result.ok) rows.lines.push({ ...result.line, lineHash: hash });
    else rows.rejects.push({ ...result.reject, lineHash: hash });
  }
  return rows;
}

/** The rows of consecutive parts of a chunk as one. */
export function mergeChunkRows(parts: readonly ChunkRows[]): ChunkRows {
  return { seen: parts.reduce((n, p) => n + p.seen, 0), lines: parts.flatMap((p) => p.lines), rejects: parts.flatMap((p) => p.rejects) };
}

export const retailChunkRows = (text: string, firstRow: number) => salesChunkRows(parseCsv(text), firstRow, retailLine);

/** A chunk of a file read through its mapping; `header` is the CSV header the splitter checked. */
export function mappedChunkRows(text: string, firstRow: number, mapping: MappingDefinition, header: string): ChunkRows {
  if (mapping.format === 'jsonl') return salesChunkRows(jsonLines(text).map((raw) => ({ raw })), firstRow, jsonLineReader(mapping));
  const columns = mappedColumns(parseCsv(header)[0]?.fields ?? [], mapping.fields);
  if (!columns.ok) throw new Error(`a header the splitter accepted no longer fits its mapping: ${columns.reason}`);
  return salesChunkRows(parseCsv(text), firstRow, csvLineReader(mapping, columns.columns));
}
