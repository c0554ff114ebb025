/** The lines a job has taken, by hash: a line (or a product, by its id) seen again later in the same job is not loaded twice. */
import type { WarehouseTransaction } from './db';
import { uploadLine } from './schema';
import { inKeyOrder, insertChunks } from './upsert';

/** Claims the lines for the job; returns the hashes of those no earlier chunk of the job claimed. */
export async function claimLines(tx: WarehouseTransaction, jobId: string, lines: readonly { lineHash: string; rowNumber: number }[]): Promise<Set<string>> {
  const claimed = new Set<string>();
  // In key order: chunks of a job loading at the same time wait for each other's lines instead of deadlocking.
  const values = inKeyOrder(lines, (line) => line.lineHash).map(({ lineHash, rowNumber }) => ({ jobId, lineHash, rowNumber }));
  for (const run of insertChunks(uploadLine, values)) {
    for (const { lineHash } of await tx.insert(uploadLine).values(run).onConflictDoNothing().returning({ lineHash: uploadLine.lineHash }))
      claimed.add(lineHash);
  }
  return claimed;
}
