/** Wharf's Worker: HTTP, queue consumers and cron triggers. Composition only. */
import { dispatchQueue } from '../queues';
import { dispatchCron } from './cron';
import { buildApp } from './http/app';

const app = buildApp();

export default {
  fetch: app.fetch,
  queue: dispatchQueue,
  scheduled: dispatchCron,
} satisfies ExportedHandler<Env, unknown>;
