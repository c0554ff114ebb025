/**
 * Typed configuration, parsed from the Worker's bindings before anything uses them. Each concern
 * reads only what it needs, so a webhook is still accepted while, say, the database is misconfigured.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function reader<S extends z.ZodType>(schema: S) {
  const cache = new WeakMap<object, z.infer<S>>();
  return (env: Env): z.infer<S> => {
    const cached = cache.get(env);
    if (cached) return cached;
    const parsed = schema.safeParse(env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      throw new ConfigError(`invalid configuration: ${fields}`);
    }
    cache.set(env, parsed.data);
    return parsed.data;
  };
}

const optional = z
  .string()
  .optional()
  .transform((value) => value || undefined);

/** Wharf's own keys (not Shopify's) are at least this long: 32 random characters carry enough entropy for HMAC and HKDF. */
export const MIN_SECRET_CHARS = 32;
const ownSecret = z.string().min(MIN_SECRET_CHARS, `use at least ${MIN_SECRET_CHARS} random characters`);

export const webhookConfig = reader(
  z
    .object({
      SHOPIFY_WEBHOOK_SECRET: z.string().min(1),
      SHOPIFY_WEBHOOK_SECRET_PREVIOUS: optional,
      WEBHOOK_MAX_BYTES: z.coerce.number().int().positive(),
    })
    .transform((env) => ({
      secrets: [env.SHOPIFY_WEBHOOK_SECRET, env.SHOPIFY_WEBHOOK_SECRET_PREVIOUS].filter((s): s is string => !!s),
      maxBytes: env.WEBHOOK_MAX_BYTES,
    })),
);

export const warehouseConfig = reader(
  z
    .object({
      DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string'),
      DATABASE_WS_PROXY: optional,
      PII_EMAIL_MODE: z.enum(['hash', 'plaintext']),
      PII_HASH_SCOPE: z.enum(['shop', 'global']),
      PII_HASH_KEY: ownSecret,
    })
    .transform((env) => ({
      databaseUrl: env.DATABASE_URL,
      wsProxy: env.DATABASE_WS_PROXY,
      pii: { emailMode: env.PII_EMAIL_MODE, hashScope: env.PII_HASH_SCOPE, hashKey: env.PII_HASH_KEY },
    })),
);

export type WarehouseConfig = ReturnType<typeof warehouseConfig>;

/** The key that seals secrets at rest (shops' access tokens, alert channels' signing secrets), and the one before it during a rotation. */
const SEALING_KEYS = {
  SHOPIFY_TOKEN_KEY: ownSecret,
  // Any length: a rotation may be what retires a short key.
  SHOPIFY_TOKEN_KEY_PREVIOUS: optional,
};
const sealingKeys = (env: { SHOPIFY_TOKEN_KEY: string; SHOPIFY_TOKEN_KEY_PREVIOUS?: string }) =>
  [env.SHOPIFY_TOKEN_KEY, env.SHOPIFY_TOKEN_KEY_PREVIOUS].filter((s): s is string => !!s);

export const sealingConfig = reader(z.object(SEALING_KEYS).transform((env) => ({ tokenKeys: sealingKeys(env) })));

export const resyncConfig = reader(
  z
    .object({
      ...SEALING_KEYS,
      SHOPIFY_API_VERSION: z.string().regex(/^\d{4}-(01|04|07|10)$/, 'expected a stable Admin API version like 2026-01'),
      RESYNC_POLL_SECONDS: z.coerce.number().int().min(0).max(300),
      RESYNC_RETRY_SECONDS: z.coerce.number().int().min(0).max(3600),
      RESYNC_EXPORT_SLICE_PARENTS: z.coerce.number().int().min(1).max(100_000),
    })
    .transform((env) => ({
      tokenKeys: sealingKeys(env),
      apiVersion: env.SHOPIFY_API_VERSION,
      pollSeconds: env.RESYNC_POLL_SECONDS,
      retrySeconds: env.RESYNC_RETRY_SECONDS,
      exportSliceParents: env.RESYNC_EXPORT_SLICE_PARENTS,
    })),
);

/**
 * Email alert channels, where they are configured: a send_email binding named ALERT_EMAIL (not in
 * wrangler.toml: a deployment adds it once Email Routing runs on its domain, docs/configuration.md)
 * and ALERT_EMAIL_FROM, the sender, an address on that domain. Null without either.
 */
export const alertEmailConfig = reader(
  z
    .object({
      ALERT_EMAIL: z.custom<SendEmail>((value) => typeof (value as Partial<SendEmail> | null)?.send === 'function', 'expected a send_email binding').optional(),
      ALERT_EMAIL_FROM: optional.pipe(z.email('expected an email address').optional()),
    })
    .transform((env) => (env.ALERT_EMAIL && env.ALERT_EMAIL_FROM ? { binding: env.ALERT_EMAIL, from: env.ALERT_EMAIL_FROM } : null)),
);
