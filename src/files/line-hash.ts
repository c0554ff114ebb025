import { base64, md5 } from '../lib/md5';

/**
 * Identifies an exact duplicate line of a file (the raw record's text): rejects and loaded rows of
 * a job are unique on it. Not a security boundary, so the fastest digest serves; the text form
 * (base64 of the MD5) is the one rows already stored carry.
 */
export const lineHash = (raw: string) => base64(md5(raw));
