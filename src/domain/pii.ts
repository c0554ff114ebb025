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

// An order carries its email twice (its own and its customer's), and customers come back: a batch
// hashes each address once. Bounded, since a policy lives as long as its consumer invocation.
const REMEMBERED_HASHES = 10_000;

export function piiPolicy(mode: EmailMode, hashKey: string): PiiPolicy {
  const hashes = new Map<string, string>();
  const hash = (email: string) => {
    const address = normalise(email);
    let digest = hashes.get(address);
    if (digest === undefined) {
      digest = createHmac('sha256', hashKey).update(address).digest('hex');
      if (hashes.size >= REMEMBERED_HASHES) hashes.clear();
      hashes.set(address, digest);
    }
    return digest;
  };
  return {
    emailHash: (email) => (email ? hash(email) : null),
    emailPlaintext: (email) => (mode === 'plaintext' && email ? normalise(email) : null),
  };
}
