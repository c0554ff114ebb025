/**
 * Shopify's token endpoint, `POST {shop}/admin/oauth/access_token`, for the three grants Wharf
 * uses: an authorization code (with `expiring=1`: an expiring offline token and its refresh token),
 * a refresh token, and the client credentials of an app of the shop's own organization
 * (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/client-credentials-grant).
 * Refusals come back as values: Shopify answers them with 4xx and `{"error", "error_description"}`
 * (or an "Oauth error …" page), which retrying cannot change; 5xx and network failures can pass.
 */
import { type TokenResponse, tokenResponse } from './oauth';

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
}

export type TokenGrant = { grant: 'authorization_code'; code: string } | { grant: 'refresh_token'; refreshToken: string } | { grant: 'client_credentials' };

export type TokenOutcome =
  | { ok: true; token: TokenResponse }
  /** `refused`: Shopify said no (a used code, a dead refresh token, a shop the organization does not own). */
  | { ok: false; refused: boolean; reason: string };

const TIMEOUT_MS = 15_000;

function bodyOf(credentials: AppCredentials, grant: TokenGrant): Record<string, string> {
  const app = { client_id: credentials.clientId, client_secret: credentials.clientSecret };
  switch (grant.grant) {
    case 'authorization_code':
      return { ...app, code: grant.code, expiring: '1' };
    case 'refresh_token':
      return { ...app, grant_type: 'refresh_token', refresh_token: grant.refreshToken };
    case 'client_credentials':
      return { ...app, grant_type: 'client_credentials' };
  }
}

/** Shopify's reason, from its JSON error or its "Oauth error" page, without echoing anything else it sent. */
async function reasonOf(response: Response): Promise<string> {
  const text = (await response.text()).slice(0, 2000);
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown; errors?: unknown };
    const parts = [body.error, body.error_description, body.errors].filter((p): p is string => typeof p === 'string');
    if (parts.length) return parts.join(': ');
  } catch {
    // Not JSON: an HTML or text page.
  }
  const page = /Oauth error ([a-z_]+): ([^<\n]{1,300})/i.exec(text);
  return page ? `${page[1]}: ${page[2]!.trim()}` : `HTTP ${response.status}`;
}

export async function requestToken(shopUrl: string, credentials: AppCredentials, grant: TokenGrant): Promise<TokenOutcome> {
  let response: Response;
  try {
    response = await fetch(`${shopUrl}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(bodyOf(credentials, grant)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, refused: false, reason: `the token endpoint could not be reached: ${String(error)}` };
  }
  if (!response.ok) {
    const reason = await reasonOf(response);
    return { ok: false, refused: response.status < 500 && response.status !== 429, reason: `Shopify refused the ${grant.grant} grant: ${reason}` };
  }
  const parsed = tokenResponse.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, refused: false, reason: 'the token endpoint answered without an access token' };
  return { ok: true, token: parsed.data };
}
