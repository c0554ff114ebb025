import type { z } from 'zod';
import type { KeyPrincipal } from '../../../auth/api-keys';
import { uploadFormats } from '../../../upload-formats';
import type { UploadTarget } from '../../../uploads/formats/format';
import { getMapping } from '../../../uploads/mappings';
import type { Warehouse } from '../../../warehouse/db';
import type { ShopScope } from '../../../warehouse/reads/scope';
import { Problem } from '../../problem';
import type { uploadQuery } from './schemas';

/** What the query says the file is, its mapping looked up in the caller's shop before any byte is stored. */
export async function uploadTarget(db: Warehouse, scope: ShopScope, query: z.infer<typeof uploadQuery>): Promise<UploadTarget> {
  if (query.mapping === undefined) return { source: query.source, topic: query.topic ?? null, mapping: null };
  const mapping = await getMapping(db, scope, query.mapping);
  if (!mapping) {
    const message = `no mapping ${query.mapping} in this shop: declare one with POST /v1/mappings`;
    throw new Problem(400, message, { errors: [{ field: 'query.mapping', message }] });
  }
  return { source: query.source, topic: null, mapping: { id: mapping.id, format: mapping.format } };
}

/** Where the uploaded file is stored in R2 (the query admits only sources the upload routes take). */
export const uploadKey = (shopDomain: string, id: string, target: UploadTarget) =>
  `uploads/${shopDomain}/${id}/${target.source}.${uploadFormats[target.source].upload!.extension(target)}`;

/** The raw object's custom metadata: whose file it is and what it was uploaded as. */
export const rawMetadata = (principal: KeyPrincipal, target: UploadTarget): Record<string, string> => ({
  'shop-domain': principal.shopDomain,
  source: target.source,
  'api-key': principal.credential.keyPrefix,
  ...(target.mapping ? { 'mapping-id': target.mapping.id } : {}),
});
