/**
 * A shop's alert channels. A webhook has a signing secret Wharf makes, shows once and keeps
 * sealed; its URL is HTTPS, plain HTTP only to this machine (a local receiver). An email channel is
 * an address, sent to through the Worker's send_email binding where the deployment has one.
 */
import { ALERT_SECRET_PURPOSE, sealToken } from '../shopify/token-vault';
import { addAlertChannel } from '../warehouse/alerts';
import type { Warehouse } from '../warehouse/db';
import type { ShopScope } from '../warehouse/reads/scope';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a URL cannot be a channel, or null. */
export function channelUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a channel URL carries no credentials (the signature says who sent it)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'a channel URL is https (http only to localhost)';
}

export async function createWebhookChannel(db: Warehouse, scope: ShopScope & { shopDomain: string }, url: string, tokenKey: string) {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = `whsec_${btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')}`;
  const sealedSecret = await sealToken(secret, scope.shopDomain, tokenKey, ALERT_SECRET_PURPOSE);
  const channel = await addAlertChannel(db, scope, { kind: 'webhook', url, sealedSecret });
  return { id: channel.id, kind: 'webhook' as const, url, secret, createdAt: channel.createdAt };
}

export async function createEmailChannel(db: Warehouse, scope: ShopScope, email: string) {
  const channel = await addAlertChannel(db, scope, { kind: 'email', email });
  return { id: channel.id, kind: 'email' as const, email, createdAt: channel.createdAt };
}
