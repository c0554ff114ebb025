import { InputValidationException, MultiException } from 'chanfana';
import { Hono } from 'hono';
import { ConfigError } from '../config';
import { log } from '../lib/log';
import { mountApi } from './api/router';
import type { AppEnv } from './app-env';
import { consoleApp } from './console/router';
import { Problem } from './problem';
import { shopifyApp } from './shopify/router';
import { webhooks } from './webhooks/router';

/** Chanfana's validation errors, as problem+json with one entry per offending field. */
function validationProblem(error: MultiException | InputValidationException): Problem {
  const issues = error instanceof MultiException ? error.errors : [error];
  const errors = issues.map((issue) => ({
    field: ((issue as InputValidationException).path ?? []).join('.'),
    message: issue.message,
  }));
  return new Problem(400, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}

export function buildApp() {
  const app = new Hono<AppEnv>();
  app.route('/webhooks', webhooks);
  app.route('/console', consoleApp);
  app.route('/shopify', shopifyApp);
  mountApi(app);
  app.notFound((c) => new Problem(404, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`).toResponse());
  app.onError((error) => {
    if (error instanceof Problem) return error.toResponse();
    if (error instanceof MultiException || error instanceof InputValidationException) return validationProblem(error).toResponse();
    log.error(error instanceof ConfigError ? 'configuration error' : 'unhandled error', { error });
    return new Problem(500, 'the request could not be completed; it is safe to retry').toResponse();
  });
  return app;
}
