/**
 * The console behind Cloudflare Access: the Access token each request carries stands in for the
 * admin key, once it verifies against a key the team publishes, names this team and this
 * application, is within its lifetime and names a configured admin; actions still need the CSRF
 * token, from the console's own origin.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_HEADER, KEYS_REFETCH_FLOOR_MS, verifyAccessToken } from '../../src/auth/access-token';
import worker from '../../src/index';
import { shopIdsOf } from '../../src/warehouse/shops';
import { AUD, accessTeam, accessToken, applicationClaims, encodedJson, type SigningKey, signingKey } from '../helpers/access';
import { apiKeyFor } from '../helpers/api';
import { query, withDb } from '../helpers/warehouse';
import { uniqueShop } from '../helpers/webhooks';

const BASE = 'https://wharf.test';
const ADMIN = 'ops@wharf.test';
const team = accessTeam('console');
let key: SigningKey;

beforeAll(async () => {
  key = await signingKey();
  await team.publish([key]);
});

/** The console's settings behind Access, with these shops. */
const behindAccess = (shops: string, teamDomain = team.teamDomain): Partial<Env> => ({
  CONSOLE_ACCESS_TEAM_DOMAIN: teamDomain,
  CONSOLE_ACCESS_AUD: AUD,
  CONSOLE_ACCESS_ADMINS: ADMIN,
  CONSOLE_ACCESS_SHOPS: shops,
});

/** A request to the console as Access forwards it: with the token in its header, when there is one. */
async function viaAccess(path: string, settings: Partial<Env>, token: string | undefined, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set(ACCESS_TOKEN_HEADER, token);
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`, { redirect: 'manual', ...init, headers }), { ...env, ...settings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const tokenFor = (email: string, claims: Record<string, unknown> = {}) => accessToken(key, { ...applicationClaims(team.teamDomain, email), ...claims });

function form(fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: BASE, ...headers },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The overview as an admin first sees it: the CSRF cookie it sets and the token its forms carry. */
async function firstPage(shop: string, token: string) {
  const response = await viaAccess('/console/overview', behindAccess(shop), token);
  const cookie = /wharf_console_csrf=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
  return { cookie, csrf };
}

async function expectSignInRefused(response: Response, status: number, reason: string) {
  expect(response.status).toBe(status);
  const page = await response.text();
  expect(page).toContain(`Not signed in: ${reason}.`);
  expect(page).toContain('This console signs in through Cloudflare Access');
}

describe('the console behind Cloudflare Access', () => {
  it('lets a listed admin in on the Access token alone, with no API key, and shows the overview', async () => {
    const shop = uniqueShop();

    const response = await viaAccess('/console/overview', behindAccess(shop), await tokenFor(ADMIN));

    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`Overview: ${shop}`);
  });

  it('refuses a token for another Access application', async () => {
    const token = await tokenFor(ADMIN, { aud: ['0'.repeat(64)] });

    await expectSignInRefused(
      await viaAccess('/console/overview', behindAccess(uniqueShop()), token),
      401,
      'the Access token is for another Access application',
    );
  });

  it('refuses a token issued by another team', async () => {
    const token = await tokenFor(ADMIN, { iss: 'https://elsewhere.cloudflareaccess.com' });

    await expectSignInRefused(await viaAccess('/console/overview', behindAccess(uniqueShop()), token), 401, 'the Access token was issued by another team');
  });

  it('refuses an expired token', async () => {
    const token = await tokenFor(ADMIN, { exp: Math.floor(Date.now() / 1000) - 60 });

    await expectSignInRefused(await viaAccess('/console/overview', behindAccess(uniqueShop()), token), 401, 'the Access token has expired');
  });

  it('refuses a token whose signature does not verify', async () => {
    // Signed by another key under the id of the team's own.
    const token = await accessToken(await signingKey(key.kid), applicationClaims(team.teamDomain, ADMIN));

    await expectSignInRefused(await viaAccess('/console/overview', behindAccess(uniqueShop()), token), 401, 'the Access token’s signature does not verify');
  });

  it('refuses a token signed with a key the team does not publish', async () => {
    const token = await accessToken(await signingKey(), applicationClaims(team.teamDomain, ADMIN));

    await expectSignInRefused(
      await viaAccess('/console/overview', behindAccess(uniqueShop()), token),
      401,
      'the Access token is signed with a key the team does not publish',
    );
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const token = `${encodedJson({ alg: 'none', kid: key.kid, typ: 'JWT' })}.${encodedJson(applicationClaims(team.teamDomain, ADMIN))}.`;

    await expectSignInRefused(await viaAccess('/console/overview', behindAccess(uniqueShop()), token), 401, 'the Access token is signed with none, not RS256');
  });

  it('refuses a request that did not come through Access', async () => {
    await expectSignInRefused(
      await viaAccess('/console/overview', behindAccess(uniqueShop()), undefined),
      401,
      'the request did not come through Cloudflare Access',
    );
  });

  it('says so when the team’s signing keys cannot be fetched', async () => {
    const unpublished = accessTeam('unpublished');
    const token = await accessToken(key, applicationClaims(unpublished.teamDomain, ADMIN));

    const response = await viaAccess('/console/overview', behindAccess(uniqueShop(), unpublished.teamDomain), token);

    await expectSignInRefused(response, 503, 'the Access signing keys could not be fetched; try again shortly');
  });

  it('refuses an Access identity that is not one of the configured admins', async () => {
    const response = await viaAccess('/console/overview', behindAccess(uniqueShop()), await tokenFor('visitor@wharf.test'));

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('visitor@wharf.test is not one of the console’s admins');
  });

  it('keeps an admin to the configured shops', async () => {
    const response = await viaAccess('/console/overview?shop=elsewhere.myshopify.com', behindAccess(uniqueShop()), await tokenFor(ADMIN));

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('the console’s admins do not reach a shop elsewhere.myshopify.com');
  });

  it('reaches every shop the warehouse has when the shops are "*"', async () => {
    const shop = uniqueShop();
    await withDb((db) => shopIdsOf(db, [shop]));

    const response = await viaAccess(`/console/overview?shop=${shop}`, behindAccess('*'), await tokenFor(ADMIN));

    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<option selected>${shop}</option>`);
  });

  it('takes no API key while Access is on', async () => {
    const { key: adminKey } = await apiKeyFor(uniqueShop(), ['admin']);

    const response = await viaAccess('/console/sign-in', behindAccess(uniqueShop()), undefined, form({ key: adminKey }));

    await expectSignInRefused(response, 403, 'the console takes no API key while it is behind Cloudflare Access');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses an action without the CSRF token this browser holds', async () => {
    const shop = uniqueShop();
    const token = await tokenFor(ADMIN);
    const { cookie, csrf } = await firstPage(shop, token);

    const withoutToken = await viaAccess('/console/quality/run', behindAccess(shop), token, form({}, { cookie }));
    const withoutCookie = await viaAccess('/console/quality/run', behindAccess(shop), token, form({ csrf }));
    const withBoth = await viaAccess('/console/quality/run', behindAccess(shop), token, form({ csrf }, { cookie }));

    expect(cookie).toMatch(/^wharf_console_csrf=[A-Za-z0-9_-]{32}$/);
    expect([withoutToken.status, withoutCookie.status, withBoth.status]).toEqual([403, 403, 303]);
    const runs = await query<{ n: number }>(sql`select count(*)::integer as n from quality_run r join dim_shop s using (shop_id) where s.domain = ${shop}`);
    expect(runs[0]!.n).toBe(1);
  });

  it('refuses an action from another site, token or not', async () => {
    const shop = uniqueShop();
    const token = await tokenFor(ADMIN);
    const { cookie, csrf } = await firstPage(shop, token);

    const crossSite = await viaAccess('/console/quality/run', behindAccess(shop), token, form({ csrf }, { cookie, 'sec-fetch-site': 'cross-site' }));
    const otherOrigin = await viaAccess('/console/quality/run', behindAccess(shop), token, form({ csrf }, { cookie, origin: 'https://attacker.example' }));

    expect([crossSite.status, otherOrigin.status]).toEqual([403, 403]);
  });

  it('signs out through Access’s own sign-out', async () => {
    const shop = uniqueShop();
    const token = await tokenFor(ADMIN);
    const { cookie, csrf } = await firstPage(shop, token);

    const response = await viaAccess('/console/sign-out', behindAccess(shop), token, form({ csrf }, { cookie }));

    expect([response.status, response.headers.get('location')]).toEqual([303, '/cdn-cgi/access/logout']);
  });
});

