/**
 * Bindings a deployment may add that wrangler.toml does not declare, so that `wrangler types`
 * (worker-configuration.d.ts) cannot know them: merged into the one Env, parsed in src/config.ts.
 */
declare namespace Cloudflare {
  interface Env {
    /** Email alert channels' send_email binding (docs/configuration.md). */
    ALERT_EMAIL?: SendEmail;
    /** Their sender: an address on the domain Email Routing runs on. */
    ALERT_EMAIL_FROM?: string;
    /** The warehouse through Hyperdrive; without it, DATABASE_URL by the Neon driver (docs/configuration.md#database). */
    HYPERDRIVE?: Hyperdrive;
  }
}
