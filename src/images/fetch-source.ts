/**
 * Fetches a source image within limits: an http(s) URL only, a time limit on the whole answer,
 * a byte limit checked against Content-Length before the body is read and against the bytes as
 * they stream in, and a content type that may be an image. What it refuses is a failure value.
 */
import { failure, type ThumbnailFailure } from './failures';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

export type Fetched = { ok: true; bytes: Uint8Array<ArrayBuffer>; contentType: string | null } | { ok: false; failure: ThumbnailFailure };

/** Types a server may send an image as: any image type, or none in particular (the bytes then decide). */
const MAYBE_IMAGE = /^(image\/[\w.+-]+|application\/octet-stream|binary\/octet-stream)$/;

export async function fetchSource(url: string, limits: FetchLimits): Promise<Fetched> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return failure('invalid_url', 'not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return failure('invalid_url', `not an http(s) URL: ${parsed.protocol}`);

  const signal = AbortSignal.timeout(limits.timeoutMs);
  const timedOut = () => failure('timeout', `no complete answer within ${limits.timeoutMs} ms`);
  let response: Response;
  try {
    response = await fetch(parsed, { signal, redirect: 'follow', headers: { accept: 'image/webp,image/png,image/jpeg,image/*;q=0.8' } });
  } catch (error) {
    if (signal.aborted) return timedOut();
    return failure('network', `the request failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  const refuse = async (refusal: { ok: false; failure: ThumbnailFailure }) => {
    await response.body?.cancel().catch(() => {});
    return refusal;
  };
  if (response.status !== 200) return refuse(failure('http_status', `HTTP ${response.status}`));
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || null;
  if (contentType && !MAYBE_IMAGE.test(contentType)) return refuse(failure('not_an_image', `served as ${contentType}`));
  const declared = Number(response.headers.get('content-length'));
  if (declared > limits.maxBytes) return refuse(failure('too_large', `${declared} bytes declared, above the limit of ${limits.maxBytes}`));

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      received += next.value.byteLength;
      if (received > limits.maxBytes) {
        await reader?.cancel().catch(() => {});
        return failure('too_large', `more than ${limits.maxBytes} bytes received, the limit`);
      }
      chunks.push(next.value);
    }
  } catch (error) {
    if (signal.aborted) return timedOut();
    return failure('network', `the answer broke off: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes, contentType };
}
