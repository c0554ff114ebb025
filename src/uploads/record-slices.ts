/**
 * A chunk's bytes as slices of whole records. Parsing and cleaning a chunk of megabytes is a
 * second or more of CPU; done slice by slice, the consumer can let the runtime serve database
 * replies and requests in between instead of holding the thread for the whole chunk.
 */
import { RecordBoundaryScanner, type RecordFormat } from '../files/record-boundaries';
import { nextTurn } from '../lib/next-turn';

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
 * The time a chunk's parsing and cleaning may take. A 4 MiB chunk takes a second or two; one that
 * takes ten times that is made of rows too costly to read, and retrying it would cost the same
 * again, so it fails its job instead.
 */
const CHUNK_BUDGET_MS = 20_000;

/** A chunk that spent its time budget, at the row it had reached. */
export class ChunkBudgetExceeded extends Error {
  constructor(
    readonly row: number,
    readonly budgetMs: number,
  ) {
    super(`reading the chunk took more than ${budgetMs / 1000} s (it had reached row ${row}): its rows are too costly to read`);
    this.name = 'ChunkBudgetExceeded';
  }
}

export interface SliceOptions {
  sliceBytes?: number;
  budgetMs?: number;
  /** Milliseconds, monotonic; it moves on across the awaits between slices, also where the runtime stops it during CPU work. */
  clock?: () => number;
}

/**
 * `work` on each slice of a chunk in turn, rows numbered on from `firstRow` (the number of the
 * chunk's first record), awaiting `between` after each slice. Throws ChunkBudgetExceeded once the
 * slices have taken longer than the budget.
 */
export async function bySlice<T extends { seen: number }>(
  bytes: Uint8Array,
  format: RecordFormat,
  firstRow: number,
  work: (text: string, firstRow: number) => T,
  between: () => Promise<void>,
  { sliceBytes = SLICE_BYTES, budgetMs = CHUNK_BUDGET_MS, clock = () => performance.now() }: SliceOptions = {},
): Promise<T[]> {
  const parts: T[] = [];
  const started = clock();
  let row = firstRow;
  for (const text of recordSlices(bytes, format, sliceBytes)) {
    const part = work(text, row);
    row += part.seen;
    parts.push(part);
    await between();
    if (clock() - started > budgetMs) throw new ChunkBudgetExceeded(row, budgetMs);
  }
  return parts;
}

/** A chunk read by `work` slice by slice, the runtime served between slices, and the parts merged into one. */
export async function readBySlice<T extends { seen: number }>(
  bytes: Uint8Array,
  format: RecordFormat,
  firstRow: number,
  work: (text: string, firstRow: number) => T,
  merge: (parts: readonly T[]) => T,
): Promise<T> {
  return merge(await bySlice(bytes, format, firstRow, work, nextTurn));
}
