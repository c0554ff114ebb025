/** Files arriving in parts over R2 multipart upload, and their parts as they land (so completion knows whether any is missing). */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Warehouse } from './db';
import { multipartPart, multipartUpload } from './schema';

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

export async function markCompleted(db: Warehouse, id: string, jobId: string) {
  await db.update(multipartUpload).set({ completedJobId: jobId }).where(eq(multipartUpload.id, id));
}

export async function markAborted(db: Warehouse, id: string) {
  await db.update(multipartUpload).set({ abortedAt: sql`now()` }).where(eq(multipartUpload.id, id));
}
