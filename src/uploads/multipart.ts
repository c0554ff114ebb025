/**
 * Files above the Worker's body limit arrive in parts over R2 multipart upload: begin, PUT each
 * part (at least 5 MiB except the last), complete (which creates the job) or abort. Parts are
 * recorded as they land (src/warehouse/multipart-uploads.ts), so completion knows whether any is missing.
 */

/** The parts must run 1..n without a gap: anything else is a truncated upload. */
export function missingParts(partNumbers: readonly number[]): number[] {
  const present = new Set(partNumbers);
  const highest = Math.max(0, ...partNumbers);
  return Array.from({ length: highest }, (_, i) => i + 1).filter((n) => !present.has(n));
}
