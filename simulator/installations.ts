/**
 * Who may call a shop's Admin API: the apps installed on it, the scopes each was granted, and the
 * access and refresh tokens the OAuth grants handed out, with the lifetimes and rotation rules
 * Shopify documents. Every token belongs to an installation; uninstalling revokes them all.
 *
 * - Authorization code: single use; its lifetime is undocumented, so it is short (CODE_LIFETIME_MS).
 * - Offline, non-expiring: "Getting offline tokens for the same shop and installation returns the
 *   same access token each time."
 * - Offline, expiring (`expiring=1`): access 3600 s, refresh 7776000 s. A new one retires the
 *   older ones: their access tokens stay valid until they expire, their refresh tokens die at once.
 *   (https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/offline-access-tokens)
 * - Refresh: a new pair each time; the previous access token stays valid until it expires. The
 *   used refresh token answers the same pair again (a retry) until the app begins using its
 *   replacement, for at most 30 days (https://shopify.dev/changelog/more-resilient-refreshes-for-expiring-offline-access-tokens).
 *   "Using" is taken strictly: calling the Admin API with the new access token, or refreshing
 *   with the new refresh token, retires it.
 * - Client credentials: 86399 s, no refresh token, for an installed app on a shop of the app's
 *   organization. Whether an earlier token survives a new one is undocumented: it is revoked.
 * - Online (`grant_options[]=per-user`): 86399 s, with the associated user.
 */
import { randomBytes } from 'node:crypto';
import type { App } from './apps';
import { DAY, SECOND } from './time';
import type { WebhookSubscription } from './webhook-subscriptions';

export const CODE_LIFETIME_MS = 60 * SECOND;
const EXPIRING_ACCESS_SECONDS = 3600;
const REFRESH_SECONDS = 7_776_000;
const DAY_TOKEN_SECONDS = 86_399;
const REFRESH_RETRY_MS = 30 * DAY;

export type TokenKind = 'legacy' | 'offline' | 'expiring' | 'online' | 'client-credentials';

export interface AccessToken {
  value: string;
  kind: TokenKind;
  installation: Installation;
  issuedAt: number;
  expiresAt: number | null;
  revoked: boolean;
  /** The refresh token whose use produced this token: retired once this token is used. */
  refreshedWith: RefreshToken | null;
}

export interface RefreshToken {
  value: string;
  installation: Installation;
  issuedAt: number;
  expiresAt: number;
  dead: boolean;
  firstUsedAt: number | null;
  /** What its first use returned, answered again to a retry. */
  replacement: IssuedPair | null;
  /** The refresh token this one replaced, retired once this one is used. */
  predecessor: RefreshToken | null;
}

interface IssuedPair {
  access: AccessToken;
  refresh: RefreshToken;
}

interface AuthorizationCode {
  app: App;
  online: boolean;
  expiresAt: number;
  used: boolean;
}

export class Installation {
  readonly subscriptions = new Map<string, WebhookSubscription>();
  uninstalledAt: number | null = null;
  offlineToken: AccessToken | null = null;

  constructor(
    readonly app: App,
    /** As granted (requested, or the app's configured scopes); implied read scopes are not listed. */
    public scopes: string[],
    readonly installedAt: number,
  ) {}
}

export interface AssociatedUser {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  email_verified: boolean;
  account_owner: boolean;
  locale: string;
  collaborator: boolean;
}

/** The body `POST /admin/oauth/access_token` answers on success. */
export type TokenResponse = Record<string, unknown> & { access_token: string; scope: string };

/** A refused grant: HTTP 400 with this body. */
export interface OAuthFailure {
  error: string;
  error_description: string;
}

