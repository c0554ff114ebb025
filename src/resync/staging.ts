/**
 * Staging a bulk result: the format of the files a resync hands to the chunk path. Each line is
 * stored whole, as the text it came as (so no number is rounded), under its gid, with its
 * `__parentId`, and a parent with the gids of its nested parts that children may name (its
 * anchors). Records are joined later, in SQL, once every line of every file is staged: children
 * can come anywhere after their parent.
 */
import { jsonLines } from '../files/json-lines';
import { lineHash } from '../files/line-hash';
import { JSON_LINES } from '../files/record-boundaries';
import type { Reject } from '../files/rejects';
import { resyncQueue } from '../pipeline/producers';
import { NESTED_PARENT_LISTS } from '../shopify/bulk/queries';
import { JSON_LINES_LAYOUT } from '../uploads/file-layout';
import type { UploadFormat } from '../uploads/formats/format';
import { readBySlice } from '../uploads/record-slices';
import { insertStagedLines, type StagedLine, stagedLineColumns } from '../warehouse/resync-staging';
import type { ChunkLoader } from '../warehouse/upload-chunks';
import { insertRejects } from '../warehouse/upload-rejects';
import { inKeyOrder } from '../warehouse/upsert';
import { queueTicks } from './context';

const GID = /^gid:\/\/shopify\/\w+\/\d+/;

/** The gids of a parent's nested parts (an order's refunds and fulfillments) that children may name as their parent. */
function anchorsOf(record: Record<string, unknown>): string {
  const gids: string[] = [];
  for (const list of NESTED_PARENT_LISTS) {
    const parts = record[list];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const id = (part as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && GID.test(id) && !/\s/.test(id)) gids.push(id);
    }
  }
  return gids.join(' ');
}

/**
 * The key of a child line that has no id of its own, unique under its parent: the position,
 * `index`, of a node whose type has no id (an order's discount applications), or `ref`, the id of
 * the record a node only refers to (a collection's products).
 */
function childKey(parent: string, index: unknown, ref: unknown): string | undefined {
  if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0) return `${parent}#${index}`;
  return typeof ref === 'string' && GID.test(ref) ? `${parent}#${ref}` : undefined;
}

export interface StagingChunk {
  seen: number;
  lines: StagedLine[];
  repeats: number;
  rejects: (Reject & { lineHash: string })[];
}

/** Splits a chunk into lines to stage and lines to reject; a gid repeated in the chunk is a duplicate. */
export function stagingChunk(text: string, firstRow: number): StagingChunk {
  const byGid = new Map<string, StagedLine>();
  const chunk: StagingChunk = { seen: 0, lines: [], repeats: 0, rejects: [] };
  for (const record of jsonLines(text)) {
    const lineNo = firstRow + chunk.seen++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(record);
    } catch (error) {
      chunk.rejects.push({
        rowNumber: lineNo,
        field: '*',
        value: record.slice(0, 200),
        reason: `malformed JSON: ${(error as Error).message}`,
        lineHash: lineHash(record),
      });
      continue;
    }
    const { id: ownId, __parentId: parent, index, ref } = (parsed ?? {}) as { id?: unknown; __parentId?: unknown; index?: unknown; ref?: unknown };
    if (parent !== undefined && (typeof parent !== 'string' || !GID.test(parent))) {
      chunk.rejects.push({
        rowNumber: lineNo,
        field: '__parentId',
        value: String(parent),
        reason: '__parentId: expected a Shopify gid',
        lineHash: lineHash(record),
      });
      continue;
    }
    const id = ownId === undefined && parent !== undefined ? childKey(parent, index, ref) : ownId;
    if (typeof id !== 'string' || !GID.test(id)) {
      chunk.rejects.push({
        rowNumber: lineNo,
        field: 'id',
        value: typeof ownId === 'string' ? ownId : null,
        reason: 'id: expected a Shopify gid',
        lineHash: lineHash(record),
      });
      continue;
    }
    if (byGid.has(id)) chunk.repeats++;
    const anchors = parent === undefined ? anchorsOf(parsed as Record<string, unknown>) : null;
    byGid.set(id, { gid: id, parentGid: parent ?? null, lineNo, body: record, anchors });
  }
  chunk.lines = inKeyOrder([...byGid.values()], (line) => line.gid);
  return chunk;
}

/** Consecutive parts of a chunk as one: a gid in several parts is staged from the last, the others are duplicates. */
export function mergeStagingChunks(parts: readonly StagingChunk[]): StagingChunk {
  const byGid = new Map<string, StagedLine>();
  let repeats = 0;
  for (const part of parts) {
    repeats += part.repeats;
    for (const line of part.lines) {
      if (byGid.has(line.gid)) repeats++;
      byGid.set(line.gid, line);
    }
  }
  return {
    seen: parts.reduce((n, p) => n + p.seen, 0),
    lines: parts.length === 1 ? parts[0]!.lines : inKeyOrder([...byGid.values()], (line) => line.gid),
    repeats,
    rejects: parts.flatMap((p) => p.rejects),
  };
}

function stagingLoader(chunk: StagingChunk, resyncId: string, entity: string): ChunkLoader {
  const columns = stagedLineColumns(chunk.lines);
  // Only the columns and counts stay with the loader (as for sales lines), not the staged lines.
  const {
    lines: { length: count },
    rejects: rejectRows,
    repeats,
  } = chunk;
  return async (tx, job) => {
    if (count) await insertStagedLines(tx, resyncId, entity, columns);
    const rejects = await insertRejects(tx, job, rejectRows);
    return { loaded: count, rejected: rejects.rejected, duplicates: repeats + rejects.duplicates };
  };
}

/** A resync's bulk result (or nested export): staged under the resync and the job's entity; the resync hears as soon as the file is. */
export const shopifyBulk: UploadFormat = {
  description: "a resync's bulk operation result",
  layout: async () => JSON_LINES_LAYOUT,
  async read(_ctx, job, bytes, firstRow) {
    const chunk = await readBySlice(bytes, JSON_LINES, firstRow, stagingChunk, mergeStagingChunks);
    return { seen: chunk.seen, load: stagingLoader(chunk, job.resyncId!, job.topic!) };
  },
  // A resync waits for its files to be staged: tell it as soon as this one is.
  jobFinished: async (ctx, job) => {
    if (job.resyncId) await queueTicks(resyncQueue(ctx.env), [job.resyncId]);
  },
};
