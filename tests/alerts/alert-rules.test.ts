/**
 * Each alert rule fires once per condition while it holds, and resolves when it clears, on a shop
 * whose ledger, jobs and resyncs are laid down as time went by.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { alertsOf, checkAlerts, deliveredAgo } from '../helpers/alerts';
import { apiJson, apiKeyFor } from '../helpers/api';
import { sample } from '../helpers/samples';
import { loadInOrder } from '../helpers/topics';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function shopWithId() {
  const shop = uniqueShop();
  await apiKeyFor(shop);
  const [{ id }] = (await query<{ id: number }>(sql`select shop_id as id from dim_shop where domain = ${shop}`)) as [{ id: number }];
  return { shop, shopId: id };
}

/** A delivery at this time of day on each of the last `days` days, none since. */
async function usualCadence(shop: string, days: number) {
  for (let day = 1; day <= days; day++) await deliveredAgo(shop, day * 24 * 60 + 10);
}

describe('alert rules', () => {
  it('shop_silent: a shop without deliveries at an hour it usually has them raises one alert, which resolves when they resume', async () => {
    const { shop } = await shopWithId();
    await usualCadence(shop, 7);

    await checkAlerts();
    await checkAlerts();
    const open = await alertsOf(shop);
    expect(open).toMatchObject([{ rule: 'shop_silent', subject: '', resolved: false }]);
    expect(open[0]!.summary).toBe('no webhook delivery for 60 minutes, at an hour with deliveries on 7 of the last 7 days');

    await deliveredAgo(shop, 1);
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'shop_silent', resolved: true }]);
  });

  it('shop_silent: a shop quiet at this hour on most days is not silent', async () => {
    const { shop } = await shopWithId();
    await usualCadence(shop, 4);

    await checkAlerts();
    expect(await alertsOf(shop)).toEqual([]);
  });

  it('dead_letters: fires once while fresh dead letters are unresolved, and resolves when they are', async () => {
    const { shop } = await shopWithId();
    const subject = `delivery:${crypto.randomUUID()}`;
    await query(sql`insert into quarantine (stage, subject, error_class, shop_domain, topic, reason)
      values ('transform', ${subject}, 'permanent', ${shop}, 'orders/create', 'SQLSTATE 22003: bigint out of range')`);

    await checkAlerts();
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'dead_letters', summary: '1 dead letter in the last 15 minutes (transform)', resolved: false }]);

    await query(sql`update quarantine set resolved_at = now() where subject = ${subject}`);
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'dead_letters', resolved: true }]);
  });

  it('quarantine_rate: fires above the threshold, and a shop that raises its threshold clears it', async () => {
    const { shop } = await shopWithId();
    for (let i = 0; i < 16; i++) await deliveredAgo(shop, 2);
    for (let i = 0; i < 4; i++) await deliveredAgo(shop, 3, 'quarantined');

    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([
      { rule: 'quarantine_rate', summary: '20 % of deliveries quarantined in the last 15 minutes (4 of 20)', resolved: false },
    ]);

    const { key } = await apiKeyFor(shop, ['admin']);
    const saved = await apiJson(`/v1/alerts/rules/quarantine_rate`, key, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threshold: 25 }),
    });
    expect(saved).toMatchObject({ status: 200, body: { rule: 'quarantine_rate', enabled: true, threshold: 25 } });
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'quarantine_rate', resolved: true }]);
  });

  it('quarantine_rate: too few deliveries say nothing', async () => {
    const { shop } = await shopWithId();
    for (let i = 0; i < 5; i++) await deliveredAgo(shop, 2, 'quarantined');

    await checkAlerts();
    expect((await alertsOf(shop)).map((a) => a.rule)).not.toContain('quarantine_rate');
  });

  it('resync_failed: the latest resync failing raises an alert on it, which a later reconciled resync clears', async () => {
    const { shop, shopId } = await shopWithId();
    const failed = `rs_${crypto.randomUUID()}`;
    await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to, error, created_at, finished_at)
      values (${failed}, ${shopId}, 'full', 'failed', 'cron', now(), 'bulk operation FAILED: INTERNAL_SERVER_ERROR', now() - interval '1 hour', now())`);

    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([
      { rule: 'resync_failed', subject: failed, summary: `full resync ${failed} failed: bulk operation FAILED: INTERNAL_SERVER_ERROR`, resolved: false },
    ]);

    await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to, finished_at)
      values (${`rs_${crypto.randomUUID()}`}, ${shopId}, 'full', 'reconciled', 'cron', now(), now())`);
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'resync_failed', resolved: true }]);
  });

  it('resync_stuck: an active resync that has not moved for an hour raises an alert on it', async () => {
    const { shop, shopId } = await shopWithId();
    const stuck = `rs_${crypto.randomUUID()}`;
    await query(sql`insert into resync (id, shop_id, kind, status, requested_by, window_to, updated_at)
      values (${stuck}, ${shopId}, 'incremental', 'downloading', 'cron', now(), now() - interval '90 minutes')`);

    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'resync_stuck', subject: stuck, resolved: false }]);
    expect((await alertsOf(shop))[0]!.summary).toBe(`resync ${stuck} has been downloading without progress for 90 minutes`);

    await query(sql`update resync set status = 'reconciled', updated_at = now() where id = ${stuck}`);
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'resync_stuck', resolved: true }]);
  });

  it('upload_failed: a job that failed raises an alert on it', async () => {
    const { shop, shopId } = await shopWithId();
    const job = `job_${crypto.randomUUID().replaceAll('-', '')}`;
    await query(sql`insert into upload_job (id, shop_id, source, raw_key, bytes, status, error, finished_at)
      values (${job}, ${shopId}, 'retail-csv', ${`uploads/${shop}/${job}/retail.csv`}, 10, 'failed', 'no chunk loaded after 3 sweeps', now())`);

    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([
      { rule: 'upload_failed', subject: job, summary: `upload job ${job} (retail-csv) failed: no chunk loaded after 3 sweeps`, resolved: false },
    ]);
  });

  it('quality_below: the latest quality run scoring below the threshold raises an alert, which a clean run clears', async () => {
    const { shop, shopId } = await shopWithId();
    await loadInOrder(shop, [{ topic: 'orders/create', body: sample('orders-create') }]);
    const { key } = await apiKeyFor(shop, ['admin']);
    await apiJson('/v1/alerts/rules/quality_below', key, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"threshold": 99.9}' });
    await query(sql`update fact_order set currency = 'usd' where shop_id = ${shopId}`);
    await apiJson('/v1/quality/runs', key, { method: 'POST' });

    await checkAlerts();
    await checkAlerts();
    const [raised, ...more] = await alertsOf(shop);
    expect(more).toEqual([]);
    expect(raised).toMatchObject({ rule: 'quality_below', resolved: false });
    expect(raised!.summary).toMatch(/^data quality scored 9\d\.\d+ \(run \d+: 1 of \d+ checked rows fail\)$/);

    await query(sql`update fact_order set currency = 'USD' where shop_id = ${shopId}`);
    await apiJson('/v1/quality/runs', key, { method: 'POST' });
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'quality_below', resolved: true }]);
  });

  it('anomaly: an anomaly in the latest quality run raises an alert on its figure', async () => {
    const { shop, shopId } = await shopWithId();
    const [run] = await query<{ id: number }>(
      sql`insert into quality_run (shop_id, trigger, finished_at) values (${shopId}, 'test', now()) returning id::integer`,
    );
    const figures = { date: '2026-11-30', value: 20, baseline: [100, 100, 100, 100, 100, 100], median: 100, mad: 5, score: -10.79, anomalous: true };
    await query(sql`insert into quality_result (run_id, shop_id, rule, dimension, table_name, checked, failed, score, samples)
      values (${run!.id}, ${shopId}, 'orders.daily.anomaly', 'anomaly', 'analytics.sales_daily', 1, 1, 0, ${JSON.stringify(figures)}::jsonb)`);

    await checkAlerts();

    expect(await alertsOf(shop)).toMatchObject([
      { rule: 'anomaly', subject: 'orders.daily.anomaly', summary: 'orders on 2026-11-30: 20 against a usual 100 (robust z -10.79)', resolved: false },
    ]);
  });

  it('signature_failures: more refused signatures than the threshold within 15 minutes raise one alert, which resolves as they age out', async () => {
    const { shop, shopId } = await shopWithId();
    await query(sql`insert into signature_failure (shop_id, minute, count) values
      (${shopId}, date_trunc('minute', now()) - interval '3 minutes', 7), (${shopId}, date_trunc('minute', now()) - interval '1 minute', 4)`);

    await checkAlerts();
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([
      { rule: 'signature_failures', subject: '', summary: '11 signature failures on webhook deliveries in the last 15 minutes', resolved: false },
    ]);

    await query(sql`update signature_failure set minute = minute - interval '15 minutes' where shop_id = ${shopId}`);
    await checkAlerts();
    expect(await alertsOf(shop)).toMatchObject([{ rule: 'signature_failures', resolved: true }]);
  });

  it('signature_failures: as many as the threshold is no spike', async () => {
    const { shop, shopId } = await shopWithId();
    await query(sql`insert into signature_failure (shop_id, minute, count) values (${shopId}, date_trunc('minute', now()), 10)`);

    await checkAlerts();
    expect(await alertsOf(shop)).toEqual([]);
  });

  it('signature_failures: the alert cron prunes counts older than a day', async () => {
    const { shopId } = await shopWithId();
    await query(sql`insert into signature_failure (shop_id, minute, count) values
      (${shopId}, date_trunc('minute', now()) - interval '25 hours', 3), (${shopId}, date_trunc('minute', now()) - interval '23 hours', 2)`);

    await checkAlerts();
    expect(await query(sql`select count from signature_failure where shop_id = ${shopId}`)).toEqual([{ count: 2 }]);
  });

  it('a disabled rule resolves its open alert and raises none', async () => {
    const { shop } = await shopWithId();
    await usualCadence(shop, 7);
    await checkAlerts();
    const { key } = await apiKeyFor(shop, ['admin']);

    await apiJson('/v1/alerts/rules/shop_silent', key, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    await checkAlerts();
    await checkAlerts();

    expect(await alertsOf(shop)).toMatchObject([{ rule: 'shop_silent', resolved: true }]);
  });
});
