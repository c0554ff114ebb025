import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ConfigError, consoleAccessConfig, resyncConfig, warehouseConfig } from '../src/config';

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

describe('configuration of the console behind Cloudflare Access', () => {
  const access = {
    CONSOLE_ACCESS_TEAM_DOMAIN: 'https://wharf-ops.cloudflareaccess.com/',
    CONSOLE_ACCESS_AUD: '32eafc7626e974616deaf0dc3ce63d7bcbed58a2731e84d06bc3cdf1b53c4228',
    CONSOLE_ACCESS_ADMINS: 'Ops@Wharf.test, oncall@wharf.test',
    CONSOLE_ACCESS_SHOPS: '*',
  };

  it('is off while neither the team domain nor the AUD tag is set', () => {
    expect(consoleAccessConfig(env)).toBeUndefined();
  });

  it('reads the team domain as Access writes it in iss, the admins lower-cased, and * as every shop', () => {
    expect(consoleAccessConfig({ ...env, ...access })).toEqual({
      teamDomain: 'https://wharf-ops.cloudflareaccess.com',
      aud: access.CONSOLE_ACCESS_AUD,
      admins: ['ops@wharf.test', 'oncall@wharf.test'],
      shops: '*',
    });
  });

  it('refuses half of it, naming each setting that is missing', () => {
    const half = { ...env, CONSOLE_ACCESS_TEAM_DOMAIN: access.CONSOLE_ACCESS_TEAM_DOMAIN };

    expect(() => consoleAccessConfig(half)).toThrow(ConfigError);
    expect(() => consoleAccessConfig(half)).toThrow(/CONSOLE_ACCESS_AUD: required.*CONSOLE_ACCESS_ADMINS: required.*CONSOLE_ACCESS_SHOPS: required/);
  });

  it('refuses a team domain that is not https', () => {
    expect(() => consoleAccessConfig({ ...env, ...access, CONSOLE_ACCESS_TEAM_DOMAIN: 'http://wharf-ops.cloudflareaccess.com' })).toThrow(
      /CONSOLE_ACCESS_TEAM_DOMAIN: expected https:\/\/<team>\.cloudflareaccess\.com/,
    );
  });

  it('refuses admins that are not email addresses', () => {
    expect(() => consoleAccessConfig({ ...env, ...access, CONSOLE_ACCESS_ADMINS: 'ops@wharf.test, operators' })).toThrow(
      /CONSOLE_ACCESS_ADMINS: not email addresses: operators/,
    );
  });
});
