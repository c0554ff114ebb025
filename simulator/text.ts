/** Small text helpers for generated names. */

export function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

export function kebab(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `base`, or `base-2`, `base-3`, ... whichever is not taken yet; records it as taken. */
export function uniqueHandle(taken: Set<string>, base: string): string {
  let handle = base;
  for (let n = 2; taken.has(handle); n++) handle = `${base}-${n}`;
  taken.add(handle);
  return handle;
}
