/**
 * Shopify's OAuth endpoints on a shop's URL: the authorize redirect (the merchant's approval is
 * simulated: there is no one to click Install), the token endpoint's grants, and the granted
 * scopes (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant,
 * …/offline-access-tokens, …/client-credentials-grant).
 *
 * Refusals at authorize are the "Oauth error <code>: <message>" page Shopify shows (HTTP 400;
 * messages as reported in Shopify's own issue trackers, e.g. Shopify/shopify_app#1531, #369).
 * The token endpoint answers 400 with `{"error", "error_description"}`, the only JSON error shape
 * observed; where Shopify's answer is unknown the simulator refuses with a message of its own:
 * a wrong client secret (RFC 6749's `invalid_client`), a missing `state`, `grant_type=authorization_code`
 * (Shopify documents the code grant without one), and token exchange (not modelled).
 */
import { createHmac } from 'node:crypto';
import { impliedScopes, isKnownScope } from './access-scopes';
import type { App, AppRegistry } from './apps';
import type { OAuthFailure, TokenResponse } from './installations';
import type { SimulatedShop } from './shop-state';

export interface OAuthAnswer {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  html?: string;
}

/**
 * The callback's `hmac`: lowercase hex HMAC-SHA256, keyed with the client secret, of the other
 * parameters as `name=value` sorted and joined with `&` ("The HMAC verification procedure for
 * authorization code grant is different from the procedure for verifying webhooks").
 */
export function callbackHmac(params: Readonly<Record<string, string>>, secret: string): string {
  const message = Object.keys(params)
    .filter((name) => name !== 'hmac')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** An authorize answer, with the code of the error it reports, if any (for the request log). */
type AuthorizeAnswer = OAuthAnswer & { error?: string };

function errorPage(code: string, message: string): AuthorizeAnswer {
  const text = `Oauth error ${code}: ${message}`;
  return { status: 400, error: code, html: `<!DOCTYPE html><html><head><title>Oauth error</title></head><body><p>${escapeHtml(text)}</p></body></html>` };
}

/** Every OAuth request goes into the shop's request log, with the app and the grant or the refusal. */
function logOAuth(shop: SimulatedShop, operation: string, status: number, extra: { clientId?: string; detail?: string } = {}): void {
  shop.log({ operation, apiVersion: null, cost: 0, availableBefore: shop.bucket.currentlyAvailable(), throttled: false, status, ...extra });
}

/** The admin host the callback's `host` encodes: base64 without padding, as Shopify sends it. */
const hostParam = (domain: string) =>
  Buffer.from(`admin.shopify.com/store/${domain.replace(/\.myshopify\.com$/, '')}`)
    .toString('base64')
    .replace(/=+$/, '');

/** `GET {shopUrl}/admin/oauth/authorize`: approves at once, redirecting to `redirect_uri` with a code. */
export function authorize(shop: SimulatedShop, apps: AppRegistry, query: URLSearchParams, now: number): OAuthAnswer {
  const answer = approve(shop, apps, query, now);
  const online = query.getAll('grant_options[]').includes('per-user');
  logOAuth(shop, 'oauth/authorize', answer.status, {
    clientId: query.get('client_id') ?? '',
    detail: answer.error ?? (online ? 'online' : 'offline'),
  });
  return answer;
}

function approve(shop: SimulatedShop, apps: AppRegistry, query: URLSearchParams, now: number): AuthorizeAnswer {
  const clientId = query.get('client_id') ?? '';
  const app = apps.get(clientId);
  if (!app) return errorPage('invalid_request', `Could not find Shopify API application with api_key ${clientId}`);
  const redirectUri = query.get('redirect_uri');
  if (!redirectUri) return errorPage('invalid_request', 'The redirect_uri is missing');
  if (!app.redirectUrls.includes(redirectUri)) return errorPage('invalid_request', 'The redirect_uri is not whitelisted');
  const state = query.get('state');
  if (!state) return errorPage('invalid_request', 'The simulator requires a state (the nonce the callback must echo) on every authorization request');
  const options = query.getAll('grant_options[]').filter((option) => option !== '');
  if (options.length > 1 || (options.length === 1 && options[0] !== 'per-user')) {
    return errorPage('invalid_request', `The simulator knows no grant_options[] but per-user: ${options.join(', ')}`);
  }
  const requested = query.has('scope') ? query.get('scope')!.split(',') : app.scopes;
  const configured = impliedScopes(app.scopes);
  if (requested.some((scope) => !isKnownScope(scope) || !configured.includes(scope))) {
    return errorPage('failed_grant_with_invalid_scopes', 'The application could not be installed due to invalid scopes requested.');
  }
  shop.auth.install(app, [...new Set(requested)], now);
  const params: Record<string, string> = {
    code: shop.auth.issueCode(app, options[0] === 'per-user', now),
    host: hostParam(shop.domain),
    shop: shop.domain,
    state,
    timestamp: String(Math.floor(now / 1000)),
  };
  const callback = new URLSearchParams({ ...params, hmac: callbackHmac(params, app.clientSecret!) });
  callback.sort();
  return { status: 302, headers: { location: `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${callback}` } };
}

const failure = (error: string, description: string): OAuthFailure => ({ error, error_description: description });

/** The token request's parameters, from a JSON or a form body (Shopify's libraries send either). */
function tokenParams(contentType: string, body: string): Record<string, string> | null {
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) return Object.fromEntries(new URLSearchParams(body));
  if (!/^application\/json\b/i.test(contentType)) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
  } catch {
    return null;
  }
}

