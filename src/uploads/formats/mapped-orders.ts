/** Order lines from another channel's export, CSV or JSON Lines, read through the column mapping the job was uploaded with. */
import { parseCsv } from '../../files/csv';
import { jsonLines } from '../../files/json-lines';
import { mappedColumns } from '../../files/mapped-orders/columns';
import { csvLineReader, jsonLineReader } from '../../files/mapped-orders/lines';
import type { MappingDefinition } from '../../files/mapped-orders/mapping';
import { CSV, JSON_LINES } from '../../files/record-boundaries';
import { csvLayout, headerFields, JSON_LINES_LAYOUT } from '../file-layout';
import { mappingOfJob } from '../mappings';
import { type ChunkRows, readSalesLines, salesChunkRows } from '../sales-lines';
import type { UploadFormat } from './format';

/** How a chunk of a file is read through its mapping; `header`: the fields of the CSV header the splitter checked. */
function mappedChunkRows(mapping: MappingDefinition, header: readonly string[]): (text: string, firstRow: number) => ChunkRows {
  if (mapping.format === 'jsonl') {
    const read = jsonLineReader(mapping);
    return (text, firstRow) =>
      salesChunkRows(
        jsonLines(text).map((raw) => ({ raw })),
        firstRow,
        read,
      );
  }
  const columns = mappedColumns(header, mapping.fields);
  if (!columns.ok) throw new Error(`a header the splitter accepted no longer fits its mapping: ${columns.reason}`);
  const read = csvLineReader(mapping, columns.columns);
  return (text, firstRow) => salesChunkRows(parseCsv(text), firstRow, read);
}

export const mappedOrders: UploadFormat = {
  description: 'order lines from another channel, CSV or JSON Lines, read by the mapping given in mapping',
  async layout(ctx, job) {
    const mapping = await mappingOfJob(ctx.db, job);
    if (mapping.format === 'jsonl') return JSON_LINES_LAYOUT;
    return csvLayout(ctx, job, (fields) => {
      const columns = mappedColumns(fields, mapping.fields);
      return columns.ok ? { ok: true, format: CSV } : columns;
    });
  },
  async read(ctx, job, bytes, firstRow) {
    const mapping = await mappingOfJob(ctx.db, job);
    return readSalesLines(bytes, mapping.format === 'jsonl' ? JSON_LINES : CSV, firstRow, mappedChunkRows(mapping, headerFields(job)));
  },
  upload: { parameters: ['mapping'], extension: (target) => target.mapping!.format },
};