describe('the Access signing keys', () => {
  it('are fetched again when a token names a key the team has since published (a rotation)', async () => {
    const rotating = accessTeam('rotation');
    const [before, after] = [await signingKey(), await signingKey()];
    const app = { teamDomain: rotating.teamDomain, aud: AUD };
    const t0 = Date.now();
    await rotating.publish([before]);
    const first = await verifyAccessToken(app, await accessToken(before, applicationClaims(rotating.teamDomain, ADMIN, t0)), t0);
    await rotating.publish([after, before]);

    const rotated = await verifyAccessToken(app, await accessToken(after, applicationClaims(rotating.teamDomain, ADMIN, t0)), t0 + KEYS_REFETCH_FLOOR_MS);

    expect([first.ok, rotated.ok]).toEqual([true, true]);
    expect(await rotating.fetches()).toBe(2);
  });

  it('are fetched at most once per floor however many unknown key ids tokens name', async () => {
    const flooded = accessTeam('flood');
    const published = await signingKey();
    const app = { teamDomain: flooded.teamDomain, aud: AUD };
    const t0 = Date.now();
    await flooded.publish([published]);
    await verifyAccessToken(app, await accessToken(published, applicationClaims(flooded.teamDomain, ADMIN, t0)), t0);
    const unknown = async (at: number) => verifyAccessToken(app, await accessToken(await signingKey(), applicationClaims(flooded.teamDomain, ADMIN, t0)), at);

    const withinFloor = await Promise.all([1, 2, 3, 4, 5].map((s) => unknown(t0 + s * 1000)));
    const fetchesWithinFloor = await flooded.fetches();
    await unknown(t0 + KEYS_REFETCH_FLOOR_MS + 1000);

    expect(withinFloor.map((verdict) => verdict.ok)).toEqual([false, false, false, false, false]);
    expect([fetchesWithinFloor, await flooded.fetches()]).toEqual([1, 2]);
  });
});
