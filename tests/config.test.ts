import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ConfigError, resyncConfig, warehouseConfig } from '../src/config';

const SHORT = 'sixteen-chars-ok';

describe('configuration of secrets', () => {
  it('refuses a PII_HASH_KEY shorter than 32 characters, naming it', () => {
    expect(() => warehouseConfig({ ...env, PII_HASH_KEY: SHORT })).toThrow(ConfigError);
    expect(() => warehouseConfig({ ...env, PII_HASH_KEY: SHORT })).toThrow(/PII_HASH_KEY: use at least 32 random characters/);
  });

  it('refuses a SHOPIFY_TOKEN_KEY shorter than 32 characters, naming it', () => {
    expect(() => resyncConfig({ ...env, SHOPIFY_TOKEN_KEY: SHORT })).toThrow(/SHOPIFY_TOKEN_KEY: use at least 32 random characters/);
  });

  it('takes a previous SHOPIFY_TOKEN_KEY of any length, so that a rotation can retire a short one', () => {
    expect(resyncConfig({ ...env, SHOPIFY_TOKEN_KEY_PREVIOUS: SHORT }).tokenKeys).toEqual([env.SHOPIFY_TOKEN_KEY, SHORT]);
  });

  it('keys email hashes per shop unless told otherwise', () => {
    expect(warehouseConfig(env).pii.hashScope).toBe('shop');
    expect(() => warehouseConfig({ ...env, PII_HASH_SCOPE: 'tenant' })).toThrow(/PII_HASH_SCOPE/);
  });
});
