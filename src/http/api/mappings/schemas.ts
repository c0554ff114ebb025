import { z } from 'zod';
import { mappingShape } from '../../../files/mapped-orders/mapping';
import type { StoredMapping } from '../../../uploads/mappings';

export const mappingIdParam = z.string().regex(/^map_[0-9a-z]{25}$/, 'expected a mapping id');

export const mappingBody = z.object({
  id: z.string(),
  name: z.string(),
  ...mappingShape,
  createdAt: z.string(),
  uploadUrl: z.string().describe('Where to POST a file this mapping reads'),
});

/** A mapping as the API shows it: the definition as declared, defaults filled in. */
export function presentMapping(mapping: StoredMapping): z.infer<typeof mappingBody> {
  const { id, name, createdAt, ...definition } = mapping;
  return { id, name, ...definition, createdAt, uploadUrl: `/v1/uploads?source=mapped-orders&mapping=${id}` };
}
