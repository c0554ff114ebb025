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

const hyperdrive = z.custom<Hyperdrive>(
  (binding) => typeof (binding as Partial<Hyperdrive> | undefined)?.connectionString === 'string',
  'expected a Hyperdrive binding',
);

/**
 * Where the warehouse is and which driver reaches it: a deployment with a HYPERDRIVE binding goes
 * through Hyperdrive with node-postgres over TCP; one without it, to DATABASE_URL with the Neon
 * serverless driver over WebSocket (docs/configuration.md#database).
 */
export const warehouseConfig = reader(
  z
    .object({
      HYPERDRIVE: hyperdrive.optional(),
      DATABASE_URL: z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection string')
        .optional(),
      DATABASE_WS_PROXY: optional,
      PII_EMAIL_MODE: z.enum(['hash', 'plaintext']),
      PII_HASH_SCOPE: z.enum(['shop', 'global']),
      PII_HASH_KEY: ownSecret,
    })
    .transform((env, ctx) => {
      const database: WarehouseDatabase | undefined = env.HYPERDRIVE
        ? { driver: 'hyperdrive', connectionString: env.HYPERDRIVE.connectionString }
        : env.DATABASE_URL
          ? { driver: 'neon', connectionString: env.DATABASE_URL, wsProxy: env.DATABASE_WS_PROXY }
          : undefined;
      if (!database) {
        ctx.issues.push({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'expected a postgres:// connection string or a HYPERDRIVE binding',
          input: env.DATABASE_URL,
        });
        return z.NEVER;
      }
      return { database, pii: { emailMode: env.PII_EMAIL_MODE, hashScope: env.PII_HASH_SCOPE, hashKey: env.PII_HASH_KEY } };
    }),
);

/** The warehouse's connection: through Hyperdrive, or to a Postgres URL by the Neon driver (through a WebSocket bridge when `wsProxy` is set). */
export type WarehouseDatabase = { driver: 'hyperdrive'; connectionString: string } | { driver: 'neon'; connectionString: string; wsProxy?: string };

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

/** Lists in settings: separated by commas or whitespace, compared lower-cased. */
const listOf = (value: string | undefined) => [
  ...new Set(
    (value ?? '')
      .split(/[\s,]+/)
      .map((item) => item.toLowerCase())
      .filter(Boolean),
  ),
];

/**
 * A team domain as Access writes it in a token's `iss` (https://<team>.cloudflareaccess.com), without
 * a trailing slash; plain http only on loopback, where a local stand-in serves the keys.
 */
