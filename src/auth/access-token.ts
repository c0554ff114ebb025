/**
 * Cloudflare Access application tokens, verified in the Worker with Web Crypto. Access sends the
 * token with every request it lets through, in the Cf-Access-Jwt-Assertion header (the header
 * rather than the CF_Authorization cookie, as Cloudflare recommends: the cookie is not guaranteed
 * to be passed). A token counts only once its RS256 signature verifies against a key the team
 * publishes at <team domain>/cdn-cgi/access/certs, its `iss` is the team domain, its `aud` holds
 * the application's AUD tag and it is within its `nbf`..`exp`; nothing of it is read before that.
 *
 * https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/validating-json/
 * https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/application-token/
 */
import { z } from 'zod';
import { log } from '../lib/log';

export const ACCESS_TOKEN_HEADER = 'cf-access-jwt-assertion';

export interface AccessApplication {
  /** https://<team>.cloudflareaccess.com, exactly as Access writes it in `iss`. */
  teamDomain: string;
  /** The application's Application Audience (AUD) tag. */
  aud: string;
}

/** 401 when the token is no good; 503 when the team's keys could not be had to tell. */
export type AccessVerdict = { ok: true; email: string } | { ok: false; status: 401 | 503; reason: string };

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
/** Cloudflare advises a grace period for clock skew on `nbf` (and `iat`) between its clock and ours. */
const CLOCK_SKEW_SECONDS = 60;
/** Trust a fetched key set this long: Access rotates its key every six weeks and keeps the previous one valid for seven days. */
const KEYS_TTL_MS = 60 * 60_000;
/** The least time between two fetches of a team's keys, however many tokens name keys it does not publish. */
export const KEYS_REFETCH_FLOOR_MS = 30_000;
const KEYS_FETCH_TIMEOUT_MS = 5_000;
/** Access publishes two keys (the current and the previous one); a longer list is cut here. */
const MAX_KEYS_PER_TEAM = 8;
const MAX_TEAMS = 4;

const tokenHeader = z.object({ alg: z.string(), kid: z.string() });
const tokenClaims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nbf: z.number().optional(),
  // Tokens of service tokens carry a common_name instead: they are not people, and the console is for people.
  email: z.string().optional(),
});
const jsonWebKeySet = z.object({
  keys: z.array(z.object({ kid: z.string(), kty: z.string(), alg: z.string().optional(), use: z.string().optional(), n: z.string(), e: z.string() })),
});

const refused = (reason: string): AccessVerdict => ({ ok: false, status: 401, reason });

function base64UrlBytes(segment: string): Uint8Array<ArrayBuffer> {
  const binary = atob(segment.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** A segment's JSON, or undefined when it is not base64url-encoded JSON. */
function segmentJson(segment: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(base64UrlBytes(segment)));
  } catch {
    return undefined;
  }
}

export async function verifyAccessToken(app: AccessApplication, token: string, now = Date.now()): Promise<AccessVerdict> {
  const segments = token.split('.');
  if (segments.length !== 3) return refused('the Access token is malformed');
  const [encodedHeader, encodedClaims, encodedSignature] = segments as [string, string, string];
  const header = tokenHeader.safeParse(segmentJson(encodedHeader));
  if (!header.success) return refused('the Access token is malformed');
  // Only the algorithm Access signs with: never "none", never one the token chooses for itself.
  if (header.data.alg !== 'RS256') return refused(`the Access token is signed with ${header.data.alg.slice(0, 20)}, not RS256`);
  const key = await signingKey(`${app.teamDomain}/cdn-cgi/access/certs`, header.data.kid, now);
  if (key === 'unavailable') return { ok: false, status: 503, reason: 'the Access signing keys could not be fetched; try again shortly' };
  if (!key) return refused('the Access token is signed with a key the team does not publish');
  let signed = false;
  try {
    signed = await crypto.subtle.verify(RS256, key, base64UrlBytes(encodedSignature), new TextEncoder().encode(`${encodedHeader}.${encodedClaims}`));
  } catch {
    // A signature that is not even base64url is as good as a wrong one.
  }
  if (!signed) return refused('the Access token’s signature does not verify');

  const claims = tokenClaims.safeParse(segmentJson(encodedClaims));
  if (!claims.success) return refused('the Access token lacks the claims of an application token');
  const { iss, aud, exp, nbf, email } = claims.data;
  const seconds = now / 1000;
  if (iss !== app.teamDomain) return refused('the Access token was issued by another team');
  if (!(Array.isArray(aud) ? aud : [aud]).includes(app.aud)) return refused('the Access token is for another Access application');
  if (exp <= seconds) return refused('the Access token has expired');
  if (nbf !== undefined && nbf > seconds + CLOCK_SKEW_SECONDS) return refused('the Access token is not valid yet');
  if (!email) return refused('the Access token names no person (service tokens do not open the console)');
  return { ok: true, email: email.toLowerCase() };
}

