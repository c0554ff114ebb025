/**
 * Admin API access tokens at rest, sealed so that a database dump alone does not hand out shop
 * access, and a sealed token copied onto another shop's row does not open there.
 *
 * Sealed forms, by their version prefix:
 * - `v2.<base64 iv>.<base64 ciphertext>`: AES-256-GCM under a key derived from SHOPIFY_TOKEN_KEY
 *   with HKDF-SHA256 and this purpose's label, the shop's domain as additional authenticated data.
 * - `v1.…` (before): AES-256-GCM under one SHA-256 of the secret, bound to no shop. Still opened,
 *   so that tokens sealed before keep working; opening one reports it stale, to be sealed again.
 */
const encoder = new TextEncoder();

/** HKDF's info: what the derived key is for, so the same secret never keys two purposes alike. */
const PURPOSE = 'wharf/shop-access-token/v2';
/** The purpose of shops' refresh tokens (expiring offline tokens), sealed the same way under the same key. */
export const REFRESH_TOKEN_PURPOSE = 'wharf/shop-refresh-token/v1';
/** The purpose of alert channels' signing secrets, sealed the same way under the same key. */
export const ALERT_SECRET_PURPOSE = 'wharf/alert-signing-secret/v1';
const SALT = encoder.encode('wharf-token-vault');

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

const keys = new Map<string, Promise<CryptoKey>>();

function cached(id: string, derive: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = keys.get(id);
  if (!key) {
    key = derive();
    keys.set(id, key);
  }
  return key;
}

const sealingKey = (secret: string, purpose = PURPOSE) =>
  cached(`v2:${purpose}:${secret}`, async () => {
    const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
    return crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: encoder.encode(purpose) },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  });

const legacyKey = (secret: string) =>
  cached(`v1:${secret}`, async () => {
    const raw = await crypto.subtle.digest('SHA-256', encoder.encode(`wharf-token-vault:${secret}`));
    return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt']);
  });

export async function sealToken(token: string, shopDomain: string, secret: string, purpose = PURPOSE): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(shopDomain) };
  const sealed = new Uint8Array(await crypto.subtle.encrypt(params, await sealingKey(secret, purpose), encoder.encode(token)));
  return `v2.${toBase64(iv)}.${toBase64(sealed)}`;
}

export interface OpenedToken {
  token: string;
  /** Sealed in an older form or under a previous secret: seal it again with the current one. */
  stale: boolean;
}

async function openWith(version: string, iv: Uint8Array, data: Uint8Array, shopDomain: string, secret: string, purpose: string): Promise<string | null> {
  const params = version === 'v2' ? { name: 'AES-GCM', iv, additionalData: encoder.encode(shopDomain) } : { name: 'AES-GCM', iv };
  try {
    const key = version === 'v2' ? await sealingKey(secret, purpose) : await legacyKey(secret);
    return new TextDecoder().decode(await crypto.subtle.decrypt(params, key, data));
  } catch {
    return null;
  }
}

/**
 * Opens a token sealed for `shopDomain` under one of `secrets` (the current secret first, then the
 * previous one during a rotation). Throws when none opens it: another key, or another shop's token.
 */
export async function openToken(sealed: string, shopDomain: string, secrets: readonly string[], purpose = PURPOSE): Promise<OpenedToken> {
  const [version, iv, data] = sealed.split('.');
  // Only access tokens were ever sealed in the v1 form.
  if ((version !== 'v1' || purpose !== PURPOSE) && version !== 'v2') throw new Error('not a sealed secret');
  if (!iv || !data) throw new Error('not a sealed secret');
  for (const [i, secret] of secrets.entries()) {
    const token = await openWith(version, fromBase64(iv), fromBase64(data), shopDomain, secret, purpose);
    if (token !== null) return { token, stale: version !== 'v2' || i > 0 };
  }
  throw new Error(`the access token of ${shopDomain} does not open with the configured SHOPIFY_TOKEN_KEY`);
}
