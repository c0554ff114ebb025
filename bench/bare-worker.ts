/**
 * The baselines of `npm run bench:webhooks`, on the same local runtime as Wharf:
 * - POST /    a Hono route that does nothing;
 * - POST /io  a Hono route that does only the I/O of Wharf's intake (the body into R2, a message
 *             onto a queue), which tells the cost of the local R2 and Queues simulators apart
 *             from the cost of Wharf's own code.
 */
import { Hono } from 'hono';

interface Bindings {
  RAW_BUCKET: R2Bucket;
  INGEST_QUEUE: Queue;
}

const app = new Hono<{ Bindings: Bindings }>()
  .post('/', (c) => c.body(null, 200))
  .post('/io', async (c) => {
    const key = `bench/${crypto.randomUUID()}.json`;
    await c.env.RAW_BUCKET.put(key, await c.req.arrayBuffer(), { onlyIf: { etagDoesNotMatch: '*' } });
    await c.env.INGEST_QUEUE.send({ key }, { contentType: 'json' });
    return c.body(null, 200);
  });

export default {
  fetch: app.fetch,
  queue: async (batch) => batch.ackAll(),
} satisfies ExportedHandler<Bindings>;
