/**
 * Files above the Worker's body limit arrive in parts over R2 multipart upload: begin, PUT each
 * part (at least 5 MiB except the last), complete (which creates the job) or abort. Parts are
 * recorded as they land, so completion knows whether any is missing.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Warehouse } from '../warehouse/db';
import { multipartPart, multipartUpload } from '../warehouse/schema';

export type MultipartUpload = typeof multipartUpload.$inferSelect;

export async function beginMultipart(db: Warehouse, upload: typeof multipartUpload.$inferInsert) {
  await db.insert(multipartUpload).values(upload);
}

export async function openMultipart(db: Warehouse, shopId: number, id: string): Promise<MultipartUpload | undefined> {
  const [upload] = await db
    .select()
    .from(multipartUpload)
    .where(and(eq(multipartUpload.id, id), eq(multipartUpload.shopId, shopId)));
  return upload;
}

export async function recordPart(db: Warehouse, uploadId: string, part: R2UploadedPart, bytes: number) {
  await db
    .insert(multipartPart)
    .values({ uploadId, partNumber: part.partNumber, etag: part.etag, bytes })
    .onConflictDoUpdate({ target: [multipartPart.uploadId, multipartPart.partNumber], set: { etag: part.etag, bytes } });
}

export async function partsOf(db: Warehouse, uploadId: string) {
  return db.select().from(multipartPart).where(eq(multipartPart.uploadId, uploadId)).orderBy(asc(multipartPart.partNumber));
}

/** The parts must run 1..n without a gap: anything else is a truncated upload. */
export function missingParts(partNumbers: readonly number[]): number[] {
  const present = new Set(partNumbers);
  const highest = Math.max(0, ...partNumbers);
  return Array.from({ length: highest }, (_, i) => i + 1).filter((n) => !present.has(n));
}

export async function markCompleted(db: Warehouse, id: string, jobId: string) {
  await db.update(multipartUpload).set({ completedJobId: jobId }).where(eq(multipartUpload.id, id));
}

export async function markAborted(db: Warehouse, id: string) {
  await db.update(multipartUpload).set({ abortedAt: sql`now()` }).where(eq(multipartUpload.id, id));
}

