/**
 * The local secrets file (.dev.vars). A fresh checkout gets one made from .dev.vars.example with
 * random secrets, so that `npm start` works with nothing to configure.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const devVarsPath = `${root}.dev.vars`;
const examplePath = `${root}.dev.vars.example`;

const GENERATED: Record<string, () => string> = {
  SHOPIFY_WEBHOOK_SECRET: () => `shpss_${randomBytes(16).toString('hex')}`,
  PII_HASH_KEY: () => randomBytes(32).toString('hex'),
  SHOPIFY_TOKEN_KEY: () => randomBytes(32).toString('hex'),
};

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
      appendFileSync(devVarsPath, missing.map((name) => `\n${name}=${vars[name]}`).join('') + '\n');
    }
    return { vars, created: false };
  }
  const text = readFileSync(examplePath, 'utf8').replace(/^([A-Z0-9_]+)=.*$/gm, (line, name: string) =>
    GENERATED[name] ? `${name}=${GENERATED[name]()}` : line,
  );
  writeFileSync(devVarsPath, text, { mode: 0o600 });
  return { vars: parseDevVars(text), created: true };
}
