/**
 * The OpenAPI document is valid OpenAPI 3.1. Runs in Node: the validator compiles JSON Schemas to
 * code, which the Workers runtime does not allow.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const response = await buildApp().request('/openapi.json');
    const document = await response.json();

    const result = await new Validator().validate(document as Parameters<Validator['validate']>[0]);

    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
