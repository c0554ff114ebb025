/**
 * Apps as the Dev Dashboard (or shopify.app.toml) configures them: client credentials, allowed
 * redirection URLs, access scopes, the Webhooks API version, and the organization that owns the
 * app (the client credentials grant only works on that organization's shops).
 */
import { z } from 'zod';
import { isKnownScope } from './access-scopes';
import { HttpError } from './http';

export const API_VERSION = /^(\d{4}-(01|04|07|10)|unstable)$/;

export const appRequest = z.object({
  clientId: z.string().regex(/^[\w-]+$/, 'expected letters, digits, _ or -'),
  clientSecret: z.string().min(1),
  /** "Allowed redirection URL(s)": the complete URLs `redirect_uri` must equal. */
  redirectUrls: z.array(z.url()).default([]),
  scopes: z.array(z.string().refine(isKnownScope, 'not an access scope the simulator knows (see access-scopes.ts)')).min(1),
  /** The version webhooks are serialized with, for every shop; Shopify does not take it per subscription. */
  webhooksApiVersion: z.string().regex(API_VERSION, 'expected an API version such as 2026-01'),
  organization: z.string().min(1).optional(),
});
export type AppRequest = z.infer<typeof appRequest>;

export interface App {
  clientId: string;
  /** Null for a legacy custom app created without the secret the simulator would sign with. */
  clientSecret: string | null;
  redirectUrls: string[];
  scopes: string[];
  webhooksApiVersion: string;
  organization: string | null;
  /** A custom app created in the shop's admin before 2026: a token handed out at creation, no OAuth. */
  legacy: boolean;
}

/** The client id the simulator gives a shop's legacy custom app (the one behind the shop's preset access token). */
export const LEGACY_CLIENT_ID = 'legacy-custom-app';

export class AppRegistry {
  private readonly apps = new Map<string, App>();

  /** Registers an app, or reconfigures it in place, so that its installations see the new configuration. */
  register(request: AppRequest): App {
    if (request.clientId === LEGACY_CLIENT_ID) throw new HttpError(400, `${LEGACY_CLIENT_ID} names shops' legacy custom apps`);
    const config = {
      clientId: request.clientId,
      clientSecret: request.clientSecret,
      redirectUrls: request.redirectUrls,
      scopes: request.scopes,
      webhooksApiVersion: request.webhooksApiVersion,
      organization: request.organization ?? null,
      legacy: false,
    };
    const known = this.apps.get(request.clientId);
    if (known) return Object.assign(known, config);
    this.apps.set(request.clientId, config);
    return config;
  }

  get(clientId: string): App | undefined {
    return this.apps.get(clientId);
  }

  list(): App[] {
    return [...this.apps.values()];
  }
}
