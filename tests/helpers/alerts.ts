/** Alert specs' pieces: the alert cron, the local receiver and mailbox, and a shop's ledger seeded as time went by. */

import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { apiJson, apiKeyFor } from './api';
import { runCron } from './pipeline';
import { query } from './warehouse';
import { uniqueShop } from './webhooks';

/** The alert rules evaluated and the outbox sent, as the five-minute cron does. */
export const checkAlerts = () => runCron('*/5 * * * *');

/** A receiver URL that answers `status` (200 unless given), recording under `name`. */
export const receiverUrl = (name: string, status = 200) => `${inject('alertReceiverUrl')}/hooks/${status === 200 ? 'ok' : `status/${status}`}/${name}`;

export async function received(name: string): Promise<{ headers: Record<string, string>; body: string }[]> {
  return (await fetch(`${inject('alertReceiverUrl')}/received/${name}`)).json();
}

/** A channel for the shop, created through the API as an operator would: a webhook URL, or a body such as `{ email }`. */
export async function addChannel(shop: string, target: string | Record<string, string>) {
  const { key } = await apiKeyFor(shop, ['admin']);
  const response = await apiJson<{ id: number; secret: string; detail?: string }>('/v1/alerts/channels', key, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(typeof target === 'string' ? { url: target } : target),
  });
  return { ...response.body, key, status: response.status, contentType: response.contentType };
}

/** A fresh address for an email channel, so that its messages are told apart from every other test's. */
export const uniqueAddress = () => `ops-${crypto.randomUUID()}@example.com`;

export interface Email {
  /** Header names in lower case, folded lines joined. */
  headers: Record<string, string>;
  /** The body, decoded from base64, lines ending in \n. */
  text: string;
  /** The longest line of the raw message, CRLF aside. */
  longestLine: number;
}

/** The emails the local send_email binding was given for `address`, oldest first, read as a mail client would. */
export async function emailsTo(address: string): Promise<Email[]> {
  const raws: string[] = await (await fetch(`${inject('alertReceiverUrl')}/emails/${encodeURIComponent(address)}`)).json();
  return raws.map((raw) => {
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    const headers = Object.fromEntries(
      head
        .replace(/\r\n[ \t]/g, ' ')
        .split('\r\n')
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const bytes = Uint8Array.from(atob(body.replace(/\s/g, '')), (c) => c.charCodeAt(0));
    return { headers, text: new TextDecoder().decode(bytes).replace(/\r\n/g, '\n'), longestLine: Math.max(...raw.split('\r\n').map((line) => line.length)) };
  });
}

/** A shop that usually has deliveries at this hour and has had none for the last hour. */
export async function silentShop() {
  const shop = uniqueShop();
  await apiKeyFor(shop);
  for (let day = 1; day <= 7; day++) await deliveredAgo(shop, day * 24 * 60 + 10);
  return shop;
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
