import { decodeCursor } from '../../warehouse/reads/scope';
import { Problem } from '../problem';

/** Decodes a cursor query parameter, answering 400 for one that is not ours. */
export function cursorKey(cursor: string | undefined, parts: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  const key = decodeCursor(cursor, parts);
  if (!key) throw new Problem(400, 'cursor is not valid: pass nextCursor from a previous page unchanged', { errors: [{ field: 'query.cursor', message: 'invalid cursor' }] });
  return key;
}
