/** Resources read from an uploaded file are loaded as a webhook delivery's would be: from a source, under the PII policies. */
import { warehouseConfig } from '../config';
import { type PiiPolicies, piiPolicies } from '../domain/pii';
import type { Source } from '../domain/rows';
import { type Job, shopDomainOfJob } from '../warehouse/upload-jobs';
import type { FormatContext } from './formats/format';

export async function webhookSource(ctx: FormatContext, job: Job): Promise<{ source: Source; pii: PiiPolicies }> {
  const shopDomain = await shopDomainOfJob(ctx.db, job);
  const pii = piiPolicies(warehouseConfig(ctx.env).pii);
  // An upload has no delivery time: the job's creation time stands for it, and versions every product of a product CSV.
  return { source: { shopDomain, rawKey: job.rawKey, eventAt: job.createdAt }, pii };
}
