/**
 * Shopify's authorization code grant, as documented at
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
 * and, for expiring offline tokens and their refresh,
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens:
 * shop names, the authorize URL, the query signature Shopify puts on the install and callback
 * requests, and the token endpoint's answers. No I/O.
 */
import { z } from 'zod';

const encoder = new TextEncoder();

/**
 * The docs' rule: a shop hostname that ends with myshopify.com and holds only letters, digits,
 * periods and hyphens. Anchored at both ends (the docs' own example expression is not).
 */
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The shop's myshopify domain, lower-cased, or undefined when it is not one. */
export function shopDomainOf(value: string | null | undefined): string | undefined {
  const domain = value?.trim().toLowerCase();
  return domain && SHOP_DOMAIN.test(domain) ? domain : undefined;
}

export interface AuthorizeRequest {
  shopUrl: string;
  clientId: string;
  scopes: readonly string[];
  redirectUri: string;
  state: string;
}

/** Where the merchant approves the app: offline access (no `grant_options[]`), the scopes Wharf needs. */
export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(`${request.shopUrl}/admin/oauth/authorize`);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('scope', request.scopes.join(','));
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('state', request.state);
  return url.toString();
}

/**
 * The message Shopify signs on an install or callback request: every parameter but `hmac` (and the
 * legacy `signature`), as `name=value` with the decoded values, sorted, joined by `&` (the docs'
 * example message). The digest is lowercase hex, unlike a webhook's base64.
 */
export function signedQueryMessage(params: URLSearchParams): string {
  return [...params]
    .filter(([name]) => name !== 'hmac' && name !== 'signature')
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join('&');
}

async function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The hex signature of a query under the app's client secret. */
export async function signQuery(params: URLSearchParams, secret: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), encoder.encode(signedQueryMessage(params))));
}

/**
 * How far a signed request's `timestamp` may be from now. Shopify does not document one; its own
 * Node library allows 90 seconds either way, which is what Wharf allows.
 */
export const QUERY_TIMESTAMP_TOLERANCE_SECONDS = 90;

export type QueryCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether Shopify signed this query with one of the secrets (the current client secret and, during
 * a rotation, the previous one), recently. Compared by Web Crypto's verify, in constant time.
 */
export async function verifySignedQuery(params: URLSearchParams, secrets: readonly string[], nowMs: number): Promise<QueryCheck> {
  const signature = params.get('hmac');
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'the request carries no valid hmac' };
  const timestamp = Number(params.get('timestamp'));
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'the request carries no timestamp' };
  if (Math.abs(nowMs / 1000 - timestamp) > QUERY_TIMESTAMP_TOLERANCE_SECONDS)
    return { ok: false, reason: 'the request is too old (or from the future): start again' };
  const bytes = Uint8Array.from(signature.match(/../g)!.map((pair) => Number.parseInt(pair, 16)));
  const message = encoder.encode(signedQueryMessage(params));
  for (const secret of secrets) {
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), bytes, message)) return { ok: true };
  }
  return { ok: false, reason: 'the hmac does not match: the request was not signed by Shopify for this app' };
}

/**
 * What the token endpoint answers for every grant: `scope` always; `expires_in` for expiring
 * offline tokens (3600) and client credentials (86399); a refresh token with its lifetime only for
 * expiring offline tokens.
 */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

/** What a token response means to store: the token, its scopes and when it and its refresh token expire. */
export interface IssuedToken {
  accessToken: string;
  scopes: string[];
  accessTokenExpiresAt: string | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: string | null;
}

export function issuedToken(response: TokenResponse, nowMs: number): IssuedToken {
  const at = (seconds: number | undefined) => (seconds === undefined ? null : new Date(nowMs + seconds * 1000).toISOString());
  const refreshable = response.refresh_token !== undefined && response.refresh_token_expires_in !== undefined;
  return {
    accessToken: response.access_token,
    scopes: scopeList(response.scope),
    accessTokenExpiresAt: at(response.expires_in),
    refreshToken: refreshable ? response.refresh_token! : null,
    refreshTokenExpiresAt: refreshable ? at(response.refresh_token_expires_in) : null,
  };
}

export const scopeList = (scopes: string | null | undefined) =>
  (scopes ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The required scopes a grant lacks. "Any permission to write a resource includes the permission
 * to read it", so a granted write_X covers read_X.
 */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const covered = new Set(granted.flatMap((scope) => (scope.startsWith('write_') ? [scope, `read_${scope.slice('write_'.length)}`] : [scope])));
  return required.filter((scope) => !covered.has(scope));
}
