/**
 * Email channels: an address per shop that gets each alert's opening and clearing once, as plain
 * text, through the Worker's send_email binding (the local one, which keeps what it is given), with
 * the outbox's retries and records; refused where the Worker has no binding.
 */
import { EmailMessage } from 'cloudflare:email';
import { createExecutionContext, env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliverAlerts } from '../../src/alerts/deliver';
import { rawEmail } from '../../src/alerts/email';
import { evaluateAlerts } from '../../src/alerts/evaluate';
import worker from '../../src/index';
import { addChannel, checkAlerts, deliveredAgo, emailsTo, received, receiverUrl, silentShop, uniqueAddress } from '../helpers/alerts';
import { api, apiJson, apiKeyFor } from '../helpers/api';
import { runCron } from '../helpers/pipeline';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

async function deliveriesOf(shop: string) {
  return query<{ status: string; attempts: number; last_error: string | null }>(sql`
    select d.status::text as status, d.attempts, d.last_error
    from alert_delivery d join dim_shop s using (shop_id) where s.domain = ${shop} order by d.id`);
}

/** RFC 2047 encoded words decoded, as a mail client shows a header. */
const decodeWords = (text: string) =>
  text.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/g, (_, word: string) => new TextDecoder().decode(Uint8Array.from(atob(word), (c) => c.charCodeAt(0))));

