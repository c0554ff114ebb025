import { createHash } from 'node:crypto';

/**
 * Identifies an exact duplicate line of a file (the raw record's text): rejects and loaded rows of
 * a job are unique on it. Not a security boundary, so the fastest digest serves.
 */
export const lineHash = (raw: string) => createHash('md5').update(raw).digest('base64');
