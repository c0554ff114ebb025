/**
 * Streams a bulk operation's result from its URL into R2 without holding it in memory. With a
 * Content-Length the body streams straight into one object; without one it goes up in parts.
 */
const PART_BYTES = 10 * 1024 * 1024;

export async function downloadToR2(bucket: R2Bucket, url: string, key: string, metadata: Record<string, string>): Promise<number> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`bulk result download failed: HTTP ${response.status} for ${key}`);
  const length = Number(response.headers.get('content-length'));
  if (Number.isInteger(length) && length >= 0 && response.headers.has('content-length')) {
    const sized = new FixedLengthStream(length);
    const [, stored] = await Promise.all([response.body.pipeTo(sized.writable), bucket.put(key, sized.readable, { customMetadata: metadata })]);
    return stored?.size ?? length;
  }
  return uploadInParts(bucket, response.body, key, metadata);
}

export async function uploadInParts(bucket: R2Bucket, body: ReadableStream<Uint8Array>, key: string, metadata: Record<string, string>): Promise<number> {
  const upload = await bucket.createMultipartUpload(key, { customMetadata: metadata });
  const parts: R2UploadedPart[] = [];
  let buffered: Uint8Array[] = [];
  let bufferedBytes = 0;
  let total = 0;
  const flush = async () => {
    const part = new Uint8Array(bufferedBytes);
    let offset = 0;
    for (const piece of buffered) {
      part.set(piece, offset);
      offset += piece.byteLength;
    }
    parts.push(await upload.uploadPart(parts.length + 1, part));
    buffered = [];
    bufferedBytes = 0;
  };
  try {
    for await (const piece of body) {
      buffered.push(piece);
      bufferedBytes += piece.byteLength;
      total += piece.byteLength;
      if (bufferedBytes >= PART_BYTES) await flush();
    }
    if (bufferedBytes > 0 || parts.length === 0) await flush();
    await upload.complete(parts);
    return total;
  } catch (error) {
    await upload.abort();
    throw error;
  }
}
