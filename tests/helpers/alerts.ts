/** Alert specs' pieces: the alert cron, the local receiver, and a shop's ledger seeded as time went by. */

import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { apiJson, apiKeyFor } from './api';
import { runCron } from './pipeline';
import { query } from './warehouse';

/** The alert rules evaluated and the outbox sent, as the five-minute cron does. */
export const checkAlerts = () => runCron('*/5 * * * *');

/** A receiver URL that answers `status` (200 unless given), recording under `name`. */
export const receiverUrl = (name: string, status = 200) => `${inject('alertReceiverUrl')}/hooks/${status === 200 ? 'ok' : `status/${status}`}/${name}`;

export async function received(name: string): Promise<{ headers: Record<string, string>; body: string }[]> {
  return (await fetch(`${inject('alertReceiverUrl')}/received/${name}`)).json();
}

/** A channel for the shop, created through the API as an operator would. */
export async function addChannel(shop: string, url: string) {
  const { key } = await apiKeyFor(shop, ['admin']);
  const response = await apiJson<{ id: number; secret: string }>('/v1/alerts/channels', key, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  return { ...response.body, key, status: response.status };
}

/** A delivery in the shop's ledger, `minutesAgo` minutes ago. */
export async function deliveredAgo(shop: string, minutesAgo: number, status: 'loaded' | 'quarantined' = 'loaded', topic = 'orders/create') {
  const id = crypto.randomUUID();
  await query(sql`
    insert into raw_event (shop_domain, webhook_id, topic, api_version, raw_key, received_at, status)
    values (${shop}, ${id}, ${topic}, '2026-01', ${`webhooks/${shop}/${topic}/${id}.json`}, now() - make_interval(secs => ${minutesAgo * 60}), ${status})`);
}

export async function alertsOf(shop: string) {
  return query<{ id: number; rule: string; subject: string; summary: string; resolved: boolean }>(sql`
    select a.id::integer as id, a.rule::text as rule, a.subject, a.summary, a.resolved_at is not null as resolved
    from alert a join dim_shop s using (shop_id) where s.domain = ${shop} order by a.id`);
}

/** HMAC-SHA256 of `<t>.<body>` under the secret, worked out here as a receiver would. */
export async function expectedSignature(secret: string, header: string, body: string): Promise<{ timestamp: number; valid: boolean }> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return { timestamp: 0, valid: false };
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const mac = Uint8Array.from(match[2]!.match(/../g)!.map((h) => Number.parseInt(h, 16)));
  return { timestamp: Number(match[1]), valid: await crypto.subtle.verify('HMAC', key, mac, encoder.encode(`${match[1]}.${body}`)) };
}
