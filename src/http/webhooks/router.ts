import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { Problem } from '../problem';
import { receiveShopifyWebhook } from './receive-shopify-webhook';

export const webhooks = new Hono<AppEnv>().post('/shopify', receiveShopifyWebhook).all('/shopify', () => {
  throw new Problem(405, 'webhook deliveries are POSTed', { headers: { allow: 'POST' } });
});
