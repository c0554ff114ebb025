/**
 * What a channel receives. A webhook gets Slack-compatible JSON (its `text` is the message;
 * `alert` carries the record), signed as `X-Wharf-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<body>">` under the channel's secret, so that a receiver can check who sent it and refuse
 * replays of old deliveries (docs/operations.md shows the check). An email gets the same content
 * as plain text, under a subject naming the shop, the rule and whether it opened or resolved.
 */
import type { DueDelivery } from '../warehouse/alerts';

/** "[Wharf] Alert on <shop>: <rule> (<subject>)": the subject of an email, the start of every message. */
function headline(delivery: DueDelivery): string {
  const { alert } = delivery;
  const verb = delivery.event === 'opened' ? 'Alert' : 'Resolved';
  return `[Wharf] ${verb} on ${delivery.shopDomain}: ${alert.rule}${alert.subject ? ` (${alert.subject})` : ''}`;
}

const alertText = (delivery: DueDelivery) => `${headline(delivery)}: ${delivery.alert.summary}`;

export function alertMessage(delivery: DueDelivery): string {
  return JSON.stringify({ text: alertText(delivery), event: delivery.event, shop: delivery.shopDomain, alert: delivery.alert });
}

/** The email of a delivery: what alertMessage sends, as plain text. */
export function alertEmail(delivery: DueDelivery): { subject: string; text: string } {
  const { alert } = delivery;
  const fields: [string, string | number | null][] = [
    ['Event', delivery.event],
    ['Shop', delivery.shopDomain],
    ['Rule', alert.rule],
    ['Subject', alert.subject || null],
    ['Summary', alert.summary],
    ['Opened', alert.openedAt],
    ['Resolved', alert.resolvedAt],
    ['Alert', alert.id],
  ];
  return {
    subject: headline(delivery),
    text: [
      alertText(delivery),
      '',
      ...fields.filter(([, value]) => value !== null).map(([name, value]) => `${`${name}:`.padEnd(10)}${value}`),
      '',
      'Details:',
      JSON.stringify(alert.details, null, 2),
      '',
    ].join('\n'),
  };
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function alertSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `t=${timestamp},v1=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`;
}
