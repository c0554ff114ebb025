/**
 * Alerts: the conditions Wharf tells a shop's operators of, one open alert per condition, and
 * each opening and clearing sent to the shop's channels through an outbox that retries until the
 * channel takes it or the attempts run out (a durable record either way).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns';
import { shopRef } from './dimensions';

export const alertRuleName = pgEnum('alert_rule', [
  'dead_letters',
  'quarantine_rate',
  'shop_silent',
  'resync_failed',
  'resync_stuck',
  'upload_failed',
  'quality_below',
  'anomaly',
  'signature_failures',
  'shop_reauthorize',
  'subscriptions_repaired',
]);

/** A shop's setting of a rule; a rule without one runs with its defaults (src/alerts/rules.ts). */
export const alertSetting = pgTable(
  'alert_setting',
  {
    shopId: shopRef(),
    rule: alertRuleName('rule').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    threshold: numeric('threshold'),
    updatedAt: instant('updated_at').notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.shopId, t.rule] })],
);

export const alertChannelKind = pgEnum('alert_channel_kind', ['webhook', 'email']);

/**
 * Where a shop's alerts go: an outgoing webhook (Slack-compatible JSON, HMAC-SHA256 signed), or an
 * email address (through the Worker's send_email binding, where it has one).
 */
export const alertChannel = pgTable(
  'alert_channel',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopId: shopRef(),
    kind: alertChannelKind('kind').notNull().default('webhook'),
    /** A webhook's URL. */
    url: text('url'),
    /** A webhook's signing secret, sealed under the token key for this shop. */
    sealedSecret: text('sealed_secret'),
    /** An email channel's address. */
    email: text('email'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
    removedAt: instant('removed_at'),
  },
  (t) => [
    index('alert_channel_shop').on(t.shopId),
    check(
      'alert_channel_target',
      sql`(${t.kind} = 'webhook' and ${t.url} is not null and ${t.sealedSecret} is not null and ${t.email} is null)
        or (${t.kind} = 'email' and ${t.email} is not null and ${t.url} is null and ${t.sealedSecret} is null)`,
    ),
  ],
);

/**
 * A condition that held: open while it holds (one per shop, rule and subject, by the partial
 * unique index), resolved when an evaluation finds it cleared.
 */
export const alert = pgTable(
  'alert',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    shopId: shopRef(),
    rule: alertRuleName('rule').notNull(),
    /** What the condition is about within the rule (a resync or job id), '' for the shop as a whole. */
    subject: text('subject').notNull().default(''),
    summary: text('summary').notNull(),
    details: jsonb('details'),
    openedAt: instant('opened_at').notNull().default(sql`now()`),
    lastSeenAt: instant('last_seen_at').notNull().default(sql`now()`),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [uniqueIndex('alert_open').on(t.shopId, t.rule, t.subject).where(sql`${t.resolvedAt} is null`), index('alert_shop_opened').on(t.shopId, t.openedAt)],
);

export const alertEvent = pgEnum('alert_event', ['opened', 'resolved']);
export const alertDeliveryStatus = pgEnum('alert_delivery_status', ['pending', 'sent', 'failed']);

/** The outbox: each alert's opening and clearing, once per channel. */
export const alertDelivery = pgTable(
  'alert_delivery',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    alertId: bigint('alert_id', { mode: 'number' })
      .notNull()
      .references(() => alert.id),
    channelId: bigint('channel_id', { mode: 'number' })
      .notNull()
      .references(() => alertChannel.id),
    shopId: shopRef(),
    event: alertEvent('event').notNull(),
    status: alertDeliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().default(sql`now()`),
    lastError: text('last_error'),
    sentAt: instant('sent_at'),
    createdAt: instant('created_at').notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('alert_delivery_once').on(t.alertId, t.channelId, t.event),
    index('alert_delivery_due').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
