/**
 * A chunk's bytes as slices of whole records. Parsing and cleaning a chunk of megabytes is a
 * second or more of CPU; done slice by slice, the consumer can let the runtime serve database
 * replies and requests in between instead of holding the thread for the whole chunk.
 */
import { RecordBoundaryScanner, type RecordFormat } from '../files/record-boundaries';

// About 40 ms of parsing and cleaning in workerd: a database reply waits at most that long.
const SLICE_BYTES = 64 * 1024;

/** The texts of consecutive runs of whole records, each about `sliceBytes` long; their concatenation is the chunk. */
export function recordSlices(bytes: Uint8Array, format: RecordFormat, sliceBytes = SLICE_BYTES): string[] {
  const scanner = new RecordBoundaryScanner(sliceBytes, { ...format, header: false, groupColumn: undefined });
  scanner.push(bytes);
  const decoder = new TextDecoder();
  return scanner.finish().map((slice) => decoder.decode(bytes.subarray(slice.start, slice.end)));
}

/**
 * `work` on each slice of a chunk in turn, rows numbered on from `firstRow` (the number of the
 * chunk's first record), awaiting `between` after each slice.
 */
export async function bySlice<T extends { seen: number }>(
  bytes: Uint8Array,
  format: RecordFormat,
  firstRow: number,
  work: (text: string, firstRow: number) => T,
  between: () => Promise<void>,
  sliceBytes = SLICE_BYTES,
): Promise<T[]> {
  const parts: T[] = [];
  let row = firstRow;
  for (const text of recordSlices(bytes, format, sliceBytes)) {
    const part = work(text, row);
    row += part.seen;
    parts.push(part);
    await between();
  }
  return parts;
}
