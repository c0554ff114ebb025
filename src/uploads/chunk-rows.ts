/** A chunk's records → its sales lines and rejects, for each file of sales lines. */
import { parseCsv } from '../files/csv';
import { jsonLines } from '../files/json-lines';
import { mappedColumns } from '../files/mapped-orders/columns';
import { csvLineReader, jsonLineReader } from '../files/mapped-orders/lines';
import type { MappingDefinition } from '../files/mapped-orders/mapping';
import { retailLine } from '../files/retail-csv';
import { salesChunkRows, type ChunkRows } from './sales-lines';


export const retailChunkRows = (text: string, firstRow: number) => salesChunkRows(parseCsv(text), firstRow, retailLine);

/** A chunk of a file read through its mapping; `header` is the CSV header the splitter checked. */
export function mappedChunkRows(text: string, firstRow: number, mapping: MappingDefinition, header: string): ChunkRows {
  if (mapping.format === 'jsonl') return salesChunkRows(jsonLines(text).map((raw) => ({ raw })), firstRow, jsonLineReader(mapping));
  const columns = mappedColumns(parseCsv(header)[0]?.fields ?? [], mapping.fields);
  if (!columns.ok) throw new Error(`a header the splitter accepted no longer fits its mapping: ${columns.reason}`);
  return salesChunkRows(parseCsv(text), firstRow, csvLineReader(mapping, columns.columns));
}
