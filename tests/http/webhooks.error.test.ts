import { createExecutionContext, env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { deliver, deliveryHeaders, orderBody, uniqueShop } from '../helpers/webhooks';

async function storedFor(shop: string) {
  return (await env.RAW_BUCKET.list({ prefix: `webhooks/${shop}/` })).objects;
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = await response.json<{ status: number; title: string; detail: string; errors?: unknown[] }>();
  expect(problem.status).toBe(status);
  return problem;
}

describe('POST /webhooks/shopify rejects bad requests', () => {
  it('answers 400 naming each missing required header, and stores nothing', async () => {
    const shop = uniqueShop();
    const response = await deliver(orderBody(), { shop, omit: ['x-shopify-topic', 'x-shopify-webhook-id'] });

    const problem = await expectProblem(response, 400);
    expect(problem.detail).toBe('missing required headers: X-Shopify-Topic, X-Shopify-Webhook-Id');
    expect(await storedFor(shop)).toEqual([]);
  });

  it('answers 400 for a shop domain that is not a myshopify.com domain', async () => {
    const response = await deliver(orderBody(), { headers: { 'x-shopify-shop-domain': '../../etc/passwd' } });

    const problem = await expectProblem(response, 400);
    expect(problem.errors).toEqual([{ field: 'X-Shopify-Shop-Domain', message: 'expected a shop domain like example.myshopify.com' }]);
  });

  it('answers 400 for a signed but empty body', async () => {
    const shop = uniqueShop();
    const problem = await expectProblem(await deliver('', { shop }), 400);
    expect(problem.detail).toBe('empty body');
    expect(await storedFor(shop)).toEqual([]);
  });

  it('answers 405 with Allow: POST for other methods', async () => {
    const response = await SELF.fetch('https://wharf.test/webhooks/shopify', { method: 'GET' });
    await expectProblem(response, 405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('answers 413 for a body above the configured limit, by its declared length', async () => {
    const body = ' '.repeat(Number(env.WEBHOOK_MAX_BYTES) + 1);
    await expectProblem(await deliver(body), 413);
  });

  it('answers 413 for a streamed body that grows past the limit without declaring a length', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16_384));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > Number(env.WEBHOOK_MAX_BYTES)) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    // Handed to the Worker directly: through SELF the runtime pumps the stream into a pipe, and
    // when the Worker cancels the body as it should, that pump fails as an uncaught exception.
    const request = new Request('https://wharf.test/webhooks/shopify', {
      method: 'POST',
      headers: await deliveryHeaders('{}'),
      body: stream,
    });
    await expectProblem(await worker.fetch(request, env, createExecutionContext()), 413);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const problem = await expectProblem(await SELF.fetch('https://wharf.test/nowhere'), 404);
    expect(problem.detail).toBe('no route for GET /nowhere');
  });
});
