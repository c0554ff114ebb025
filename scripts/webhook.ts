/**
 * npm run webhook -- <topic> [file.json] [--url URL] [--shop DOMAIN] [--webhook-id ID]
 *
 * Signs a delivery with the local webhook secret and POSTs it as Shopify would. Without a file it
 * sends the topic's sample from samples/shopify/.
 */
import { parseArgs } from 'node:util';
import { ensureDevVars } from './lib/dev-vars';
import { sendWebhook } from './lib/send-webhook';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 8787}/webhooks/shopify` },
    shop: { type: 'string', default: 'wharf-demo.myshopify.com' },
    'webhook-id': { type: 'string' },
    'api-version': { type: 'string', default: '2025-10' },
  },
});

const [topic, file] = positionals;
if (!topic) {
  console.error('usage: npm run webhook -- <topic> [file.json] [--url URL] [--shop DOMAIN] [--webhook-id ID]');
  process.exit(2);
}
try {
  const sent = await sendWebhook({
    topic,
    file,
    url: values.url,
    shop: values.shop,
    secret: process.env.SHOPIFY_WEBHOOK_SECRET ?? ensureDevVars().vars.SHOPIFY_WEBHOOK_SECRET!,
    webhookId: values['webhook-id'],
    apiVersion: values['api-version'],
  });
  console.log(`${sent.status} ${sent.statusText}  ${topic} from ${values.shop}, webhook id ${sent.webhookId}`);
  console.log(sent.body);
  process.exit(sent.status >= 200 && sent.status < 300 ? 0 : 1);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
