/**
 * What the alert rules measure, every shop at once, and the alerts' own records: open alerts per
 * condition, settings, channels and the delivery outbox.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { arrayParam } from './array-literal';
import type { Warehouse } from './db';
import type { ShopScope } from './reads/scope';
import { alert, alertChannel, alertDelivery, alertSetting, dimShop, signatureFailure } from './schema';

export type AlertRuleName = (typeof alert.$inferSelect)['rule'];

/** A condition that holds now for a shop: what the rule found, said for people and as data. */
export interface Firing {
  shopId: number;
  rule: AlertRuleName;
  subject: string;
  summary: string;
  details: Record<string, unknown>;
}

/** Installed shops' settings of every rule that has one. */
export async function alertSettings(db: Warehouse): Promise<Map<string, { enabled: boolean; threshold: number | null }>> {
  const rows = await db.select().from(alertSetting);
  return new Map(rows.map((r) => [`${r.shopId}/${r.rule}`, { enabled: r.enabled, threshold: r.threshold === null ? null : Number(r.threshold) }]));
}

export async function saveAlertSetting(db: Warehouse, scope: ShopScope, rule: AlertRuleName, setting: { enabled: boolean; threshold: number | null }) {
  const values = { shopId: scope.shopId, rule, enabled: setting.enabled, threshold: setting.threshold === null ? null : String(setting.threshold) };
  await db
    .insert(alertSetting)
    .values(values)
    .onConflictDoUpdate({ target: [alertSetting.shopId, alertSetting.rule], set: { ...values, updatedAt: sql`now()` } });
}

/** Shops Wharf still serves: not uninstalled, not redacted. */
const SERVED = sql`s.uninstalled_at is null and s.redacted_at is null`;

export async function recentDeadLetters(db: Warehouse, windowMinutes: number) {
  const result = await db.execute<{ shopId: number; count: number; stages: string[] }>(sql`
    select s.shop_id as "shopId", count(*)::integer as count, array_agg(distinct q.stage::text) as stages
    from quarantine q join dim_shop s on s.domain = q.shop_domain
    where q.resolved_at is null and q.created_at > now() - make_interval(mins => ${windowMinutes}) and ${SERVED}
    group by s.shop_id`);
  return result.rows;
}

/** Per shop: webhook deliveries refused for their signature within the last `windowMinutes` (counted per minute). */
export async function recentSignatureFailures(db: Warehouse, windowMinutes: number) {
  const result = await db.execute<{ shopId: number; count: number }>(sql`
    select s.shop_id as "shopId", sum(f.count)::integer as count
    from ${signatureFailure} f join dim_shop s on s.shop_id = f.shop_id
    where f.minute > now() - make_interval(mins => ${windowMinutes}) and ${SERVED}
    group by s.shop_id`);
  return result.rows;
}

export async function recentDeliveryOutcomes(db: Warehouse, windowMinutes: number) {
  const result = await db.execute<{ shopId: number; deliveries: number; quarantined: number }>(sql`
    select s.shop_id as "shopId", count(*)::integer as deliveries, (count(*) filter (where r.status = 'quarantined'))::integer as quarantined
    from raw_event r join dim_shop s on s.domain = r.shop_domain
    where r.received_at > now() - make_interval(mins => ${windowMinutes}) and ${SERVED}
    group by s.shop_id`);
  return result.rows;
}

/**
 * Per shop and silence window (the shop's setting, else `defaultMinutes`): deliveries within the
 * last window, and on how many of the previous seven days the same hours of the day had any.
 */
