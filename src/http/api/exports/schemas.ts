import type { Context } from 'hono';
import { z } from 'zod';
import { exportConfig } from '../../../config';
import { signedFilePath } from '../../../exports/links';
import { EXPORT_TABLE_NAMES } from '../../../exports/tables';
import type { Warehouse } from '../../../warehouse/db';
import { type ExportFile, type ExportRun, type ExportRunTable, exportFiles, exportRunTables } from '../../../warehouse/exports';
import type { AppEnv } from '../../app-env';

export const exportIdParam = z.string().regex(/^exp_[0-9a-z]{25}$/, 'expected an export id');

export const exportTableParam = z.enum(EXPORT_TABLE_NAMES as [string, ...string[]], {
  error: `expected an exported table: ${EXPORT_TABLE_NAMES.join(', ')}`,
});

export const exportRequestBody = z.strictObject({
  full: z.boolean().default(false).describe('Every row of every table, not only what was loaded since the last complete export'),
  tables: z
    .array(exportTableParam)
    .min(1)
    .refine((tables) => new Set(tables).size === tables.length, 'name each table once')
    .optional()
    .describe('Only these tables (and only their cursors move); every table when absent'),
});

const file = z.object({
  table: z.string(),
  part: z.number(),
  key: z.string().describe('Where the file is in the export bucket'),
  rows: z.number(),
  rowGroups: z.number(),
  bytes: z.number(),
  sha256: z.string(),
  url: z.string().nullable().describe('A signed download link, valid until linksExpireAt; null until the run is complete'),
});

export const exportBody = z.object({
  id: z.string(),
  status: z.enum(['running', 'publishing', 'complete', 'failed']),
  full: z.boolean(),
  requestedBy: z.string(),
  watermark: z.string().describe('Rows loaded up to this instant are in the run'),
  partition: z.string().describe('The Hive partition of its files: export_date=YYYY-MM-DD'),
  manifestKey: z.string().nullable(),
  error: z.string().nullable(),
  tables: z.array(
    z.object({
      name: z.string(),
      mode: z.enum(['changes', 'snapshot']),
      loadedAfter: z.string().nullable().describe('changes: the cursor the run started from (null: every row)'),
      parts: z.number(),
      rows: z.number(),
      done: z.boolean(),
    }),
  ),
  files: z.array(file),
  linksExpireAt: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** A run as the API shows it; a complete run's files with signed links that last `link.seconds`. */
async function presentExport(
  run: ExportRun,
  tables: readonly ExportRunTable[],
  files: readonly ExportFile[],
  link: { origin: string; secret: string; seconds: number; nowSeconds: number },
): Promise<z.infer<typeof exportBody>> {
  const expires = link.nowSeconds + link.seconds;
  const complete = run.status === 'complete';
  return {
    id: run.id,
    status: run.status,
    full: run.full,
    requestedBy: run.requestedBy,
    watermark: run.watermark,
    partition: `export_date=${run.partitionDate}`,
    manifestKey: run.manifestKey,
    error: run.error,
    tables: tables.map((t) => ({ name: t.tableName, mode: t.mode, loadedAfter: t.fromLoadedAt, parts: t.parts, rows: t.rows, done: t.done })),
    files: await Promise.all(
      files.map(async (f) => ({
        table: f.tableName,
        part: f.part,
        key: f.key,
        rows: f.rows,
        rowGroups: f.rowGroups,
        bytes: f.bytes,
        sha256: f.sha256,
        url: complete ? `${link.origin}${await signedFilePath(link.secret, { runId: run.id, table: f.tableName, part: f.part }, expires)}` : null,
      })),
    ),
    linksExpireAt: complete ? new Date(expires * 1000).toISOString() : null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}

/** The run as a response to this request: its links point at the origin the request came to, and last EXPORT_LINK_SECONDS from now. */
export async function exportResponse(c: Context<AppEnv>, db: Warehouse, run: ExportRun) {
  const config = exportConfig(c.env);
  const link = { origin: new URL(c.req.url).origin, secret: config.signingKey, seconds: config.linkSeconds, nowSeconds: Math.floor(Date.now() / 1000) };
  return presentExport(run, await exportRunTables(db, run.id), await exportFiles(db, run.id), link);
}
