/** Reading an R2 object in ranges, so that memory stays flat whatever the file's size. */

const WINDOW = 8 * 1024 * 1024;

export async function* objectWindows(bucket: R2Bucket, key: string, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < size; offset += WINDOW) {
    const part = await bucket.get(key, { range: { offset, length: Math.min(WINDOW, size - offset) } });
    if (!part) throw new Error(`raw object ${key} disappeared while reading it`);
    yield new Uint8Array(await part.arrayBuffer());
  }
}

export async function readRange(bucket: R2Bucket, key: string, start: number, end: number): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array();
  const part = await bucket.get(key, { range: { offset: start, length: end - start } });
  if (!part) throw new Error(`raw object ${key} is missing`);
  return new Uint8Array(await part.arrayBuffer());
}
