import type { Context } from 'hono';
import { webhookConfig } from '../../config';
import { intakeWebhook } from '../../pipeline/intake';
import { countSignatureFailure } from '../../pipeline/signature-failures';
import { readDeliveryHeaders, shopDomainHeader, signatureHeader } from '../../shopify/delivery';
import { verifyShopifyHmac } from '../../shopify/hmac';
import type { AppEnv } from '../app-env';
import { Problem } from '../problem';
import { readBodyWithin } from '../read-body';

/**
 * POST /webhooks/shopify. The signature is checked before anything else is looked at, so an
 * unauthenticated caller learns nothing but 401, and nothing unsigned is ever stored. Refusals
 * are counted under the shop the request names, for the signature_failures alert rule.
 */
export async function receiveShopifyWebhook(c: Context<AppEnv>): Promise<Response> {
  const config = webhookConfig(c.env);
  const body = await readBodyWithin(c.req.raw, config.maxBytes);
  if (!body.ok) throw new Problem(413, `webhook bodies are limited to ${config.maxBytes} bytes`);

  const signature = signatureHeader(c.req.raw.headers);
  const refusal = !signature
    ? 'missing X-Shopify-Hmac-Sha256 header'
    : (await verifyShopifyHmac(body.bytes, signature, config.secrets))
      ? null
      : 'X-Shopify-Hmac-Sha256 does not match the body';
  if (refusal) {
    countSignatureFailure(c.env, c.executionCtx, shopDomainHeader(c.req.raw.headers));
    throw new Problem(401, refusal);
  }

  const headers = readDeliveryHeaders(c.req.raw.headers);
  if (!headers.ok) {
    throw new Problem(400, headers.reason, {
      errors: headers.invalid.map((i) => ({ field: i.header, message: i.message })),
    });
  }
  if (body.bytes.byteLength === 0) throw new Problem(400, 'empty body');

  const { duplicate } = await intakeWebhook(c.env, headers.delivery, body.bytes, new Date());
  return c.json({ accepted: true, duplicate });
}
