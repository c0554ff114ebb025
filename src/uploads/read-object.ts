/** Reading an R2 object in ranges, so that memory stays flat whatever the file's size. */
import { malformedReason, nulCell, parseCsv } from '../files/csv';
import { CSV, RecordBoundaryScanner } from '../files/record-boundaries';
import { NUL_REASON } from '../files/rejects';
import { PermanentFailure } from '../pipeline/dead-letters';

const WINDOW = 8 * 1024 * 1024;

export async function* objectWindows(bucket: R2Bucket, key: string, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += WINDOW) {
    const part = await bucket.get(key, { range: { offset, length: Math.min(WINDOW, size - offset) } });
    if (!part) throw new PermanentFailure(`raw object ${key} disappeared while reading it`);
    yield new Uint8Array(await part.arrayBuffer());
  }
}

export async function readRange(bucket: R2Bucket, key: string, start: number, end: number): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array();
  const part = await bucket.get(key, { range: { offset: start, length: end - start } });
  if (!part) throw new PermanentFailure(`raw object ${key} is missing`);
  return new Uint8Array(await part.arrayBuffer());
}

// Real headers are a few kilobytes (a product export with many metafield and market columns, a
// marketplace's order report): these limits leave room for them and bound the work a header costs.
const MAX_HEADER_BYTES = 64 * 1024;
const MAX_HEADER_COLUMNS = 1000;
const HEADER_WINDOW = MAX_HEADER_BYTES + 1;

export type CsvHeader = { ok: true; fields: string[] } | { ok: false; reason: string };

/**
 * The header record of a CSV object, read only as far as it goes (at most MAX_HEADER_BYTES and
 * MAX_HEADER_COLUMNS), or why it cannot be one.
 */
export async function readCsvHeader(bucket: R2Bucket, key: string, size: number): Promise<CsvHeader> {
  if (size === 0) return { ok: false, reason: 'the file is empty: expected a header row' };
  const head = await readRange(bucket, key, 0, Math.min(size, HEADER_WINDOW));
  const scanner = new RecordBoundaryScanner(Number.POSITIVE_INFINITY, CSV);
  scanner.push(head);
  const end = scanner.dataStart ?? (size <= MAX_HEADER_BYTES ? size : null);
  if (end === null) return { ok: false, reason: `the header row is longer than ${MAX_HEADER_BYTES} bytes (an unclosed quote, or no line end?)` };
  const [record] = parseCsv(new TextDecoder().decode(head.subarray(0, end)));
  const malformed = record && malformedReason(record);
  if (malformed) return { ok: false, reason: `the header row is not readable: ${malformed}` };
  const fields = record?.fields ?? [];
  const nul = nulCell(fields);
  if (nul >= 0) return { ok: false, reason: `header column ${nul + 1} ${NUL_REASON}` };
  if (fields.length > MAX_HEADER_COLUMNS) return { ok: false, reason: `the header has ${fields.length} columns: at most ${MAX_HEADER_COLUMNS}` };
  return { ok: true, fields };
}
