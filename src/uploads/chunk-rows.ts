/** A chunk's text → the rows to load and the rows to reject, numbered from the chunk's first record. */
import { createHash } from 'node:crypto';
import { parseCsv } from '../files/csv';
import { retailLine } from '../files/retail-csv';
import type { ChunkRows } from './jobs';

// Identifies exact duplicate lines; not a security boundary, so the fastest digest serves.
const lineHash = (raw: string) => createHash('md5').update(raw).digest('base64');

/** Parses and cleans a chunk's text: pure, apart from hashing. */
export function chunkRows(text: string, firstRow: number): ChunkRows {
  const rows: ChunkRows = { seen: 0, lines: [], rejects: [] };
  for (const record of parseCsv(text)) {
    const rowNumber = firstRow + rows.seen++;
    const hash = lineHash(record.raw);
    const result = retailLine(record, rowNumber);
    if (result.ok) rows.lines.push({ ...result.line, lineHash: hash });
    else rows.rejects.push({ ...result.reject, lineHash: hash });
  }
  return rows;
}

