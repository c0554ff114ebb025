/**
 * Every query and path parameter of every partner API operation, read from the OpenAPI document,
 * sent values its schema refuses and values the warehouse could not take (ids beyond bigint, NUL
 * in text, year 0000, forged cursors), drawn from a seed. Each answers 4xx problem+json, never 500.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { apiKeyFor } from '../helpers/api';
import { uniqueShop } from '../helpers/webhooks';
import { HOSTILE_CURSORS, HOSTILE_DATES, HOSTILE_IDS, HOSTILE_INSTANTS, HOSTILE_TEXTS, type Random, seeded } from './generate';

const random = seeded(0x5eed_0002);
const ANSWER_WITHIN_MS = 5_000;

interface ParameterSchema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: string[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
}

interface Parameter {
  in: 'query' | 'path';
  name: string;
  required?: boolean;
  schema: ParameterSchema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
}

/** Values the parameter's schema refuses, or the warehouse could not take, drawn from the seed. */
function hostileValues(r: Random, parameter: Parameter): string[] {
  const { schema, name } = parameter;
  const some = <T>(values: readonly T[], count: number) => Array.from({ length: count }, () => r.pick(values));
  if (name === 'cursor') return some(HOSTILE_CURSORS, 4);
  if (schema.enum) return ['', schema.enum[0]!.toUpperCase(), `${schema.enum[0]}\u0000`, r.word(8), ...some(HOSTILE_TEXTS, 1)];
  if (schema.format === 'date') return some(HOSTILE_DATES, 4);
  if (schema.format === 'date-time') return some(HOSTILE_INSTANTS, 4);
  if (schema.type === 'integer') {
    const below = (schema.exclusiveMinimum ?? (schema.minimum ?? 1) - 1).toString();
    return [below, String((schema.maximum ?? 1000) + 1), 'abc', '1.5', 'Infinity', '1e400', r.pick(['9223372036854775808', '-1', '', '\u0000'])];
  }
  if (schema.pattern === '^\\d+$') return some(HOSTILE_IDS, 4);
  if (schema.pattern) return ['', r.word(12), `${r.word(4)}_${'0'.repeat(25)}`, ...some(HOSTILE_TEXTS, 2)];
  if (schema.maxLength !== undefined) return ['x'.repeat(schema.maxLength + 1), `${r.word(3)}\u0000`, '\u0000'];
  throw new Error(`no hostile values for ${name}: ${JSON.stringify(schema)}`);
}

/** A value the parameter takes, so that a request breaks only the parameter under test. */
function validValue(parameter: Parameter, operation: Operation): string {
  const { schema, name } = parameter;
  if (schema.enum) return name === 'source' && operation.parameters.some((p) => p.name === 'topic') ? 'shopify-jsonl' : schema.enum[0]!;
  if (schema.format === 'date') return name === 'from' ? '2025-04-01' : '2025-04-30';
  if (schema.type === 'integer') return '1';
  if (schema.pattern === '^\\d+$') return '1';
  const prefixed = /^\^(\w+)_/.exec(schema.pattern ?? '');
  if (prefixed) return `${prefixed[1]}_${'0'.repeat(25)}`;
  return 'x';
}

/** The query that names the parameter under test, and those that must go with it. */
function companions(operation: Operation, tested: Parameter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in !== 'query' || parameter === tested) continue;
    const needed = parameter.required || (tested.name === 'topic' && parameter.name === 'source') || (tested.name === 'mapping' && parameter.name === 'source');
    if (needed) query[parameter.name] = tested.name === 'mapping' && parameter.name === 'source' ? 'mapped-orders' : validValue(parameter, operation);
  }
  return query;
}

interface Case {
  name: string;
  method: string;
  url: string;
}

function casesOf(r: Random, operations: readonly Operation[]): Case[] {
  const cases: Case[] = [];
  for (const operation of operations) {
    for (const tested of operation.parameters) {
      for (const value of hostileValues(r, tested)) {
        let path = operation.path;
        for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
          const text = parameter === tested ? value : validValue(parameter, operation);
          path = path.replace(`{${parameter.name}}`, encodeURIComponent(text));
        }
        const query = new URLSearchParams(companions(operation, tested));
        if (tested.in === 'query') query.set(tested.name, value);
        const search = query.toString();
        cases.push({
          name: `${operation.method.toUpperCase()} ${operation.path} ${tested.name}=${JSON.stringify(value.slice(0, 40))}`,
          method: operation.method,
          url: `${path}${search ? `?${search}` : ''}`,
        });
      }
    }
    // A parameter the operation does not declare (the health check, outside the API, takes and ignores any).
    if (operation.path.startsWith('/v1/'))
      cases.push({
        name: `${operation.method.toUpperCase()} ${operation.path} with an unknown parameter`,
        method: operation.method,
        url: `${operation.path.replace(/\{(\w+)\}/g, (_, name: string) => validValue(operation.parameters.find((p) => p.name === name)!, operation))}?${r.word(6)}=1`,
      });
  }
  return cases;
}

const document = (await (await SELF.fetch('https://wharf.test/openapi.json')).json()) as {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
};
const operations: Operation[] = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method, path, parameters: operation.parameters ?? [] })),
);
const cases = casesOf(random, operations);

/** Keys with every scope, a new one every few requests: each key has its own rate limit. */
function keyPool() {
  let key: string | undefined;
  let uses = 0;
  return async () => {
    if (!key || uses++ >= 30) {
      key = (await apiKeyFor(uniqueShop(), ['read', 'upload', 'admin'])).key;
      uses = 1;
    }
    return key;
  };
}
const nextKey = keyPool();

describe('fuzzed partner API parameters', () => {
  it('reaches every parameter of every operation in the OpenAPI document', () => {
    const tested = new Set(cases.map((c) => c.name.split('=')[0]));
    const declared = operations.flatMap((o) => o.parameters.map((p) => `${o.method.toUpperCase()} ${o.path} ${p.name}`));
    expect(declared.filter((d) => !tested.has(d))).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: 4xx problem+json', async (_, request) => {
    const started = Date.now();
    const response = await SELF.fetch(`https://wharf.test${request.url}`, {
      method: request.method.toUpperCase(),
      headers: { authorization: `Bearer ${await nextKey()}`, 'content-type': 'text/csv' },
      body: ['post', 'put'].includes(request.method) ? 'InvoiceNo\n' : undefined,
    });
    await response.arrayBuffer();

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.status).not.toBe(429);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  });
});