export async function deliveryCadence(db: Warehouse, defaultMinutes: number) {
  const result = await db.execute<{ shopId: number; windowMinutes: number; recent: number; usualDays: number; lastReceivedAt: string | null }>(sql`
    with windows as (
      select s.shop_id, s.domain, coalesce(a.threshold, ${defaultMinutes})::float8 * 60 as seconds
      from dim_shop s left join alert_setting a on a.shop_id = s.shop_id and a.rule = 'shop_silent'
      where ${SERVED}
    )
    select w.shop_id as "shopId", (w.seconds / 60)::integer as "windowMinutes",
      (count(*) filter (where age.seconds < w.seconds))::integer as recent,
      (count(distinct floor(age.seconds / 86400)) filter (where age.seconds >= 86400 and age.seconds::numeric % 86400 < w.seconds))::integer as "usualDays",
      to_json(max(r.received_at)) #>> '{}' as "lastReceivedAt"
    from windows w
    join raw_event r on r.shop_domain = w.domain and r.received_at > now() - interval '7 days' - make_interval(secs => w.seconds)
    cross join lateral (select extract(epoch from now() - r.received_at)::float8 as seconds) age
    group by w.shop_id, w.seconds`);
  return result.rows;
}

/** Each shop's latest resync when it failed. */
export async function failedLatestResyncs(db: Warehouse) {
  const result = await db.execute<{ shopId: number; id: string; kind: string; error: string | null; finishedAt: string | null }>(sql`
    select l.shop_id as "shopId", l.id, l.kind::text as kind, l.error, to_json(l.finished_at) #>> '{}' as "finishedAt"
    from (select distinct on (r.shop_id) r.* from resync r order by r.shop_id, r.created_at desc) l
    join dim_shop s on s.shop_id = l.shop_id
    where l.status = 'failed' and ${SERVED}`);
  return result.rows;
}

/** Each served shop's connection: its state, and what its last subscription check found. */
export async function shopConnections(db: Warehouse) {
  const result = await db.execute<{
    shopId: number;
    state: string;
    stateReason: string | null;
    check: Record<string, unknown> | null;
    checkedAt: string | null;
  }>(sql`
    select i.shop_id as "shopId", i.state::text as state, i.state_reason as "stateReason", i.subscription_check as check,
      to_json(i.subscriptions_checked_at) #>> '{}' as "checkedAt"
    from shop_install i join dim_shop s on s.shop_id = i.shop_id
    where i.state <> 'uninstalled' and ${SERVED}`);
  return result.rows;
}

/** Active resyncs and how long since each last moved. */
export async function activeResyncs(db: Warehouse) {
  const result = await db.execute<{ shopId: number; id: string; status: string; idleMinutes: number }>(sql`
    select r.shop_id as "shopId", r.id, r.status::text as status, (extract(epoch from now() - r.updated_at) / 60)::float8 as "idleMinutes"
    from resync r join dim_shop s on s.shop_id = r.shop_id
    where r.status not in ('reconciled', 'failed') and ${SERVED}`);
  return result.rows;
}

export async function recentlyFailedJobs(db: Warehouse, windowHours: number) {
  const result = await db.execute<{ shopId: number; id: string; source: string; error: string | null }>(sql`
    select j.shop_id as "shopId", j.id, j.source::text as source, j.error
    from upload_job j join dim_shop s on s.shop_id = j.shop_id
    where j.status = 'failed' and j.finished_at > now() - make_interval(hours => ${windowHours}) and ${SERVED}`);
  return result.rows;
}

/** Each shop's latest quality run: rows checked and failing (anomalies aside), and the anomalies it found. */
export async function latestQuality(db: Warehouse) {
  const result = await db.execute<{
    shopId: number;
    runId: number;
    checked: number;
    failed: number;
    anomalies: { rule: string; samples: unknown }[] | null;
  }>(sql`
    with latest as (select distinct on (shop_id) shop_id, id from quality_run order by shop_id, id desc)
    select l.shop_id as "shopId", l.id::integer as "runId",
      coalesce(sum(r.checked) filter (where r.dimension <> 'anomaly'), 0)::float8 as checked,
      coalesce(sum(r.failed) filter (where r.dimension <> 'anomaly'), 0)::float8 as failed,
      json_agg(json_build_object('rule', r.rule, 'samples', r.samples)) filter (where r.dimension = 'anomaly' and r.failed > 0) as anomalies
    from latest l join dim_shop s on s.shop_id = l.shop_id join quality_result r on r.run_id = l.id
    where ${SERVED}
    group by l.shop_id, l.id`);
  return result.rows;
}