interface TeamKeys {
  keys: Map<string, CryptoKey>;
  fetchedAt?: number;
  attemptedAt: number;
  pending?: Promise<void>;
}

/**
 * Teams' keys, by certs URL, for the life of the isolate: they are public, so requests may share
 * them, and fetching them once an hour rather than per request keeps Access's endpoint off the
 * path of every page.
 */
const teams = new Map<string, TeamKeys>();

function teamKeys(certsUrl: string): TeamKeys {
  const known = teams.get(certsUrl);
  if (known) return known;
  if (teams.size >= MAX_TEAMS) teams.delete(teams.keys().next().value as string);
  const created: TeamKeys = { keys: new Map(), attemptedAt: Number.NEGATIVE_INFINITY };
  teams.set(certsUrl, created);
  return created;
}

/**
 * The key `kid` names: from the cached set while it is fresh; else, or when the set lacks it (Access
 * rotated its key), from a fetch, at most one per KEYS_REFETCH_FLOOR_MS, so that made-up key ids
 * cannot become a flood of requests to Access. 'unavailable' when there is no fresh set to ask.
 */
async function signingKey(certsUrl: string, kid: string, now: number): Promise<CryptoKey | undefined | 'unavailable'> {
  const team = teamKeys(certsUrl);
  const fresh = () => team.fetchedAt !== undefined && now - team.fetchedAt < KEYS_TTL_MS;
  if (fresh() && team.keys.has(kid)) return team.keys.get(kid);
  if (!team.pending && now - team.attemptedAt >= KEYS_REFETCH_FLOOR_MS) {
    team.attemptedAt = now;
    team.pending = fetchKeys(certsUrl)
      .then((keys) => {
        if (!keys) return;
        team.keys = keys;
        team.fetchedAt = now;
      })
      .finally(() => {
        team.pending = undefined;
      });
  }
  await team.pending;
  return fresh() ? team.keys.get(kid) : 'unavailable';
}

async function fetchKeys(certsUrl: string): Promise<Map<string, CryptoKey> | undefined> {
  try {
    const response = await fetch(certsUrl, { signal: AbortSignal.timeout(KEYS_FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the certs endpoint answered ${response.status}`);
    const published = jsonWebKeySet.parse(await response.json());
    const keys = new Map<string, CryptoKey>();
    const signingKeys = published.keys.filter((jwk) => jwk.kty === 'RSA' && (jwk.alg ?? 'RS256') === 'RS256' && (jwk.use ?? 'sig') === 'sig');
    for (const jwk of signingKeys.slice(0, MAX_KEYS_PER_TEAM)) {
      keys.set(jwk.kid, await crypto.subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true }, RS256, false, ['verify']));
    }
    return keys;
  } catch (error) {
    log.warn('Access signing keys could not be fetched', { certsUrl, error });
    return undefined;
  }
}
