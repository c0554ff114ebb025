/**
 * Admin API access tokens at rest: sealed with AES-256-GCM under a key derived from the
 * SHOPIFY_TOKEN_KEY secret, so that a database dump alone does not hand out shop access.
 * The sealed form is `v1.<base64 iv>.<base64 ciphertext>`.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function vaultKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .digest('SHA-256', encoder.encode(`wharf-token-vault:${secret}`))
      .then((raw) => crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    keys.set(secret, key);
  }
  return key;
}

export async function sealToken(token: string, secret: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await vaultKey(secret), encoder.encode(token)));
  return `v1.${toBase64(iv)}.${toBase64(sealed)}`;
}

export async function openToken(sealed: string, secret: string): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !data) throw new Error('not a sealed access token');
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, await vaultKey(secret), fromBase64(data));
  return new TextDecoder().decode(plain);
}