/**
 * Brings the open alerts of the evaluated rules in line with what fires now: opens the new
 * conditions (the partial unique index keeps one open alert per condition, however many
 * evaluations race), refreshes those still holding, resolves those that cleared, and queues each
 * opening and clearing for every channel of the shop.
 */
export async function syncAlerts(db: Warehouse, rules: readonly AlertRuleName[], firing: readonly Firing[]) {
  return db.transaction(async (tx) => {
    const opened: number[] = [];
    for (const f of firing) {
      const [row] = (
        await tx.execute<{ id: number; inserted: boolean }>(sql`
          insert into ${alert} (shop_id, rule, subject, summary, details)
          values (${f.shopId}, ${f.rule}, ${f.subject}, ${f.summary}, ${JSON.stringify(f.details)}::jsonb)
          on conflict (shop_id, rule, subject) where resolved_at is null
          do update set last_seen_at = now(), summary = excluded.summary, details = excluded.details
          returning id, (xmax = 0) as inserted`)
      ).rows;
      if (row?.inserted) opened.push(Number(row.id));
    }
    const holding = firing.map((f) => `${f.shopId}/${f.rule}/${f.subject}`);
    const resolved = (
      await tx.execute<{ id: number }>(sql`
        update ${alert} set resolved_at = now()
        where resolved_at is null and rule::text = any(${arrayParam(rules, 'text')})
          and not (shop_id::text || '/' || rule::text || '/' || subject = any(${arrayParam(holding, 'text')}))
        returning id`)
    ).rows.map((r) => Number(r.id));
    await queueDeliveries(tx, opened, 'opened');
    await queueDeliveries(tx, resolved, 'resolved');
    return { opened: opened.length, resolved: resolved.length };
  });
}

type Tx = Parameters<Parameters<Warehouse['transaction']>[0]>[0];

async function queueDeliveries(tx: Tx, alertIds: readonly number[], event: 'opened' | 'resolved') {
  if (alertIds.length === 0) return;
  await tx.execute(sql`
    insert into ${alertDelivery} (alert_id, channel_id, shop_id, event)
    select a.id, c.id, a.shop_id, ${event}::alert_event
    from ${alert} a join ${alertChannel} c on c.shop_id = a.shop_id and c.removed_at is null
    where a.id = any(${arrayParam(alertIds, 'bigint')})
    on conflict (alert_id, channel_id, event) do nothing`);
}

/** Where a delivery goes: a webhook with its sealed signing secret, or an email address. */
export type AlertTarget = { kind: 'webhook'; url: string; sealedSecret: string } | { kind: 'email'; email: string };
export type ChannelKind = AlertTarget['kind'];

export type DueDelivery = {
  id: number;
  event: 'opened' | 'resolved';
  attempts: number;
  channel: AlertTarget;
  shopDomain: string;
  alert: { id: number; rule: string; subject: string; summary: string; details: unknown; openedAt: string; resolvedAt: string | null };
};

/**
 * Claims up to `limit` deliveries to channels of these kinds that are due, for `leaseMinutes`: a
 * concurrent run skips them, and one whose sender died is due again once the lease ends.
 */
