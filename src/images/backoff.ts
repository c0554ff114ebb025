/** When a source whose thumbnails failed is tried again. Pure. */

/** Fetches a failing source gets before it is left failed for good (about two days at the default backoff). */
export const MAX_THUMBNAIL_ATTEMPTS = 10;

/** Seconds until the next attempt after `attempts` failed ones: doubling from `firstSeconds`, at most a day; null once they are spent. */
export function retryInSeconds(attempts: number, firstSeconds: number): number | null {
  if (attempts >= MAX_THUMBNAIL_ATTEMPTS) return null;
  return Math.min(86_400, firstSeconds * 2 ** (attempts - 1));
}