function teamDomainOf(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return undefined;
  if (url.search || url.hash || url.username) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const accessSettings = z.object({
  CONSOLE_ACCESS_TEAM_DOMAIN: optional,
  CONSOLE_ACCESS_AUD: optional,
  CONSOLE_ACCESS_ADMINS: optional,
  CONSOLE_ACCESS_SHOPS: optional,
});
type AccessSetting = keyof z.infer<typeof accessSettings>;

/**
 * The console behind Cloudflare Access: off unless the team domain and the application's AUD tag
 * are both set. Then what an Access identity gets is spelled out too: the emails that are the
 * console's admins, and the shops they reach (a list, or `*` for every shop).
 */
export const consoleAccessConfig = reader(
  accessSettings.transform((env, ctx) => {
    if (!env.CONSOLE_ACCESS_TEAM_DOMAIN && !env.CONSOLE_ACCESS_AUD) return undefined;
    let valid = true;
    const issue = (name: AccessSetting, message: string) => {
      ctx.addIssue({ code: 'custom', path: [name], message });
      valid = false;
    };
    for (const name of accessSettings.keyof().options) if (!env[name]) issue(name, 'required once CONSOLE_ACCESS_TEAM_DOMAIN or CONSOLE_ACCESS_AUD is set');
    const teamDomain = env.CONSOLE_ACCESS_TEAM_DOMAIN && teamDomainOf(env.CONSOLE_ACCESS_TEAM_DOMAIN);
    if (env.CONSOLE_ACCESS_TEAM_DOMAIN && !teamDomain) issue('CONSOLE_ACCESS_TEAM_DOMAIN', 'expected https://<team>.cloudflareaccess.com');
    const admins = listOf(env.CONSOLE_ACCESS_ADMINS);
    const notEmails = admins.filter((admin) => !z.email().safeParse(admin).success);
    if (notEmails.length) issue('CONSOLE_ACCESS_ADMINS', `not email addresses: ${notEmails.join(', ')}`);
    const shops = listOf(env.CONSOLE_ACCESS_SHOPS);
    if (shops.includes('*') && shops.length > 1) issue('CONSOLE_ACCESS_SHOPS', '* (every shop) stands alone');
    if (!valid) return z.NEVER;
    return { teamDomain: teamDomain as string, aud: env.CONSOLE_ACCESS_AUD as string, admins, shops: shops[0] === '*' ? ('*' as const) : shops };
  }),
);

export type ConsoleAccessConfig = NonNullable<ReturnType<typeof consoleAccessConfig>>;

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

/**
 * Connecting shops: the app's client id and secret (the secret signs webhooks too), where Wharf is
 * reachable (the OAuth callback and the webhook address), and where a shop's Admin API and OAuth
 * endpoints are (`https://{shop}`; a simulator serves them elsewhere).
 */
export const connectionConfig = reader(
  z
    .object({
      ...SEALING_KEYS,
      SHOPIFY_API_VERSION: z.string(),
      SHOPIFY_CLIENT_ID: z.string().min(1, "set the app's client id (Dev Dashboard, Settings)"),
      SHOPIFY_WEBHOOK_SECRET: z.string().min(1),
      SHOPIFY_WEBHOOK_SECRET_PREVIOUS: optional,
      WHARF_PUBLIC_URL: z
        .string()
        .url('expected the https:// address Wharf is reached at')
        .transform((url) => url.replace(/\/+$/, '')),
      SHOPIFY_SHOP_URL_TEMPLATE: z
        .string()
        .optional()
        .transform((value) => value || 'https://{shop}')
        .refine((value) => value.includes('{shop}'), 'expected a URL with {shop} in it'),
      // Who subscribes shops to webhooks: Wharf, through the Admin API (each shop's check), or the app's configuration.
      SHOPIFY_WEBHOOKS: z
        .enum(['api', 'app'])
        .optional()
        .transform((value) => value ?? 'api'),
    })
    .transform((env) => ({
      tokenKeys: sealingKeys(env),
      apiVersion: env.SHOPIFY_API_VERSION,
      clientId: env.SHOPIFY_CLIENT_ID,
      clientSecrets: [env.SHOPIFY_WEBHOOK_SECRET, env.SHOPIFY_WEBHOOK_SECRET_PREVIOUS].filter((s): s is string => !!s),
      publicUrl: env.WHARF_PUBLIC_URL,
      shopUrl: (shopDomain: string) => env.SHOPIFY_SHOP_URL_TEMPLATE.replace('{shop}', shopDomain),
      subscriptionsByApi: env.SHOPIFY_WEBHOOKS === 'api',
    })),
);

export type ConnectionConfig = ReturnType<typeof connectionConfig>;

/** The app's credentials where SHOPIFY_CLIENT_ID is set: what renewing an expiring token takes. */
export const appCredentials = reader(
  z
    .object({ SHOPIFY_CLIENT_ID: optional, SHOPIFY_WEBHOOK_SECRET: z.string().min(1) })
    .transform((env) => (env.SHOPIFY_CLIENT_ID ? { clientId: env.SHOPIFY_CLIENT_ID, clientSecret: env.SHOPIFY_WEBHOOK_SECRET } : undefined)),
);

/**
 * Parquet exports: the key that signs download links and how long a link lasts, and how a file is
 * cut: rows per row group (read from Postgres a group at a time) and row groups per file.
 */
export const exportConfig = reader(
  z
    .object({
      EXPORT_SIGNING_KEY: ownSecret,
      EXPORT_LINK_SECONDS: z.coerce
        .number()
        .int()
        .min(60)
        .max(7 * 24 * 3600),
      EXPORT_ROW_GROUP_ROWS: z.coerce.number().int().min(1).max(1_000_000),
      EXPORT_FILE_ROW_GROUPS: z.coerce.number().int().min(1).max(1000),
    })
    .transform((env) => ({
      signingKey: env.EXPORT_SIGNING_KEY,
      linkSeconds: env.EXPORT_LINK_SECONDS,
      rowGroupRows: env.EXPORT_ROW_GROUP_ROWS,
      fileRowGroups: env.EXPORT_FILE_ROW_GROUPS,
    })),
);

export type ExportConfig = ReturnType<typeof exportConfig>;

/**
 * Thumbnails of product images (src/images/): what one source image may be (bytes, pixels, seconds
 * to fetch), and the backoff of the ones that failed.
 */
export const thumbnailConfig = reader(
  z
    .object({
      THUMBNAIL_MAX_BYTES: z.coerce.number().int().positive(),
      THUMBNAIL_MAX_PIXELS: z.coerce.number().int().positive(),
      THUMBNAIL_FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().max(300),
      THUMBNAIL_RETRY_SECONDS: z.coerce.number().int().positive(),
    })
    .transform((env) => ({
      fetch: { maxBytes: env.THUMBNAIL_MAX_BYTES, timeoutMs: env.THUMBNAIL_FETCH_TIMEOUT_SECONDS * 1000 },
      maxPixels: env.THUMBNAIL_MAX_PIXELS,
      retrySeconds: env.THUMBNAIL_RETRY_SECONDS,
    })),
);

export type ThumbnailConfig = ReturnType<typeof thumbnailConfig>;
