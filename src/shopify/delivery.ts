/**
 * A webhook delivery's identity, read from its headers. Shopify sends `X-Shopify-*` names; its
 * newer Events deliveries send the same names without `X-`. Unknown headers are never a reason to
 * reject a delivery.
 */
import { z } from 'zod';

const headerValue = (headers: Headers, name: string) => headers.get(`x-shopify-${name}`) ?? headers.get(`shopify-${name}`);

// Both go into the raw object's key (R2 keys hold at most 1,024 bytes) and the ledger: Shopify's
// topics are a few dozen characters, and a host name is at most 253.
export const deliveryHeaders = z.object({
  topic: z
    .string()
    .max(128)
    .regex(/^[a-z_]+\/[a-z_]+$/, 'expected a topic like orders/create'),
  shopDomain: z
    .string()
    .max(253)
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'expected a shop domain like example.myshopify.com'),
  apiVersion: z.string().regex(/^(\d{4}-\d{2}|unstable)$/, 'expected an API version like 2025-10'),
  webhookId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'expected a webhook id of letters, digits, ".", "_" or "-"'),
  eventId: z.string().max(128).nullable(),
  triggeredAt: z.iso.datetime({ offset: true }).nullable().catch(null),
});

export type DeliveryHeaders = z.infer<typeof deliveryHeaders>;

export type DeliveryHeadersResult = { ok: true; delivery: DeliveryHeaders } | { ok: false; reason: string; invalid: { header: string; message: string }[] };

const HEADER_NAMES: Record<string, string> = {
  topic: 'X-Shopify-Topic',
  shopDomain: 'X-Shopify-Shop-Domain',
  apiVersion: 'X-Shopify-API-Version',
  webhookId: 'X-Shopify-Webhook-Id',
  eventId: 'X-Shopify-Event-Id',
};

export function signatureHeader(headers: Headers): string | null {
  return headerValue(headers, 'hmac-sha256');
}

/** The shop the delivery names, when it names one well formed; null otherwise. */
export function shopDomainHeader(headers: Headers): string | null {
  const parsed = deliveryHeaders.shape.shopDomain.safeParse(headerValue(headers, 'shop-domain'));
  return parsed.success ? parsed.data : null;
}

export function readDeliveryHeaders(headers: Headers): DeliveryHeadersResult {
  const parsed = deliveryHeaders.safeParse({
    topic: headerValue(headers, 'topic'),
    shopDomain: headerValue(headers, 'shop-domain'),
    apiVersion: headerValue(headers, 'api-version'),
    webhookId: headerValue(headers, 'webhook-id'),
    eventId: headerValue(headers, 'event-id'),
    triggeredAt: headerValue(headers, 'triggered-at'),
  });
  if (parsed.success) return { ok: true, delivery: parsed.data };
  const invalid = parsed.error.issues.map((issue) => {
    const header = HEADER_NAMES[String(issue.path[0])] ?? String(issue.path[0]);
    return { header, message: issue.code === 'invalid_type' ? 'missing' : issue.message };
  });
  const missing = invalid.filter((i) => i.message === 'missing').map((i) => i.header);
  const reason = missing.length
    ? `missing required header${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`
    : `invalid header ${invalid.map((i) => `${i.header} (${i.message})`).join(', ')}`;
  return { ok: false, reason, invalid };
}
