/**
 * Alert channels: an outgoing webhook per shop that receives each alert's opening and clearing
 * once, signed with the secret given when the channel was made, retried while it fails.
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { addChannel, checkAlerts, deliveredAgo, expectedSignature, received, receiverUrl, silentShop } from '../helpers/alerts';
import { api, apiJson, apiKeyFor } from '../helpers/api';
import { query } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function deliveriesOf(shop: string) {
  return query<{ event: string; status: string; attempts: number; wait_seconds: number; last_error: string | null }>(sql`
    select d.event::text as event, d.status::text as status, d.attempts,
      extract(epoch from d.next_attempt_at - now())::integer as wait_seconds, d.last_error
    from alert_delivery d join dim_shop s using (shop_id) where s.domain = ${shop} order by d.id`);
}

describe('alert channels', () => {
  it("sends an alert's opening and its clearing once each, signed with the channel's secret", async () => {
    const shop = await silentShop();
    const name = crypto.randomUUID();
    const channel = await addChannel(shop, receiverUrl(name));
    expect(channel.status).toBe(201);
    expect(channel.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    await checkAlerts();
    await checkAlerts();
    const [opened, ...more] = await received(name);
    expect(more).toEqual([]);
    const signature = await expectedSignature(channel.secret, opened!.headers['x-wharf-signature']!, opened!.body);
    expect(signature.valid).toBe(true);
    expect(Math.abs(signature.timestamp - Date.now() / 1000)).toBeLessThan(300);
    expect(JSON.parse(opened!.body)).toMatchObject({
      text: `[Wharf] Alert on ${shop}: shop_silent: no webhook delivery for 60 minutes, at an hour with deliveries on 7 of the last 7 days`,
      event: 'opened',
      shop,
      alert: { rule: 'shop_silent', subject: '', resolvedAt: null },
    });

    await deliveredAgo(shop, 1);
    await checkAlerts();
    const all = await received(name);
    expect(all).toHaveLength(2);
    expect(JSON.parse(all[1]!.body)).toMatchObject({ event: 'resolved', alert: { rule: 'shop_silent' } });
    expect((await expectedSignature(channel.secret, all[1]!.headers['x-wharf-signature']!, all[1]!.body)).valid).toBe(true);
    expect(await deliveriesOf(shop)).toMatchObject([
      { event: 'opened', status: 'sent', attempts: 1 },
      { event: 'resolved', status: 'sent', attempts: 1 },
    ]);
  });

  it('does not verify under another secret', async () => {
    const shop = await silentShop();
    const name = crypto.randomUUID();
    await addChannel(shop, receiverUrl(name));
    await checkAlerts();

    const [delivery] = await received(name);
    expect((await expectedSignature('whsec_not-the-channel-secret', delivery!.headers['x-wharf-signature']!, delivery!.body)).valid).toBe(false);
  });

  it('retries a failing channel after 1, then 2 minutes, and records the delivery as failed once its attempts are spent', async () => {
    const shop = await silentShop();
    const name = crypto.randomUUID();
    await addChannel(shop, receiverUrl(name, 503));

    await checkAlerts();
    expect(await deliveriesOf(shop)).toMatchObject([{ status: 'pending', attempts: 1, last_error: 'HTTP 503 from the channel' }]);
    expect((await deliveriesOf(shop))[0]!.wait_seconds).toBeGreaterThan(50);

    await query(sql`update alert_delivery set next_attempt_at = now() where shop_id = (select shop_id from dim_shop where domain = ${shop})`);
    await checkAlerts();
    const [second] = await deliveriesOf(shop);
    expect(second).toMatchObject({ status: 'pending', attempts: 2 });
    expect(second!.wait_seconds).toBeGreaterThan(110);

    await query(sql`update alert_delivery set next_attempt_at = now(), attempts = 7 where shop_id = (select shop_id from dim_shop where domain = ${shop})`);
    await checkAlerts();
    expect(await deliveriesOf(shop)).toMatchObject([{ status: 'failed', attempts: 8, last_error: 'HTTP 503 from the channel' }]);
    expect(await received(name)).toHaveLength(3);
  });

  it('takes an https URL, or plain http to this machine only', async () => {
    const shop = uniqueShop();

    expect((await addChannel(shop, 'https://hooks.example.com/services/T000/B000/XXXX')).status).toBe(201);
    for (const url of ['http://hooks.example.com/alerts', 'ftp://127.0.0.1/alerts', 'https://user:pass@hooks.example.com/', 'not a url']) {
      const refused = await addChannel(shop, url);
      expect([url, refused.status]).toEqual([url, 400]);
    }
    const { key } = await apiKeyFor(shop, ['admin']);
    const listed = await apiJson<{ data: { url: string }[] }>('/v1/alerts/channels', key);
    expect(listed.body.data.map((c) => c.url)).toEqual(['https://hooks.example.com/services/T000/B000/XXXX']);
  });

  it('takes channels and rule settings from admin keys only', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['read']);

    const channel = await api('/v1/alerts/channels', key, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/a' }),
    });
    const rule = await api('/v1/alerts/rules/shop_silent', key, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"enabled":false}' });

    expect([channel.status, rule.status]).toEqual([403, 403]);
  });

  it('stops sending to a removed channel', async () => {
    const shop = await silentShop();
    const name = crypto.randomUUID();
    const channel = await addChannel(shop, receiverUrl(name));

    expect((await api(`/v1/alerts/channels/${channel.id}`, channel.key, { method: 'DELETE' })).status).toBe(204);
    await checkAlerts();

    expect(await received(name)).toEqual([]);
    expect((await api(`/v1/alerts/channels/${channel.id}`, channel.key, { method: 'DELETE' })).status).toBe(404);
  });

  it('lists the shop’s alerts, open ones by default, and every rule with its setting', async () => {
    const shop = await silentShop();
    await checkAlerts();
    const { key } = await apiKeyFor(shop, ['read']);

    const alerts = await apiJson<{ data: { rule: string; resolvedAt: string | null }[] }>('/v1/alerts', key);
    const rules = await apiJson<{ data: { rule: string; enabled: boolean; threshold: number | null }[] }>('/v1/alerts/rules', key);

    expect(alerts.body.data).toMatchObject([{ rule: 'shop_silent', resolvedAt: null }]);
    expect(rules.body.data).toEqual([
      expect.objectContaining({ rule: 'dead_letters', enabled: true, threshold: 1 }),
      expect.objectContaining({ rule: 'quarantine_rate', enabled: true, threshold: 5 }),
      expect.objectContaining({ rule: 'shop_silent', enabled: true, threshold: 60 }),
      expect.objectContaining({ rule: 'resync_failed', enabled: true, threshold: null }),
      expect.objectContaining({ rule: 'resync_stuck', enabled: true, threshold: 60 }),
      expect.objectContaining({ rule: 'upload_failed', enabled: true, threshold: null }),
      expect.objectContaining({ rule: 'quality_below', enabled: true, threshold: 95 }),
      expect.objectContaining({ rule: 'anomaly', enabled: true, threshold: null }),
      expect.objectContaining({ rule: 'signature_failures', enabled: true, threshold: 10 }),
      expect.objectContaining({ rule: 'shop_reauthorize', enabled: true, threshold: null }),
      expect.objectContaining({ rule: 'subscriptions_repaired', enabled: true, threshold: null }),
    ]);
  });
});
