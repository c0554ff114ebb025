import type { z } from 'zod';
import { decodeCursor } from '../../warehouse/reads/scope';
import { Problem } from '../problem';

/**
 * Decodes a cursor query parameter, each part checked against the schema of the key it stands for,
 * answering 400 for one that is not ours: a forged cursor never reaches a query.
 */
export function cursorKey(cursor: string | undefined, parts: readonly z.ZodType<string>[]): string[] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, parts.length);
  if (!key?.every((part, i) => parts[i]!.safeParse(part).success)) {
    throw new Problem(400, 'cursor is not valid: pass nextCursor from a previous page unchanged', {
      errors: [{ field: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return key;
}
