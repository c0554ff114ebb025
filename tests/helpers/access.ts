/**
 * Cloudflare Access as the console meets it: a team whose signing keys are published on the local
 * stand-in (tests/setup/access-teams.ts), and application tokens signed the way Access signs them
 * (RS256, the key's id in `kid`), with the claims of
 * https://developers.cloudflare.com/cloudflare-one/access-controls/applications/http-apps/authorization-cookie/application-token/
 */
import { inject } from 'vitest';

const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** An Access application's AUD tag: 64 hexadecimal digits, as the dashboard shows them. */
export const AUD = '32eafc7626e974616deaf0dc3ce63d7bcbed58a2731e84d06bc3cdf1b53c4228';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  /** The public key as the team's certs endpoint lists it. */
  jwk: JsonWebKey & { kid: string };
}

export async function signingKey(kid: string = crypto.randomUUID()): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey({ ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const { kty, n, e } = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey;
  return { kid, privateKey: pair.privateKey, jwk: { kid, kty, alg: 'RS256', use: 'sig', n, e } };
}

/** A team on the stand-in: its domain (the tokens' `iss`), publishing its keys, and counting their fetches. */
export function accessTeam(name: string) {
  const teamDomain = `${inject('accessTeamsUrl')}/${name}`;
  return {
    teamDomain,
    publish: async (keys: SigningKey[]) => {
      await fetch(`${teamDomain}/cdn-cgi/access/certs`, { method: 'PUT', body: JSON.stringify({ keys: keys.map((key) => key.jwk) }) });
    },
    fetches: async () => ((await (await fetch(`${teamDomain}/fetches`)).json()) as { count: number }).count,
  };
}

const base64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
export const encodedJson = (value: unknown) => base64Url(new TextEncoder().encode(JSON.stringify(value)));

/** The claims of a token Access issues at `now` for the application, to the identity `email`, valid for an hour. */
export function applicationClaims(teamDomain: string, email: string, now = Date.now()): Record<string, unknown> {
  const seconds = Math.floor(now / 1000);
  return {
    aud: [AUD],
    email,
    exp: seconds + 3600,
    iat: seconds,
    nbf: seconds,
    iss: teamDomain,
    type: 'app',
    identity_nonce: '6ei69kawdKzMIAPF',
    sub: crypto.randomUUID(),
    country: 'US',
  };
}

export async function accessToken(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const signed = `${encodedJson({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${encodedJson(claims)}`;
  const signature = await crypto.subtle.sign(RS256, key.privateKey, new TextEncoder().encode(signed));
  return `${signed}.${base64Url(new Uint8Array(signature))}`;
}
