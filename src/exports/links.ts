/**
 * Download links of exported files: the file (run, table, part) and an expiry, signed with
 * HMAC-SHA256 under EXPORT_SIGNING_KEY. Whoever holds a link reads that one file until it
 * expires, without an API key: what a reader such as DuckDB is handed.
 */

export interface FileRef {
  runId: string;
  table: string;
  part: number;
}

const encoder = new TextEncoder();

function hmacKey(secret: string, use: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [use]);
}

/** What is signed: every part of the link that names the file or bounds its life. */
const signedText = (file: FileRef, expires: number) => `${file.runId}/${file.table}/${file.part}/${expires}`;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The path and query of a link to the file, valid until `expires` (Unix seconds). */
export async function signedFilePath(secret: string, file: FileRef, expires: number): Promise<string> {
  const signature = hex(await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), encoder.encode(signedText(file, expires))));
  return `/exports/${file.runId}/${file.table}/${file.part}?expires=${expires}&signature=${signature}`;
}

/** Why a link does not open its file, or null when it does. */
export async function refuseLink(secret: string, file: FileRef, expires: number, signature: string, nowSeconds: number): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(signature)) return 'the signature is not valid';
  const bytes = signature.match(/../g)!.map((pair) => Number.parseInt(pair, 16));
  // verify() compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), new Uint8Array(bytes), encoder.encode(signedText(file, expires)));
  if (!valid) return 'the signature is not valid';
  if (expires < nowSeconds) return 'the link has expired';
  return null;
}
