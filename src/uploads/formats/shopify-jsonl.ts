/**
 * Files of Shopify resources, one JSON object per line (the REST resource a webhook of the
 * job's topic carries): each line is validated and mapped exactly as a webhook delivery is.
 */
import type { PiiPolicies } from '../../domain/pii';
import { appendRows, type PayloadRows, rows, type Source } from '../../domain/rows';
import { type TopicModel, topicModel } from '../../domain/topics';
import { jsonLines } from '../../files/json-lines';
import { lineHash } from '../../files/line-hash';
import { JSON_LINES } from '../../files/record-boundaries';
import { NUL_REASON, type Reject } from '../../files/rejects';
import { nulPath, parseJsonExact } from '../../lib/exact-json';
import { PermanentFailure } from '../../pipeline/dead-letters';
import { loadWarehouseRows } from '../../warehouse/load-rows';
import type { ChunkLoader } from '../../warehouse/upload-chunks';
import { claimLines } from '../../warehouse/upload-lines';
import { insertRejects } from '../../warehouse/upload-rejects';
import { JSON_LINES_LAYOUT } from '../file-layout';
import { readBySlice } from '../record-slices';
import { webhookSource } from '../webhook-source';
import type { UploadFormat } from './format';

interface ResourceChunk {
  seen: number;
  repeats: number;
  lines: { rowNumber: number; lineHash: string; rows: PayloadRows }[];
  rejects: (Reject & { lineHash: string })[];
}

function resourceChunk(text: string, firstRow: number, model: TopicModel, source: Source, pii: PiiPolicies): ResourceChunk {
  const chunk: ResourceChunk = { seen: 0, repeats: 0, lines: [], rejects: [] };
  const hashes = new Set<string>();
  for (const record of jsonLines(text)) {
    const rowNumber = firstRow + chunk.seen++;
    const hash = lineHash(record);
    if (hashes.has(hash)) {
      chunk.repeats++;
      continue;
    }
    hashes.add(hash);
    const json = parseJsonExact(record);
    if (!json.ok) {
      chunk.rejects.push({ rowNumber, field: '*', value: record.slice(0, 200), reason: json.reason, lineHash: hash });
      continue;
    }
    const nul = nulPath(json.value);
    if (nul !== null) {
      chunk.rejects.push({ rowNumber, field: nul, value: null, reason: NUL_REASON, lineHash: hash });
      continue;
    }
    const validated = model.validate(json.value);
    if (!validated.ok) {
      chunk.rejects.push({ rowNumber, field: validated.path || '*', value: null, reason: validated.reason, lineHash: hash });
      continue;
    }
    chunk.lines.push({ rowNumber, lineHash: hash, rows: validated.toRows(source, pii) });
  }
  return chunk;
}

/** The parts of a chunk read slice by slice, as one: a line repeated in a later slice is a repeat, as within one. */
function mergeResourceChunks(parts: readonly ResourceChunk[]): ResourceChunk {
  const merged: ResourceChunk = { seen: 0, repeats: 0, lines: [], rejects: [] };
  const hashes = new Set<string>();
  const fresh = (row: { lineHash: string }) => !hashes.has(row.lineHash) && Boolean(hashes.add(row.lineHash));
  for (const part of parts) {
    const lines = part.lines.filter(fresh);
    const rejects = part.rejects.filter(fresh);
    merged.seen += part.seen;
    merged.repeats += part.repeats + part.lines.length - lines.length + part.rejects.length - rejects.length;
    merged.lines.push(...lines);
    merged.rejects.push(...rejects);
  }
  return merged;
}

/** Loads the lines not taken before in this job (by hash) with the webhook path's upserts. */
function resourceLoader(chunk: ResourceChunk): ChunkLoader {
  return async (tx, job) => {
    const fresh = await claimLines(tx, job.id, chunk.lines);
    const taken = chunk.lines.filter((line) => fresh.has(line.lineHash));
    await loadWarehouseRows(
      tx,
      taken.reduce((all, line) => appendRows(all, line.rows), rows({})),
    );
    const rejects = await insertRejects(tx, job, chunk.rejects);
    return { loaded: taken.length, rejected: rejects.rejected, duplicates: chunk.repeats + chunk.lines.length - taken.length + rejects.duplicates };
  };
}

export const shopifyJsonl: UploadFormat = {
  description: 'one REST resource per line (with topic)',
  layout: async () => JSON_LINES_LAYOUT,
  async read(ctx, job, bytes, firstRow) {
    const { source, pii } = await webhookSource(ctx, job);
    const model = job.topic ? topicModel(job.topic) : undefined;
    if (!model) throw new PermanentFailure(`job ${job.id} has no modelled topic`);
    const chunk = await readBySlice(bytes, JSON_LINES, firstRow, (slice, row) => resourceChunk(slice, row, model, source, pii), mergeResourceChunks);
    return { seen: chunk.seen, load: resourceLoader(chunk) };
  },
  upload: { parameters: ['topic'], extension: () => 'jsonl' },
};
