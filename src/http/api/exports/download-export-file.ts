import { OpenAPIRoute } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { exportConfig } from '../../../config';
import { refuseLink } from '../../../exports/links';
import { withWarehouse } from '../../../warehouse/db';
import { exportFileOf, exportRunById } from '../../../warehouse/exports';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { exportIdParam, exportTableParam } from './schemas';

/**
 * A file of a complete export, by the signed link GET /v1/exports/{id} gives: the link is the
 * credential (no API key), so that a reader such as DuckDB can be handed it. Range requests are
 * answered in part, as readers of Parquet footers ask.
 */
export class DownloadExportFile extends OpenAPIRoute<[Context<AppEnv>]> {
  override schema = {
    tags: ['Exports'],
    summary: 'Download a file of a complete export by its signed link',
    security: [],
    request: {
      // Digits, not a coerced number: a coerced one takes an empty value as 0, and OpenAPI would call it optional.
      params: z.object({ id: exportIdParam, table: exportTableParam, part: z.string().regex(/^\d{1,9}$/, 'expected a part number') }),
      query: z.strictObject({
        expires: z.coerce.number().int().positive().describe('Unix seconds after which the link no longer opens the file'),
        signature: z.string().max(128).describe('HMAC-SHA256 of the file and the expiry, in hex'),
      }),
    },
    responses: {
      '200': { description: 'The Parquet file', content: { 'application/vnd.apache.parquet': { schema: z.string().describe('binary') } } },
      '206': { description: 'The range of the file asked for' },
      '403': { description: 'The signature does not match, or the link has expired (application/problem+json)' },
      '404': { description: 'No such file in a complete export' },
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { params, query } = await this.getValidatedData<typeof this.schema>();
    const ref = { runId: params.id, table: params.table, part: Number(params.part) };
    const refused = await refuseLink(exportConfig(c.env).signingKey, ref, query.expires, query.signature, Math.floor(Date.now() / 1000));
    if (refused) throw new Problem(403, refused);
    const key = await withWarehouse(c.env, c.executionCtx, async (db) => {
      const run = await exportRunById(db, ref.runId);
      return run?.status === 'complete' ? (await exportFileOf(db, ref.runId, ref.table, ref.part))?.key : undefined;
    });
    const object = key ? await c.env.EXPORT_BUCKET.get(key, { range: c.req.raw.headers }) : null;
    if (!object) throw new Problem(404, `no file ${ref.table}/${ref.part} in a complete export ${ref.runId}`);
    const headers = new Headers({
      'content-type': 'application/vnd.apache.parquet',
      'accept-ranges': 'bytes',
      etag: object.httpEtag,
      'cache-control': 'private, max-age=3600',
    });
    const range = object.range as { offset?: number; length?: number } | undefined;
    if (range && c.req.header('range')) {
      const offset = range.offset ?? 0;
      const length = range.length ?? object.size - offset;
      headers.set('content-range', `bytes ${offset}-${offset + length - 1}/${object.size}`);
      headers.set('content-length', String(length));
      return new Response(object.body, { status: 206, headers });
    }
    headers.set('content-length', String(object.size));
    return new Response(object.body, { status: 200, headers });
  }
}
