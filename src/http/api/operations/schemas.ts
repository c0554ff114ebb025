import { z } from 'zod';
import { FAILURE_CLASSES, STAGES } from '../../../warehouse/dead-letters';
import { instantParam } from '../api-route';

const instant = z.string().describe('ISO 8601 timestamp');

export const deadLetter = z.object({
  id: z.number(),
  stage: z
    .enum(STAGES)
    .describe("validate and transform: a webhook delivery; split and chunk: an upload; resync: a resync step; thumbnail: an image's thumbnails"),
  queue: z.string().nullable().describe('The queue the message was on when it failed for the last time'),
  errorClass: z
    .enum(FAILURE_CLASSES)
    .describe(
      'invalid input; permanent (the warehouse rejected it: replay after a fix); transient (retries ran out: the sweep re-drives it); malformed message; unknown (the consumer stopped before it could say)',
    ),
  subject: z.string().describe("What failed: a delivery's raw key, upload:{job}, upload:{job}/chunk:{n}, resync:{id}…"),
  topic: z.string().nullable(),
  webhookId: z.string().nullable(),
  rawKey: z.string().nullable(),
  reason: z.string().describe('The last cause, with its SQLSTATE when the database gave one'),
  sqlstate: z.string().nullable(),
  path: z.string().nullable(),
  attempts: z.number(),
  firstFailedAt: instant,
  lastFailedAt: instant,
  replayedAt: instant.nullable(),
  resolvedAt: instant.nullable().describe('Set once a replay or a later delivery loaded it'),
});

/** Which dead letters: the filters of a list and of a bulk replay. */
export const deadLetterFilter = {
  stage: z.enum(STAGES).optional(),
  topic: z
    .string()
    .regex(/^[a-z_]+\/[a-z_]+$/)
    .optional(),
  error_class: z.enum(FAILURE_CLASSES).optional(),
  failed_from: instantParam.optional().describe('Last failure at or after'),
  failed_to: instantParam.optional().describe('Last failure before'),
};

export const state = z.enum(['open', 'resolved', 'all']).describe('open: not resolved yet (the default)');

export const redriveReport = z.object({
  from: instant,
  to: instant,
  dryRun: z.boolean(),
  deliveries: z.object({
    indexed: z.number().describe('Intake index entries examined (a delivery Shopify sent twice has two)'),
    finished: z.number().describe('In the ledger, loaded, quarantined or unmodelled'),
    unfinished: z.number().describe('In the ledger, validated but never loaded'),
    missing: z.number().describe('Not in the ledger: the claim check was lost'),
    rawGone: z.number().describe('Indexed, but the raw object was deleted by a compliance request'),
    redriven: z.number(),
  }),
  uploads: z.object({ unfinished: z.number(), redriven: z.number() }),
  failuresImported: z.number().describe('Failure records kept in R2 while the database was down, moved into the quarantine'),
  truncated: z.boolean(),
  resumeFrom: instant.nullable().describe('When truncated: run again with this as `from`'),
});
