/**
 * Shopify webhook signatures: base64 HMAC-SHA256 of the raw body, keyed with the app's client
 * secret. During a secret rotation Shopify may still sign with the previous secret, so any of the
 * configured secrets may verify. `crypto.subtle.verify` compares in constant time.
 */

const encoder = new TextEncoder();

function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}

export async function verifyShopifyHmac(body: Uint8Array, signature: string, secrets: readonly string[]): Promise<boolean> {
  const expected = decodeBase64(signature.trim());
  if (!expected) return false;
  for (const secret of secrets) {
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret), expected, body)) return true;
  }
  return false;
}

export async function signShopifyHmac(body: Uint8Array, secret: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), body));
  return btoa(String.fromCharCode(...mac));
}
