import { z } from 'zod';
import { dataTopics } from '../../../domain/topics';
import { uploadFormats } from '../../../upload-formats';
import type { UploadParameter } from '../../../uploads/formats/format';
import type { UploadSource } from '../../../warehouse/upload-jobs';
import { mappingIdParam } from '../mappings/schemas';

const formats = Object.entries(uploadFormats) as [UploadSource, (typeof uploadFormats)[UploadSource]][];
const uploadable = formats.filter(([, format]) => format.upload);
const sourcesTaking = (parameter: UploadParameter) =>
  uploadable.filter(([, format]) => format.upload!.parameters.includes(parameter)).map(([source]) => source);
const described = (of: typeof formats) => of.map(([source, format]) => `${source}: ${format.description}`).join('. ');

/** Topics whose resources can be uploaded: the data topics. Lifecycle, compliance and bulk topics come only from signed Shopify deliveries. */
const uploadableTopic = z.enum(dataTopics as [string, ...string[]], {
  error: `expected a data topic, one of ${dataTopics.join(', ')}: lifecycle, compliance and bulk operation topics come only from signed Shopify deliveries`,
});

/** A parameter that names what reads the file goes with the sources whose format takes it, and only with them. */
function goesWithItsSources(
  parameter: UploadParameter,
): [(query: { source: UploadSource } & Partial<Record<UploadParameter, string>>) => boolean, { message: string; path: string[] }] {
  const sources = sourcesTaking(parameter);
  return [
    (query) => sources.includes(query.source) === (query[parameter] !== undefined),
    { message: `${parameter} goes with ${sources.map((source) => `source=${source}`).join(' or ')}, and only with it`, path: [parameter] },
  ];
}

/** What is being uploaded: a source the upload routes take (src/upload-formats.ts), with the topic or mapping its format reads it by. */
export const uploadQuery = z
  .strictObject({
    source: z.enum(uploadable.map(([source]) => source) as [UploadSource, ...UploadSource[]]).describe(described(uploadable)),
    topic: uploadableTopic.optional().describe(`With ${sourcesTaking('topic').join(' or ')}: the webhook topic whose schema each line takes`),
    mapping: mappingIdParam.optional().describe(`With ${sourcesTaking('mapping').join(' or ')}: the column mapping (POST /v1/mappings) that reads the file`),
  })
  .refine(...goesWithItsSources('topic'))
  .refine(...goesWithItsSources('mapping'));

export const job = z.object({
  id: z.string(),
  source: z.enum(formats.map(([source]) => source) as [UploadSource, ...UploadSource[]]).describe(described(formats.filter(([, format]) => !format.upload))),
  topic: z.string().nullable(),
  mappingId: z
    .string()
    .nullable()
    .describe(`With ${sourcesTaking('mapping').join(' or ')}: the mapping the file was loaded with (GET /v1/mappings/{id})`),
  status: z.enum(['queued', 'splitting', 'loading', 'done', 'failed']),
  bytes: z.number(),
  rows: z.object({
    seen: z.number(),
    loaded: z.number(),
    rejected: z.number(),
    duplicates: z.number(),
    balanced: z.boolean().describe('seen = loaded + rejected + duplicates'),
  }),
  chunks: z.object({ total: z.number().nullable(), done: z.number() }),
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rejectsUrl: z.string(),
});