const CODE_NOT_FOUND: OAuthFailure = { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' };
const NO_REFRESH_TOKEN: OAuthFailure = { error: 'invalid_request', error_description: 'This request requires an active refresh_token' };

const secret = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;
const secondsLeft = (expiresAt: number, now: number) => Math.max(0, Math.round((expiresAt - now) / SECOND));

export type TokenAction = 'expire' | 'expire-refresh' | 'revoke';

export class ShopAuth {
  private readonly installations = new Map<string, Installation>();
  private readonly tokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    legacyApp: App,
    legacyToken: string,
    private readonly owner: AssociatedUser,
    now: number,
  ) {
    const installation = this.install(legacyApp, legacyApp.scopes, now);
    this.add({ value: legacyToken, kind: 'legacy', installation, issuedAt: now, expiresAt: null, revoked: false, refreshedWith: null });
  }

  installation(clientId: string): Installation | undefined {
    return this.installations.get(clientId);
  }

  installed(): Installation[] {
    return [...this.installations.values()];
  }

  /** Installs the app, or grants an installed one these scopes instead of its earlier ones. */
  install(app: App, scopes: readonly string[], now: number): Installation {
    let installation = this.installations.get(app.clientId);
    if (!installation) {
      installation = new Installation(app, [...scopes], now);
      this.installations.set(app.clientId, installation);
    }
    installation.scopes = [...scopes];
    return installation;
  }

  /** The token a request presents, if it is live; using a refreshed token retires the refresh token it came from. */
  authenticate(value: string | null, now: number): AccessToken | null {
    const token = value === null ? undefined : this.tokens.get(value);
    if (!token || !this.live(token, now)) return null;
    if (token.refreshedWith) token.refreshedWith.dead = true;
    return token;
  }

  private live(token: AccessToken, now: number): boolean {
    return !token.revoked && token.installation.uninstalledAt === null && (token.expiresAt === null || now < token.expiresAt);
  }

  private add(token: AccessToken): AccessToken {
    this.tokens.set(token.value, token);
    return token;
  }

  /** The code the merchant's approval sends back to the app. */
  issueCode(app: App, online: boolean, now: number): string {
    const value = randomBytes(16).toString('hex');
    this.codes.set(value, { app, online, expiresAt: now + CODE_LIFETIME_MS, used: false });
    return value;
  }

  exchangeCode(app: App, value: string, expiring: boolean, now: number): TokenResponse | OAuthFailure {
    const code = this.codes.get(value);
    const installation = this.installations.get(app.clientId);
    if (!code || code.used || code.app !== app || now >= code.expiresAt || !installation) return CODE_NOT_FOUND;
    code.used = true;
    const scope = installation.scopes.join(',');
    if (code.online) {
      const token = this.issue(installation, 'online', now, DAY_TOKEN_SECONDS);
      return { access_token: token.value, scope, expires_in: DAY_TOKEN_SECONDS, associated_user_scope: scope, associated_user: this.owner };
    }
    if (expiring) {
      for (const refresh of this.refreshTokens.values()) if (refresh.installation === installation) refresh.dead = true;
      return this.pairResponse(this.issuePair(installation, now, null), now);
    }
    if (!installation.offlineToken || installation.offlineToken.revoked) installation.offlineToken = this.issue(installation, 'offline', now, null);
    return { access_token: installation.offlineToken.value, scope };
  }

  refresh(app: App, value: string, now: number): TokenResponse | OAuthFailure {
    const refresh = this.refreshTokens.get(value);
    if (!refresh || refresh.dead || now >= refresh.expiresAt || refresh.installation !== this.installations.get(app.clientId)) return NO_REFRESH_TOKEN;
    if (refresh.replacement) {
      if (now - refresh.firstUsedAt! > REFRESH_RETRY_MS) {
        refresh.dead = true;
        return NO_REFRESH_TOKEN;
      }
      return this.pairResponse(refresh.replacement, now);
    }
    refresh.firstUsedAt = now;
    if (refresh.predecessor) refresh.predecessor.dead = true;
    refresh.replacement = this.issuePair(refresh.installation, now, refresh);
    return this.pairResponse(refresh.replacement, now);
  }

  clientCredentials(app: App, shopOrganization: string | null, now: number): TokenResponse | OAuthFailure {
    if (app.organization === null || app.organization !== shopOrganization) {
      return { error: 'shop_not_permitted', error_description: 'Client credentials cannot be performed on this shop.' };
    }
    const installation = this.installations.get(app.clientId);
    if (!installation) return { error: 'app_not_installed', error_description: 'The application is not installed on this shop.' };
    for (const token of this.tokens.values()) if (token.installation === installation && token.kind === 'client-credentials') token.revoked = true;
    const token = this.issue(installation, 'client-credentials', now, DAY_TOKEN_SECONDS);
    return { access_token: token.value, scope: installation.scopes.join(','), expires_in: DAY_TOKEN_SECONDS };
  }

  private issue(
    installation: Installation,
    kind: TokenKind,
    now: number,
    lifetimeSeconds: number | null,
    refreshedWith: RefreshToken | null = null,
  ): AccessToken {
    return this.add({
      value: secret(kind === 'online' ? 'shpua_' : 'shpat_'),
      kind,
      installation,
      issuedAt: now,
      expiresAt: lifetimeSeconds === null ? null : now + lifetimeSeconds * SECOND,
      revoked: false,
      refreshedWith,
    });
  }

  private issuePair(installation: Installation, now: number, refreshedWith: RefreshToken | null): IssuedPair {
    const access = this.issue(installation, 'expiring', now, EXPIRING_ACCESS_SECONDS, refreshedWith);
    const refresh: RefreshToken = {
      value: secret('shprt_'),
      installation,
      issuedAt: now,
      expiresAt: now + REFRESH_SECONDS * SECOND,
      dead: false,
      firstUsedAt: null,
      replacement: null,
      predecessor: refreshedWith,
    };
    this.refreshTokens.set(refresh.value, refresh);
    return { access, refresh };
  }

  private pairResponse(pair: IssuedPair, now: number): TokenResponse {
    return {
      access_token: pair.access.value,
      scope: pair.access.installation.scopes.join(','),
      expires_in: secondsLeft(pair.access.expiresAt!, now),
      refresh_token: pair.refresh.value,
      refresh_token_expires_in: secondsLeft(pair.refresh.expiresAt, now),
    };
  }

  /**
   * A control: `expire` ends every access token that has a lifetime (and every unused code) now,
   * `expire-refresh` every refresh token, `revoke` every token, non-expiring ones included. Only
   * the named app's, when a client id is given.
   */
  apply(action: TokenAction, clientId: string | undefined, now: number): number {
    const mine = (installation: Installation) => clientId === undefined || installation.app.clientId === clientId;
    let affected = 0;
    if (action === 'expire-refresh') {
      for (const refresh of this.refreshTokens.values()) {
        if (mine(refresh.installation) && !refresh.dead && refresh.expiresAt > now) {
          refresh.expiresAt = now;
          affected++;
        }
      }
      return affected;
    }
    for (const token of this.tokens.values()) {
      if (!mine(token.installation) || !this.live(token, now)) continue;
      if (action === 'revoke') token.revoked = true;
      else if (token.expiresAt !== null) token.expiresAt = now;
      else continue;
      affected++;
    }
    if (action === 'revoke') {
      for (const refresh of this.refreshTokens.values()) if (mine(refresh.installation)) refresh.dead = true;
    }
    for (const code of this.codes.values()) if (clientId === undefined || code.app.clientId === clientId) code.expiresAt = Math.min(code.expiresAt, now);
    return affected;
  }

  /** Uninstalls the app: its tokens stop working at once, and its API-created subscriptions are deleted (returned). */
  uninstall(clientId: string, now: number): { installation: Installation; subscriptions: WebhookSubscription[] } | null {
    const installation = this.installations.get(clientId);
    if (!installation) return null;
    this.installations.delete(clientId);
    installation.uninstalledAt = now;
    for (const refresh of this.refreshTokens.values()) if (refresh.installation === installation) refresh.dead = true;
    const subscriptions = [...installation.subscriptions.values()];
    installation.subscriptions.clear();
    return { installation, subscriptions };
  }

  /** What `GET /_sim/shops/{domain}` tells of the installations and their tokens. */
  describe(now: number) {
    const state = (token: AccessToken) =>
      token.revoked || token.installation.uninstalledAt !== null ? 'revoked' : token.expiresAt !== null && now >= token.expiresAt ? 'expired' : 'active';
    return this.installed().map((installation) => ({
      clientId: installation.app.clientId,
      legacy: installation.app.legacy,
      scopes: installation.scopes,
      installedAt: new Date(installation.installedAt).toISOString(),
      tokens: [...this.tokens.values()]
        .filter((token) => token.installation === installation)
        .map((token) => ({
          kind: token.kind,
          token: token.value,
          state: state(token),
          issuedAt: new Date(token.issuedAt).toISOString(),
          expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
        })),
      refreshTokens: [...this.refreshTokens.values()]
        .filter((refresh) => refresh.installation === installation)
        .map((refresh) => ({
          token: refresh.value,
          state: refresh.dead ? 'dead' : now >= refresh.expiresAt ? 'expired' : refresh.replacement ? 'used' : 'active',
          expiresAt: new Date(refresh.expiresAt).toISOString(),
        })),
      webhookSubscriptions: installation.subscriptions.size,
    }));
  }
}
