/** A chunk's records → the sales lines to load and the rows to reject, numbered from the chunk's first record; and their loader. */
import { lineHash } from '../files/line-hash';
import type { RecordFormat } from '../files/record-boundaries';
import type { Reject } from '../files/rejects';
import type { SalesLine, SalesLineResult } from '../files/sales-line';
import { insertSalesLines, salesLineColumns } from '../warehouse/sales-lines';
import type { ChunkLoader } from '../warehouse/upload-chunks';
import { insertRejects } from '../warehouse/upload-rejects';
import { inKeyOrder } from '../warehouse/upsert';
import type { ReadChunk } from './formats/format';
import { readBySlice } from './record-slices';

export interface ChunkRows {
  seen: number;
  lines: (SalesLine & { lineHash: string })[];
  rejects: (Reject & { lineHash: string })[];
}

/** Reads and cleans each record: pure, apart from hashing. */
export function salesChunkRows<R extends { raw: string }>(
  records: Iterable<R>,
  firstRow: number,
  read: (record: R, rowNumber: number) => SalesLineResult,
): ChunkRows {
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

/**
 * Loads sales lines (an exact duplicate of a line anywhere in the job is not inserted again) and
 * rejects. The lines' columns are written when the loader is made, before the transaction, so
 * that the transaction holds its connection only while the database works.
 */
function salesLinesLoader(rows: ChunkRows): ChunkLoader {
  const lines = inKeyOrder(rows.lines, (line) => line.lineHash);
  const columns = salesLineColumns(lines);
  // The loader keeps only the arrays, not the line objects: a chunk waiting for its turn holds
  // a few megabytes of text instead of tens of thousands of objects. (No closure here may refer
  // to `lines`, or the returned one would keep it alive.)
  const count = lines.length;
  const rejectRows = rows.rejects;
  return async (tx, job) => {
    const loaded = count ? await insertSalesLines(tx, job, columns) : 0;
    const rejects = await insertRejects(tx, job, rejectRows);
    return { loaded, rejected: rejects.rejected, duplicates: count - loaded + rejects.duplicates };
  };
}

/** A chunk of sales lines read slice by slice with `read`, ready to load. */
export async function readSalesLines(
  bytes: Uint8Array,
  format: RecordFormat,
  firstRow: number,
  read: (text: string, firstRow: number) => ChunkRows,
): Promise<ReadChunk> {
  const rows = await readBySlice(bytes, format, firstRow, read, mergeChunkRows);
  return { seen: rows.seen, load: salesLinesLoader(rows) };
}
