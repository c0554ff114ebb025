/**
 * Reads a delivery's raw body back from R2 and checks it against its topic's schema. Both queue
 * consumers do this: the claim check carries no payload, and producer and consumer may run
 * different deployments.
 */
import { type PayloadIssue, type PayloadNote, type Subjects, topicModel, type ValidatedPayload } from '../domain/topics';
import { NUL_REASON } from '../files/rejects';
import { nulPath, parseJsonExact } from '../lib/exact-json';
import type { WebhookClaim } from './messages';

export type DeliveryVerdict =
  | { kind: 'valid'; subjects: Subjects; notes: PayloadNote[]; toRows: Extract<ValidatedPayload, { ok: true }>['toRows'] }
  | { kind: 'unmodelled' }
  | { kind: 'invalid'; reason: string; path?: string; issues?: PayloadIssue[] };

/** R2 failures propagate: they are transient, and the message is retried. */
export async function readDelivery(bucket: R2Bucket, claim: WebhookClaim): Promise<DeliveryVerdict> {
  const object = await bucket.get(claim.rawKey);
  if (!object) return { kind: 'invalid', reason: 'raw object not found in R2' };
  const json = parseJsonExact(await object.text());
  if (!json.ok) return { kind: 'invalid', reason: json.reason };
  const model = topicModel(claim.topic);
  if (!model) return { kind: 'unmodelled' };
  const nul = nulPath(json.value);
  if (nul !== null) return { kind: 'invalid', reason: `${nul}: ${NUL_REASON}`, path: nul };
  const validated = model.validate(json.value);
  return validated.ok
    ? { kind: 'valid', subjects: validated.subjects, notes: validated.notes, toRows: validated.toRows }
    : { kind: 'invalid', reason: validated.reason, path: validated.path, issues: validated.issues };
}