export async function claimDueDeliveries(db: Warehouse, kinds: readonly ChannelKind[], limit: number, leaseMinutes: number): Promise<DueDelivery[]> {
  const result = await db.execute<DueDelivery>(sql`
    with due as (
      select d.id from ${alertDelivery} d join ${alertChannel} c on c.id = d.channel_id
      where d.status = 'pending' and d.next_attempt_at <= now() and c.kind::text = any(${arrayParam(kinds, 'text')})
      order by d.next_attempt_at limit ${limit} for update of d skip locked
    ),
    claimed as (
      update ${alertDelivery} d set next_attempt_at = now() + make_interval(mins => ${leaseMinutes})
      from due where d.id = due.id
      returning d.*
    )
    select d.id, d.event::text as event, d.attempts, s.domain as "shopDomain",
      json_strip_nulls(json_build_object('kind', c.kind, 'url', c.url, 'sealedSecret', c.sealed_secret, 'email', c.email)) as channel,
      json_build_object('id', a.id, 'rule', a.rule, 'subject', a.subject, 'summary', a.summary, 'details', a.details,
        'openedAt', to_json(a.opened_at) #>> '{}', 'resolvedAt', to_json(a.resolved_at) #>> '{}') as alert
    from claimed d join ${alertChannel} c on c.id = d.channel_id join ${alert} a on a.id = d.alert_id join ${dimShop} s on s.shop_id = d.shop_id
    order by d.id`);
  return result.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function markDelivered(db: Warehouse, id: number) {
  await db
    .update(alertDelivery)
    .set({ status: 'sent', sentAt: sql`now()`, attempts: sql`${alertDelivery.attempts} + 1`, lastError: null })
    .where(eq(alertDelivery.id, id));
}

/** A failed attempt: due again after `retryInMinutes`, or failed for good when null. */
export async function markAttemptFailed(db: Warehouse, id: number, error: string, retryInMinutes: number | null) {
  await db
    .update(alertDelivery)
    .set({
      attempts: sql`${alertDelivery.attempts} + 1`,
      lastError: error.slice(0, 1000),
      ...(retryInMinutes === null ? { status: 'failed' as const } : { nextAttemptAt: sql`now() + make_interval(mins => ${retryInMinutes})` }),
    })
    .where(eq(alertDelivery.id, id));
}

export async function addAlertChannel(db: Warehouse, scope: ShopScope, target: AlertTarget) {
  const values = target.kind === 'webhook' ? { url: target.url, sealedSecret: target.sealedSecret } : { email: target.email };
  const [row] = await db
    .insert(alertChannel)
    .values({ shopId: scope.shopId, kind: target.kind, ...values })
    .returning({ id: alertChannel.id, createdAt: alertChannel.createdAt });
  return row!;
}

/** The shop's channels: each webhook with its URL, each email channel with its address. */
export async function alertChannels(db: Warehouse, scope: ShopScope) {
  const rows = await db
    .select({ id: alertChannel.id, kind: alertChannel.kind, url: alertChannel.url, email: alertChannel.email, createdAt: alertChannel.createdAt })
    .from(alertChannel)
    .where(and(eq(alertChannel.shopId, scope.shopId), isNull(alertChannel.removedAt)))
    .orderBy(alertChannel.id);
  return rows.map(({ id, kind, url, email, createdAt }) => (kind === 'webhook' ? { id, kind, url: url!, createdAt } : { id, kind, email: email!, createdAt }));
}

/** Stops sending to a channel; what it was sent stays on record. */
export async function removeAlertChannel(db: Warehouse, scope: ShopScope, id: number): Promise<boolean> {
  const removed = await db
    .update(alertChannel)
    .set({ removedAt: sql`now()` })
    .where(and(eq(alertChannel.id, id), eq(alertChannel.shopId, scope.shopId), isNull(alertChannel.removedAt)))
    .returning({ id: alertChannel.id });
  if (removed.length === 0) return false;
  await db.execute(sql`update ${alertDelivery} set status = 'failed', last_error = 'channel removed' where channel_id = ${id} and status = 'pending'`);
  return true;
}

/** The shop's alerts, newest first: the open ones only, or every one. */
export async function listAlerts(db: Warehouse, scope: ShopScope, options: { open: boolean; limit: number }) {
  return db
    .select({
      id: alert.id,
      rule: alert.rule,
      subject: alert.subject,
      summary: alert.summary,
      details: alert.details,
      openedAt: alert.openedAt,
      lastSeenAt: alert.lastSeenAt,
      resolvedAt: alert.resolvedAt,
    })
    .from(alert)
    .where(and(eq(alert.shopId, scope.shopId), options.open ? isNull(alert.resolvedAt) : undefined))
    .orderBy(desc(alert.openedAt), desc(alert.id))
    .limit(options.limit);
}
