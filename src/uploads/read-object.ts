/** Reading an R2 object in ranges, so that memory stays flat whatever the file's size. */
import { parseCsv } from '../files/csv';
import { PermanentFailure } from '../pipeline/dead-letters';
import { CSV, RecordBoundaryScanner } from '../files/record-boundaries';

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

/** The header record of a CSV object, read only as far as it goes; null when the object is empty. */
export async function readCsvHeader(bucket: R2Bucket, key: string, size: number): Promise<string[] | null> {
  const scanner = new RecordBoundaryScanner(Number.POSITIVE_INFINITY, CSV);
  for await (const window of objectWindows(bucket, key, size)) {
    scanner.push(window);
    if (scanner.dataStart !== null) break;
  }
  scanner.finish();
  if (scanner.dataStart === null) return null;
  return parseCsv(new TextDecoder().decode(await readRange(bucket, key, 0, scanner.dataStart)))[0]?.fields ?? [];
}
