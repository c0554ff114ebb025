import { Hono } from 'hono';
import { ConfigError } from '../config';
import { log } from '../log';
import type { AppEnv } from './app-env';
import { Problem } from './problem';
import { webhooks } from './webhooks/router';

export function buildApp() {
  const app = new Hono<AppEnv>();
  app.route('/webhooks', webhooks);
  app.notFound((c) => new Problem(404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`).toResponse());
  app.onError((error) => {
    if (error instanceof Problem) return error.toResponse();
    log.error(error instanceof ConfigError ? 'configuration error' : 'unhandled error', { error });
    return new Problem(500, 'the request could not be completed; it is safe to retry').toResponse();
  });
  return app;
}
