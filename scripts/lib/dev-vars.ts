/**
 * The local secrets file (.dev.vars). A fresh checkout gets one made from .dev.vars.example with
 * random secrets, so that `npm start` works with nothing to configure.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MIN_SECRET_CHARS } from '../../src/config';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const devVarsPath = `${root}.dev.vars`;
const examplePath = `${root}.dev.vars.example`;

// Wharf's own keys: 64 random hex characters, above the 32 the configuration requires.
const OWN_SECRETS = ['PII_HASH_KEY', 'SHOPIFY_TOKEN_KEY', 'EXPORT_SIGNING_KEY'];

const GENERATED: Record<string, () => string> = {
  SHOPIFY_WEBHOOK_SECRET: () => `shpss_${randomBytes(16).toString('hex')}`,
  ...Object.fromEntries(OWN_SECRETS.map((name) => [name, () => randomBytes(32).toString('hex')])),
};

/** A file made before secrets had to be 32 characters long would fail at the Worker's first request: say so now. */
function checkOwnSecrets(vars: Record<string, string>) {
  for (const name of OWN_SECRETS) {
    const length = vars[name]?.length ?? 0;
    if (length < MIN_SECRET_CHARS) {
      throw new Error(
        `${devVarsPath}: ${name} has ${length} characters, Wharf needs at least ${MIN_SECRET_CHARS}: set it to a random value (openssl rand -hex 32)`,
      );
    }
  }
}

export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return vars;
}

/**
 * Reads .dev.vars, creating it first when missing; a secret added to Wharf since the file was
 * made is appended with a fresh random value. Returns the values and whether it was created.
 */
export function ensureDevVars(): { vars: Record<string, string>; created: boolean } {
  if (existsSync(devVarsPath)) {
    const vars = parseDevVars(readFileSync(devVarsPath, 'utf8'));
    const missing = Object.keys(GENERATED).filter((name) => !vars[name]);
    if (missing.length) {
      for (const name of missing) vars[name] = GENERATED[name]!();
      appendFileSync(devVarsPath, `${missing.map((name) => `\n${name}=${vars[name]}`).join('')}\n`);
    }
    checkOwnSecrets(vars);
    return { vars, created: false };
  }
  const text = readFileSync(examplePath, 'utf8').replace(/^([A-Z0-9_]+)=.*$/gm, (line, name: string) =>
    GENERATED[name] ? `${name}=${GENERATED[name]()}` : line,
  );
  writeFileSync(devVarsPath, text, { mode: 0o600 });
  return { vars: parseDevVars(text), created: true };
}
