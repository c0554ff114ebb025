/** The multipart upload operations: begin, upload a part, complete, abort. */
import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { z } from 'zod';
import { newId } from '../../../lib/ids';
import { uploadQueue } from '../../../pipeline/producers';
import { missingParts } from '../../../uploads/multipart';
import { startJob } from '../../../uploads/start-job';
import type { Warehouse } from '../../../warehouse/db';
import { beginMultipart, type MultipartUpload, markAborted, markCompleted, openMultipart, partsOf, recordPart } from '../../../warehouse/multipart-uploads';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { MAX_BYTES } from './create-upload';
import { presentJob } from './present-job';
import { job, uploadQuery } from './schemas';
import { rawMetadata, uploadKey, uploadTarget } from './upload-target';

const uploadIdParam = z.string().regex(/^mpu_[0-9a-z]{25}$/, 'expected a multipart upload id');
const MIN_PART_BYTES = 5 * 1024 * 1024;

const multipart = z.object({ uploadId: z.string(), partsUrl: z.string(), completeUrl: z.string() });

abstract class MultipartRoute extends ApiRoute {
  protected readonly scope = 'upload' as const;

  /** The caller's upload while it still takes parts, or the problem that says why it does not. */
  protected async open(c: Context<AppEnv>, id: string): Promise<{ db: Warehouse; upload: MultipartUpload }> {
    const { db, principal } = this.caller(c);
    const upload = await openMultipart(db, principal.shopId, id);
    if (!upload) throw new Problem(404, `no multipart upload ${id}`);
    if (upload.abortedAt) throw new Problem(409, 'this upload was aborted');
    if (upload.completedJobId) throw new Problem(409, `this upload is complete: job ${upload.completedJobId}`);
    return { db, upload };
  }
}

export class BeginMultipartUpload extends MultipartRoute {
  override schema = {
    tags: ['Uploads'],
    summary: 'Begin a multipart upload, for files above 100 MiB',
    request: { query: uploadQuery },
    responses: { '201': { description: 'Upload parts to partsUrl/{n}, then POST completeUrl', ...contentJson(multipart) }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, principal, shop } = this.caller(c);
    const { query } = await this.getValidatedData<typeof this.schema>();
    const target = await uploadTarget(db, shop, query);
    const id = newId('mpu');
    const rawKey = uploadKey(principal.shopDomain, id, target);
    const r2 = await c.env.RAW_BUCKET.createMultipartUpload(rawKey, {
      httpMetadata: { contentType: 'text/csv' },
      customMetadata: rawMetadata(principal, target),
    });
    await beginMultipart(db, {
      id,
      shopId: principal.shopId,
      source: target.source,
      topic: target.topic,
      mappingId: target.mapping?.id ?? null,
      rawKey,
      r2UploadId: r2.uploadId,
    });
    const base = `/v1/uploads/multipart/${id}`;
    return c.json({ uploadId: id, partsUrl: `${base}/parts`, completeUrl: `${base}/complete` }, 201);
  }
}

export class UploadPart extends MultipartRoute {
  override schema = {
    tags: ['Uploads'],
    summary: 'Upload part n (from 1); every part but the last must be at least 5 MiB',
    request: {
      params: z.object({ id: uploadIdParam, n: z.coerce.number().int().min(1).max(10_000) }),
      body: { content: { 'application/octet-stream': { schema: z.string() } }, required: true },
    },
    responses: {
      '200': { description: 'Stored', ...contentJson(z.object({ partNumber: z.number(), bytes: z.number() })) },
      '404': { description: 'No such upload in this shop' },
      '409': { description: 'The upload is complete or aborted' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { params } = await this.getValidatedData<typeof this.schema>();
    const { db, upload } = await this.open(c, params.id);
    const length = Number(c.req.header('content-length'));
    if (!c.req.header('content-length') || !Number.isInteger(length) || length === 0) throw new Problem(411, 'send each part with a Content-Length header');
    if (length > MAX_BYTES) throw new Problem(413, `parts are limited to ${MAX_BYTES} bytes`);
    const part = await c.env.RAW_BUCKET.resumeMultipartUpload(upload.rawKey, upload.r2UploadId).uploadPart(params.n, c.req.raw.body!);
    await recordPart(db, upload.id, part, length);
    return { partNumber: params.n, bytes: length };
  }
}

export class CompleteMultipartUpload extends MultipartRoute {
  override schema = {
    tags: ['Uploads'],
    summary: 'Complete a multipart upload: the file becomes a job',
    request: { params: z.object({ id: uploadIdParam }) },
    responses: {
      ...problemResponses,
      '202': { description: 'The job is queued', ...contentJson(job) },
      '400': { description: 'A part is missing (a truncated upload) or too small' },
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { params } = await this.getValidatedData<typeof this.schema>();
    const { db, upload } = await this.open(c, params.id);
    const parts = await partsOf(db, upload.id);
    if (parts.length === 0) throw new Problem(400, 'no parts were uploaded');
    const missing = missingParts(parts.map((p) => p.partNumber));
    if (missing.length) throw new Problem(400, `the upload is truncated: part${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`);
    const small = parts.slice(0, -1).filter((p) => p.bytes < MIN_PART_BYTES);
    if (small.length) throw new Problem(400, `every part but the last must be at least 5 MiB: part ${small.map((p) => p.partNumber).join(', ')} is smaller`);

    const object = await c.env.RAW_BUCKET.resumeMultipartUpload(upload.rawKey, upload.r2UploadId).complete(
      parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    );
    const jobId = newId('job');
    const created = await startJob(db, uploadQueue(c.env), {
      id: jobId,
      shopId: upload.shopId,
      source: upload.source,
      topic: upload.topic,
      mappingId: upload.mappingId,
      rawKey: upload.rawKey,
      bytes: object.size,
      contentMd5: null,
    });
    await markCompleted(db, upload.id, jobId);
    return c.json(presentJob(created), 202, { location: `/v1/jobs/${jobId}` });
  }
}

export class AbortMultipartUpload extends MultipartRoute {
  override schema = {
    tags: ['Uploads'],
    summary: 'Abort a multipart upload and discard its parts',
    request: { params: z.object({ id: uploadIdParam }) },
    responses: { '204': { description: 'Aborted' }, '404': { description: 'No such upload in this shop' }, ...problemResponses },
  };

  override async handle(c: Context<AppEnv>) {
    const { params } = await this.getValidatedData<typeof this.schema>();
    const { db, upload } = await this.open(c, params.id);
    await c.env.RAW_BUCKET.resumeMultipartUpload(upload.rawKey, upload.r2UploadId).abort();
    await markAborted(db, upload.id);
    return c.body(null, 204);
  }
}