function grant(shop: SimulatedShop, app: App, params: Record<string, string>, now: number): TokenResponse | OAuthFailure {
  switch (params.grant_type) {
    case undefined: {
      const expiring = params.expiring ?? '0';
      if (expiring !== '0' && expiring !== '1') return failure('invalid_request', 'expiring must be 0 or 1');
      return shop.auth.exchangeCode(app, params.code ?? '', expiring === '1', now);
    }
    case 'refresh_token':
      return shop.auth.refresh(app, params.refresh_token ?? '', now);
    case 'client_credentials':
      return shop.auth.clientCredentials(app, shop.organization, now);
    default:
      return failure(
        'unsupported_grant_type',
        `The simulator models the authorization code (without grant_type), refresh_token and client_credentials grants, not ${params.grant_type}`,
      );
  }
}

/** `POST {shopUrl}/admin/oauth/access_token`. */
export function accessToken(shop: SimulatedShop, apps: AppRegistry, contentType: string, body: string, now: number): OAuthAnswer {
  const params = tokenParams(contentType, body);
  const answer = (status: number, json: TokenResponse | OAuthFailure, clientId?: string): OAuthAnswer => {
    const grantType = params?.grant_type ?? 'authorization_code';
    logOAuth(shop, 'oauth/access_token', status, { ...(clientId ? { clientId } : {}), detail: 'error' in json ? `${grantType}: ${json.error}` : grantType });
    return { status, json };
  };
  if (!params) return answer(400, failure('invalid_request', 'The simulator reads the token request from a JSON or form-encoded body'));
  const app = apps.get(params.client_id ?? '');
  if (!app || app.clientSecret !== params.client_secret) return answer(400, failure('invalid_client', 'Client authentication failed'), params.client_id);
  const result = grant(shop, app, params, now);
  return answer('error' in result ? 400 : 200, result, app.clientId);
}

/** `GET {shopUrl}/admin/oauth/access_scopes.json`: the scopes of the app whose token is presented, implied read scopes included. */
export function accessScopes(shop: SimulatedShop, token: string | null, now: number): OAuthAnswer {
  const granted = shop.auth.authenticate(token, now);
  const status = granted ? 200 : 401;
  logOAuth(shop, 'oauth/access_scopes', status, granted ? { clientId: granted.installation.app.clientId } : {});
  if (!granted) return { status, json: UNAUTHORIZED };
  return { status, json: { access_scopes: impliedScopes(granted.installation.scopes).map((handle) => ({ handle })) } };
}

/** What the Admin API answers a missing, expired, revoked or uninstalled app's token. */
export const UNAUTHORIZED = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
