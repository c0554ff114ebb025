/**
 * The alert rules: what each watches, every shop at once, and when it fires. A shop may disable a
 * rule or set its threshold (PUT /v1/alerts/rules/{rule}); a rule fires once per condition
 * (shop and subject) until the condition clears.
 */

import type { SubscriptionCheck } from '../connect/subscriptions';
import { score } from '../quality/run';
import {
  type AlertRuleName,
  activeResyncs,
  deliveryCadence,
  type Firing,
  failedLatestResyncs,
  latestQuality,
  recentDeadLetters,
  recentDeliveryOutcomes,
  recentlyFailedJobs,
  recentSignatureFailures,
  shopConnections,
} from '../warehouse/alerts';
import type { Warehouse } from '../warehouse/db';

export type Condition = Omit<Firing, 'rule'>;

export interface AlertRule {
  name: AlertRuleName;
  description: string;
  /** What the threshold means and its default; rules without one fire on the condition alone. */
  threshold?: { default: number; meaning: string };
  /** The conditions that hold now, given each shop's threshold. */
  evaluate(db: Warehouse, thresholdOf: (shopId: number) => number): Promise<Condition[]>;
}

/** The window of the rate and arrival rules: quarantines, dead letters and signature failures of the last quarter hour. */
const WINDOW_MINUTES = 15;
/** Too few deliveries say nothing of a rate. */
const MIN_DELIVERIES_FOR_RATE = 20;
/** A shop is silent only at hours when it usually is not: deliveries in the same hours on at least this many of the last 7 days. */
const USUAL_DAYS = 5;
const FAILED_JOB_HOURS = 24;
const SILENT_MINUTES = 60;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const ALERT_RULES: readonly AlertRule[] = [
  {
    name: 'dead_letters',
    description: `Failures recorded as dead letters (quarantine) in the last ${WINDOW_MINUTES} minutes and not yet resolved.`,
    threshold: { default: 1, meaning: 'dead letters within the window' },
    async evaluate(db, thresholdOf) {
      return (await recentDeadLetters(db, WINDOW_MINUTES))
        .filter((m) => m.count >= thresholdOf(m.shopId))
        .map((m) => ({
          shopId: m.shopId,
          subject: '',
          summary: `${plural(m.count, 'dead letter')} in the last ${WINDOW_MINUTES} minutes (${m.stages.join(', ')})`,
          details: { count: m.count, stages: m.stages, windowMinutes: WINDOW_MINUTES },
        }));
    },
  },
  {
    name: 'quarantine_rate',
    description: `The share of the last ${WINDOW_MINUTES} minutes' deliveries that were quarantined, once there are at least ${MIN_DELIVERIES_FOR_RATE}.`,
    threshold: { default: 5, meaning: 'percent of deliveries quarantined' },
    async evaluate(db, thresholdOf) {
      return (await recentDeliveryOutcomes(db, WINDOW_MINUTES))
        .filter((m) => m.deliveries >= MIN_DELIVERIES_FOR_RATE && (100 * m.quarantined) / m.deliveries > thresholdOf(m.shopId))
        .map((m) => {
          const percent = Math.round((1000 * m.quarantined) / m.deliveries) / 10;
          return {
            shopId: m.shopId,
            subject: '',
            summary: `${percent} % of deliveries quarantined in the last ${WINDOW_MINUTES} minutes (${m.quarantined} of ${m.deliveries})`,
            details: { deliveries: m.deliveries, quarantined: m.quarantined, percent, windowMinutes: WINDOW_MINUTES },
          };
        });
    },
  },
  {
    name: 'shop_silent',
    description: `No delivery within the window, at hours of the day when deliveries came on at least ${USUAL_DAYS} of the last 7 days (the shop's own cadence: a shop quiet every night is not silent at night).`,
    threshold: { default: SILENT_MINUTES, meaning: 'minutes without a delivery' },
    async evaluate(db) {
      // The window shapes what is counted, so SQL reads each shop's setting of it.
      return (await deliveryCadence(db, SILENT_MINUTES))
        .filter((m) => m.recent === 0 && m.usualDays >= USUAL_DAYS)
        .map((m) => ({
          shopId: m.shopId,
          subject: '',
          summary: `no webhook delivery for ${m.windowMinutes} minutes, at an hour with deliveries on ${m.usualDays} of the last 7 days`,
          details: { windowMinutes: m.windowMinutes, usualDays: m.usualDays, lastReceivedAt: m.lastReceivedAt },
        }));
    },
  },
  {
    name: 'resync_failed',
    description: "The shop's latest resync failed (it clears when a later one reconciles).",
    async evaluate(db) {
      return (await failedLatestResyncs(db)).map((r) => ({
        shopId: r.shopId,
        subject: r.id,
        summary: `${r.kind} resync ${r.id} failed${r.error ? `: ${r.error}` : ''}`,
        details: { resyncId: r.id, kind: r.kind, error: r.error, finishedAt: r.finishedAt },
      }));
    },
  },
  {
    name: 'resync_stuck',
    description: 'A resync that has not moved for longer than the threshold.',
    threshold: { default: 60, meaning: 'minutes without progress' },
    async evaluate(db, thresholdOf) {
      return (await activeResyncs(db))
        .filter((r) => r.idleMinutes > thresholdOf(r.shopId))
        .map((r) => ({
          shopId: r.shopId,
          subject: r.id,
          summary: `resync ${r.id} has been ${r.status} without progress for ${Math.floor(r.idleMinutes)} minutes`,
          details: { resyncId: r.id, status: r.status, idleMinutes: Math.floor(r.idleMinutes) },
        }));
    },
  },
  {
    name: 'upload_failed',
    description: `An upload job that failed in the last ${FAILED_JOB_HOURS} hours.`,
    async evaluate(db) {
      return (await recentlyFailedJobs(db, FAILED_JOB_HOURS)).map((j) => ({
        shopId: j.shopId,
        subject: j.id,
        summary: `upload job ${j.id} (${j.source}) failed${j.error ? `: ${j.error}` : ''}`,
        details: { jobId: j.id, source: j.source, error: j.error },
      }));
    },
  },
  {
    name: 'quality_below',
    description: "The shop's latest data-quality run scored below the threshold (anomalies aside).",
    threshold: { default: 95, meaning: 'quality score, 0–100' },
    async evaluate(db, thresholdOf) {
      return (await latestQuality(db)).flatMap((q) => {
        const overall = score(q.checked, q.failed);
        return overall < thresholdOf(q.shopId)
          ? [
              {
                shopId: q.shopId,
                subject: '',
                summary: `data quality scored ${overall} (run ${q.runId}: ${q.failed} of ${q.checked} checked rows fail)`,
                details: { runId: q.runId, score: overall, checked: q.checked, failed: q.failed },
              },
            ]
          : [];
      });
    },
  },
  {
    name: 'anomaly',
    description: "The latest quality run found yesterday's orders or net sales out of line with the same weekday of the previous weeks.",
    async evaluate(db) {
      return (await latestQuality(db)).flatMap((q) =>
        (q.anomalies ?? []).map((a) => {
          const figures = a.samples as { date: string; value: number; median: number; score: number };
          return {
            shopId: q.shopId,
            subject: a.rule,
            summary: `${a.rule.split('.')[0]} on ${figures.date}: ${figures.value} against a usual ${figures.median} (robust z ${figures.score})`,
            details: { runId: q.runId, ...figures },
          };
        }),
      );
    },
  },
  {
    name: 'signature_failures',
    description: `More webhook deliveries refused for a missing or wrong signature (HMAC) in the last ${WINDOW_MINUTES} minutes than the threshold: Shopify signing with a client secret Wharf does not have (a rotation half done), or someone posing as Shopify.`,
    threshold: { default: 10, meaning: 'refused deliveries within the window' },
    async evaluate(db, thresholdOf) {
      return (await recentSignatureFailures(db, WINDOW_MINUTES))
        .filter((m) => m.count > thresholdOf(m.shopId))
        .map((m) => ({
          shopId: m.shopId,
          subject: '',
          summary: `${plural(m.count, 'signature failure')} on webhook deliveries in the last ${WINDOW_MINUTES} minutes`,
          details: { count: m.count, windowMinutes: WINDOW_MINUTES },
        }));
    },
  },
  {
    name: 'shop_reauthorize',
    description:
      "Shopify refused the shop's token (revoked, or a refresh token expired) and nothing runs for the shop until the merchant opens the install link again; or the token lacks scopes Wharf needs.",
    async evaluate(db) {
      return (await shopConnections(db)).flatMap((c): Condition[] => {
        const missing = (c.check?.missingScopes as string[] | undefined) ?? [];
        if (c.state === 'reauthorize')
          return [{ shopId: c.shopId, subject: '', summary: `the shop must authorize Wharf again: ${c.stateReason}`, details: { reason: c.stateReason } }];
        if (missing.length)
          return [
            {
              shopId: c.shopId,
              subject: 'scopes',
              summary: `the shop has not granted ${missing.join(', ')}: open the install link to grant them`,
              details: { missing },
            },
          ];
        return [];
      });
    },
  },
  {
    name: 'subscriptions_repaired',
    description:
      "The shop's last daily check found webhook subscriptions Shopify had dropped (it deletes those whose deliveries keep failing) and recreated them, with a resync for the gap; or could not put one in place.",
    async evaluate(db) {
      return (await shopConnections(db)).flatMap((c): Condition[] => {
        const check = c.check as (SubscriptionCheck & { resyncId?: string | null }) | null;
        if (!check?.dropped || (check.dropped.length === 0 && check.failures.length === 0)) return [];
        const parts = [
          check.dropped.length
            ? `Shopify had dropped ${plural(check.dropped.length, 'subscription')} (${check.dropped.join(', ')}), recreated${check.resyncId ? `; resync ${check.resyncId} covers the gap` : ''}`
            : '',
          check.failures.length
            ? `${plural(check.failures.length, 'subscription')} could not be put in place (${check.failures.map((f) => `${f.topic}: ${f.reason}`).join('; ')})`
            : '',
        ];
        return [
          {
            shopId: c.shopId,
            subject: '',
            summary: parts.filter(Boolean).join('; '),
            details: { checkedAt: check.checkedAt, dropped: check.dropped, failures: check.failures, resyncId: check.resyncId ?? null },
          },
        ];
      });
    },
  },
];

export const alertRule = (name: string): AlertRule | undefined => ALERT_RULES.find((r) => r.name === name);
