/**
 * The warehouse's PII policy. Emails are kept as a keyed hash by default: stable enough to count
 * returning customers and join across tables, useless to whoever reads a leaked dump without the
 * key. Merchants who need the address itself opt in with PII_EMAIL_MODE=plaintext.
 *
 * The hash is keyed per shop by default: each shop's HMAC key is derived from PII_HASH_KEY and the
 * shop's domain, so the same address hashes alike within a shop and differently in two shops, and
 * no one can link a customer across tenants by their hash. PII_HASH_SCOPE=global keys every shop
 * with PII_HASH_KEY itself, for a merchant who joins their own shops' customers on purpose.
 */
import { createHmac } from 'node:crypto';

export type EmailMode = 'hash' | 'plaintext';
export type HashScope = 'shop' | 'global';

/** One shop's policy: what the row mappers use. */
export interface PiiPolicy {
  /** Keyed hash of the normalised address; the same customer hashes alike in every table of the shop. */
  emailHash(email: string | null | undefined): string | null;
  /** The address itself where the policy keeps plaintext, otherwise null. */
  emailPlaintext(email: string | null | undefined): string | null;
}

/** The policy of each shop, as an invocation that may see several shops needs it. */
export interface PiiPolicies {
  forShop(shopDomain: string): PiiPolicy;
}

export interface PiiSettings {
  emailMode: EmailMode;
  hashScope: HashScope;
  hashKey: string;
}

const normalise = (email: string) => email.trim().toLowerCase();

/** The label of the per-shop key derivation: a key derived for this purpose is used for no other. */
const EMAIL_HASH_PURPOSE = 'wharf/email-hash/';

/** A shop's HMAC key: HMAC-SHA256 as a pseudo-random function of the secret over the purpose and the shop. */
const shopHashKey = (hashKey: string, shopDomain: string) => createHmac('sha256', hashKey).update(`${EMAIL_HASH_PURPOSE}${shopDomain}`).digest();

// An order carries its email twice (its own and its customer's), and customers come back: a batch
// hashes each address once. Bounded, since a policy lives as long as its consumer invocation.
const REMEMBERED_HASHES = 10_000;

function shopPolicy(mode: EmailMode, key: string | Buffer): PiiPolicy {
  const hashes = new Map<string, string>();
  const hash = (email: string) => {
    const address = normalise(email);
    let digest = hashes.get(address);
    if (digest === undefined) {
      digest = createHmac('sha256', key).update(address).digest('hex');
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

export function piiPolicies(settings: PiiSettings): PiiPolicies {
  const shops = new Map<string, PiiPolicy>();
  const global = settings.hashScope === 'global' ? shopPolicy(settings.emailMode, settings.hashKey) : null;
  return {
    forShop(shopDomain) {
      if (global) return global;
      let policy = shops.get(shopDomain);
      if (!policy) {
        policy = shopPolicy(settings.emailMode, shopHashKey(settings.hashKey, shopDomain));
        shops.set(shopDomain, policy);
      }
      return policy;
    },
  };
}
