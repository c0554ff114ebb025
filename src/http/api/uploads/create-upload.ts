import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { newId } from '../../../lib/ids';
import { uploadQueue } from '../../../pipeline/producers';
import { startJob } from '../../../uploads/start-job';
import { jobWithSameContent } from '../../../warehouse/upload-jobs';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { presentJob } from './present-job';
import { job, uploadQuery } from './schemas';
import { rawMetadata, uploadKey, uploadTarget } from './upload-target';

// The Workers request body limit; larger files go through the multipart upload routes.
export const MAX_BYTES = 100 * 1024 * 1024;

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

export class CreateUpload extends ApiRoute {
  protected readonly scope = 'upload' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'Upload a file; it is stored in R2, then split, validated and loaded by a job',
    description:
      'The body is the file itself, streamed to storage (Content-Length required, at most 100 MiB; larger files use /v1/uploads/multipart). Uploading byte-identical content again answers with the existing job.',
    request: {
      query: uploadQuery,
      body: { content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } }, required: true },
    },
    responses: {
      '202': { description: 'Accepted: the job is queued', ...contentJson(job) },
      '200': { description: 'The same content was uploaded before: its job', ...contentJson(job) },
      '411': { description: 'Content-Length is required' },
      '413': { description: 'The file is larger than 100 MiB' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const target = await uploadTarget(db, shop, query);
    const length = Number(c.req.header('content-length'));
    if (!c.req.header('content-length') || !Number.isInteger(length)) throw new Problem(411, 'send the file with a Content-Length header');
    if (length > MAX_BYTES) throw new Problem(413, `single uploads are limited to ${MAX_BYTES} bytes: use POST /v1/uploads/multipart`);
    if (!c.req.raw.body || length === 0) throw new Problem(400, 'the body is empty: send the file as the request body');

    const jobId = newId('job');
    const rawKey = uploadKey(principal.shopDomain, jobId, target);
    const stored = await c.env.RAW_BUCKET.put(rawKey, c.req.raw.body, {
      httpMetadata: { contentType: c.req.header('content-type') ?? 'text/csv' },
      customMetadata: { ...rawMetadata(principal, target), 'job-id': jobId },
    });
    const md5 = stored.checksums.md5 ? hex(stored.checksums.md5) : null;

    const earlier = md5 ? await jobWithSameContent(db, principal.shopId, target.source, target.mapping?.id ?? null, md5) : undefined;
    if (earlier) {
      await c.env.RAW_BUCKET.delete(rawKey);
      return c.json(presentJob(earlier), 200);
    }
    const created = await startJob(db, uploadQueue(c.env), {
      id: jobId,
      shopId: principal.shopId,
      source: target.source,
      topic: target.topic,
      mappingId: target.mapping?.id ?? null,
      rawKey,
      bytes: stored.size,
      contentMd5: md5,
    });
    return c.json(presentJob(created), 202, { location: `/v1/jobs/${jobId}` });
  }
}
