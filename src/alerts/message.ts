/**
 * What a channel receives: Slack-compatible JSON (its `text` is the message; `alert` carries the
 * record), signed as `X-Wharf-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * under the channel's secret, so that a receiver can check who sent it and refuse replays of old
 * deliveries. docs/operations.md shows the check.
 */
import type { DueDelivery } from '../warehouse/alerts';

export function alertMessage(delivery: DueDelivery): string {
  const { alert } = delivery;
  const verb = delivery.event === 'opened' ? 'Alert' : 'Resolved';
  return JSON.stringify({
    text: `[Wharf] ${verb} on ${delivery.shopDomain}: ${alert.rule}${alert.subject ? ` (${alert.subject})` : ''}: ${alert.summary}`,
    event: delivery.event,
    shop: delivery.shopDomain,
    alert,
  });
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function alertSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `t=${timestamp},v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`;
}
