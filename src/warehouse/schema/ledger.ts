/**
 * The pipeline's ledger: each delivery once per (shop, webhook id) with its progress, the
 * quarantine of what could not be taken, with its reason, and the deliveries refused for their
 * signature, counted.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant, shopifyId } from './columns';
import { shopRef } from './dimensions';

export const rawEventStatus = pgEnum('raw_event_status', ['validated', 'quarantined', 'unmodelled', 'loaded']);

/**
 * Every accepted webhook delivery, once per (shop, webhook id), with the ids it concerns so that
 * compliance requests can find every raw object that mentions a customer or an order.
 */
export const rawEvent = pgTable(
  'raw_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopDomain: text('shop_domain').notNull(),
    webhookId: text('webhook_id').notNull(),
    eventId: text('event_id'),
    topic: text('topic').notNull(),
    apiVersion: text('api_version').notNull(),
    rawKey: text('raw_key').notNull(),
    customerId: shopifyId('customer_id'),
    orderId: shopifyId('order_id'),
    triggeredAt: instant('triggered_at'),
    receivedAt: instant('received_at').notNull(),
    status: rawEventStatus('status').notNull(),
    /** Times Shopify delivered it: the distinct instants its deliveries were received, kept in `seen_at`, so that recording a delivery again (a retried batch, a replay) counts nothing twice. */
    seenCount: integer('seen_count').notNull().default(1),
    seenAt: instant('seen_at').array().notNull().default(sql`'{}'`),
    loadedAt: instant('loaded_at'),
    /** What the load left out of a valid delivery, and why (e.g. an embedded customer without a version). */
    notes: jsonb('notes'),
  },
  (t) => [
    uniqueIndex('raw_event_delivery').on(t.shopDomain, t.webhookId),
    index('raw_event_shop_topic_received').on(t.shopDomain, t.topic, t.receivedAt),
    // Recent deliveries of every shop at once (the alert rules).
    index('raw_event_received').on(t.receivedAt),
    index('raw_event_customer').on(t.shopDomain, t.customerId),
    index('raw_event_order').on(t.shopDomain, t.orderId),
  ],
);

/** Where in the pipeline a record failed: validating or loading a delivery, splitting or loading an upload, a resync step, making an image's thumbnails, an export step. */
export const pipelineStage = pgEnum('pipeline_stage', ['validate', 'transform', 'split', 'chunk', 'resync', 'thumbnail', 'export']);

/**
 * Why it failed: `invalid` input (JSON, schema), a `permanent` refusal (the warehouse rejected the
 * rows; no retry can help), a `transient` failure that outlasted its retries (connection loss,
 * serialization failures), a `malformed` queue message, or `unknown` when the consumer stopped
 * before it could say (the message reached a dead-letter queue).
 */
export const failureClass = pgEnum('failure_class', ['invalid', 'permanent', 'transient', 'malformed', 'unknown']);

/**
 * Records the pipeline could not take (quarantined deliveries and dead letters), with the cause and
 * what is needed to replay them. One row per subject (the raw key of a delivery, or an upload's or
 * resync's step) and stage: failing again updates it, and a successful replay or load resolves it.
 */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    stage: pipelineStage('stage').notNull(),
    /** What failed: a delivery's raw key, `upload:{job}`, `upload:{job}/chunk:{n}`, `resync:{id}`, … */
    subject: text('subject').notNull(),
    /** The queue the message was on when it failed for the last time. */
    queue: text('queue'),
    errorClass: failureClass('error_class').notNull(),
    rawKey: text('raw_key'),
    shopDomain: text('shop_domain'),
    topic: text('topic'),
    webhookId: text('webhook_id'),
    reason: text('reason').notNull(),
    sqlstate: text('sqlstate'),
    path: text('path'),
    /** The message body (the claim check or step to re-drive) and what else was known. */
    details: jsonb('details'),
    attempts: integer('attempts').notNull().default(1),
    /** The first failure; `last_failed_at` the latest. */
    createdAt: instant('created_at').notNull().default(sql`now()`),
    lastFailedAt: instant('last_failed_at').notNull().default(sql`now()`),
    replayedAt: instant('replayed_at'),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [
    uniqueIndex('quarantine_subject_stage').on(t.subject, t.stage),
    index('quarantine_shop').on(t.shopDomain, t.id),
    index('quarantine_open_delivery').on(t.shopDomain, t.webhookId).where(sql`resolved_at is null`),
    index('quarantine_open_class').on(t.errorClass, t.id).where(sql`resolved_at is null`),
  ],
);

/**
 * Webhook deliveries refused for a missing or wrong signature, counted per known shop and minute
 * (src/pipeline/signature-failures.ts says how the count stays bounded), for the
 * `signature_failures` alert rule; pruned after a day.
 */
export const signatureFailure = pgTable(
  'signature_failure',
  {
    shopId: shopRef(),
    minute: instant('minute').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.minute] }), index('signature_failure_minute').on(t.minute)],
);

/**
 * Transactions run again after Postgres aborted them for a deadlock (40P01) or a serialization
 * failure (40001), counted per minute, kind of work and SQLSTATE (src/warehouse/conflict-retries.ts).
 * Loads take their row locks in key order, so a row here is a finding; pruned after a week.
 */
export const transactionRetry = pgTable(
  'transaction_retry',
  {
    minute: instant('minute').notNull(),
    work: text('work').notNull(),
    sqlstate: text('sqlstate').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.minute, t.work, t.sqlstate] })],
);