describe('email alert channels', () => {
  it("emails an alert's opening and its clearing once each, under a subject naming the shop, the rule and the state", async () => {
    const shop = await silentShop();
    const address = uniqueAddress();
    const channel = await addChannel(shop, { email: address });
    expect(channel).toMatchObject({ status: 201, kind: 'email', email: address });
    expect(channel).not.toHaveProperty('secret');

    await checkAlerts();
    await checkAlerts();
    const [opened, ...more] = await emailsTo(address);
    expect(more).toEqual([]);
    expect(opened!.headers).toMatchObject({
      from: 'Wharf <alerts@wharf.test>',
      to: address,
      subject: `[Wharf] Alert on ${shop}: shop_silent`,
      'mime-version': '1.0',
      'content-type': 'text/plain; charset=utf-8',
      'content-transfer-encoding': 'base64',
      'auto-submitted': 'auto-generated',
    });
    expect(opened!.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@wharf\.test>$/);
    expect(Math.abs(Date.parse(opened!.headers.date!) - Date.now())).toBeLessThan(60_000);

    await deliveredAgo(shop, 1);
    await checkAlerts();
    const all = await emailsTo(address);
    expect(all.map((e) => e.headers.subject)).toEqual([`[Wharf] Alert on ${shop}: shop_silent`, `[Wharf] Resolved on ${shop}: shop_silent`]);
    expect(await deliveriesOf(shop)).toMatchObject([
      { status: 'sent', attempts: 1 },
      { status: 'sent', attempts: 1 },
    ]);
  });

  it('says in plain text what a webhook channel of the shop is sent', async () => {
    const shop = await silentShop();
    const address = uniqueAddress();
    const name = crypto.randomUUID();
    await addChannel(shop, { email: address });
    await addChannel(shop, receiverUrl(name));

    await checkAlerts();
    const [email] = await emailsTo(address);
    const [webhook] = await received(name);
    const message = JSON.parse(webhook!.body) as { text: string; event: string; alert: Record<string, unknown> };

    const [first, blank, ...fields] = email!.text.split('\n');
    expect([first, blank]).toEqual([message.text, '']);
    expect(fields.slice(0, 6)).toEqual([
      'Event:    opened',
      `Shop:     ${shop}`,
      'Rule:     shop_silent',
      `Summary:  ${message.alert.summary}`,
      `Opened:   ${message.alert.openedAt}`,
      `Alert:    ${message.alert.id}`,
    ]);
    expect(email!.text).toContain(`Details:\n${JSON.stringify(message.alert.details, null, 2)}\n`);
    const [delivery] = await query<{ id: string }>(sql`
      select d.id::text as id from alert_delivery d join alert_channel c on c.id = d.channel_id where c.email = ${address}`);
    expect(email!.headers['x-wharf-delivery']).toBe(delivery!.id);
  });

  it('writes a message the binding takes whatever the text holds: header text outside ASCII as encoded words, lines within 78 characters', async () => {
    const address = uniqueAddress();
    const subject = `Überwachung für Ärger ✓ ${'—'.repeat(30)} “quoted”\r\nBcc: someone@example.com`;
    const text = `${'a long line '.repeat(200)}\nZeile zwei: größer ≥ 100 %`;

    await env.ALERT_EMAIL!.send(
      new EmailMessage('alerts@wharf.test', address, rawEmail({ from: 'alerts@wharf.test', to: address, subject, text, headers: {} })),
    );

    const [email] = await emailsTo(address);
    expect(decodeWords(email!.headers.subject!)).toBe(subject);
    expect(email!.headers).not.toHaveProperty('bcc');
    expect(email!.text).toBe(text);
    expect(email!.longestLine).toBeLessThanOrEqual(78);
  });

  it('lists an email channel beside the webhooks, and stops emailing once it is removed', async () => {
    const shop = await silentShop();
    const address = uniqueAddress();
    const channel = await addChannel(shop, { email: address });
    const webhook = receiverUrl(crypto.randomUUID());
    await addChannel(shop, webhook);

    const listed = await apiJson<{ data: unknown[] }>('/v1/alerts/channels', channel.key);
    expect(listed.body.data).toEqual([
      { id: channel.id, kind: 'email', email: address, createdAt: expect.any(String) },
      { id: expect.any(Number), kind: 'webhook', url: webhook, createdAt: expect.any(String) },
    ]);
    expect((await api(`/v1/alerts/channels/${channel.id}`, channel.key, { method: 'DELETE' })).status).toBe(204);
    await checkAlerts();

    expect(await emailsTo(address)).toEqual([]);
  });

  it('takes an email address, and either a URL or an address', async () => {
    const shop = uniqueShop();

    const refused = [await addChannel(shop, { email: 'not an address' }), await addChannel(shop, { email: 'ops@example.com\r\nBcc: x@example.com' })];
    const both = await addChannel(shop, { email: uniqueAddress(), url: 'https://hooks.example.com/alerts' });
    const neither = await addChannel(shop, {});

    expect([...refused, both, neither].map((r) => r.status)).toEqual([400, 400, 400, 400]);
  });

  it('is refused with a problem where the Worker has no send_email binding', async () => {
    const shop = uniqueShop();
    const { key } = await apiKeyFor(shop, ['admin']);
    const request = new Request('https://wharf.test/v1/alerts/channels', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueAddress() }),
    });

    const response = await worker.fetch(request, { ...env, ALERT_EMAIL: undefined }, createExecutionContext());

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 409,
      detail: 'email channels are not configured here: the Worker needs the ALERT_EMAIL send_email binding and ALERT_EMAIL_FROM',
    });
    expect((await apiJson<{ data: unknown[] }>('/v1/alerts/channels', key)).body.data).toEqual([]);
  });

  it('keeps a delivery the Worker cannot email pending, saying why, to try again', async () => {
    const shop = await silentShop();
    await addChannel(shop, { email: uniqueAddress() });

    await runCron('*/5 * * * *', { ALERT_EMAIL: undefined });

    expect(await deliveriesOf(shop)).toEqual([
      { status: 'pending', attempts: 1, last_error: 'email channels are not configured here: the Worker has no ALERT_EMAIL binding or no ALERT_EMAIL_FROM' },
    ]);
  });

  it('leaves email deliveries to the Worker where no binding can exist (the CLI)', async () => {
    const shop = await silentShop();
    const address = uniqueAddress();
    await addChannel(shop, { email: address });
    await checkAlerts();
    await deliveredAgo(shop, 1);

    await withDb(async (db) => {
      await evaluateAlerts(db);
      await deliverAlerts(db, { tokenKeys: [env.SHOPIFY_TOKEN_KEY] });
    });

    expect(await deliveriesOf(shop)).toMatchObject([
      { status: 'sent', attempts: 1 },
      { status: 'pending', attempts: 0 },
    ]);
  });
});
