/**
 * The warehouse's PII policy. Emails are kept as a keyed hash by default: stable enough to count
 * returning customers and join across tables, useless to whoever reads a leaked dump without the
 * key. Merchants who need the address itself opt in with PII_EMAIL_MODE=plaintext.
 */
import { createHmac } from 'node:crypto';

export type EmailMode = 'hash' | 'plaintext';

export interface PiiPolicy {
  /** Keyed hash of the normalised address; the same customer hashes alike in every table. */
  emailHash(email: string | null | undefined): string | null;
  /** The address itself where the policy keeps plaintext, otherwise null. */
  emailPlaintext(email: string | null | undefined): string | null;
}

const normalise = (email: string) => email.trim().toLowerCase();

export function piiPolicy(mode: EmailMode, hashKey: string): PiiPolicy {
  return {
    emailHash: (email) => (email ? createHmac('sha256', hashKey).update(normalise(email)).digest('hex') : null),
    emailPlaintext: (email) => (mode === 'plaintext' && email ? normalise(email) : null),
  };
}
