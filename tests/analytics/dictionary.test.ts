import { describe, expect, it } from 'vitest';
import committed from '../../docs/dictionary.md?raw';
import { dataDictionary } from '../../src/warehouse/dictionary';
import { withDb } from '../helpers/warehouse';

describe('the data dictionary', () => {
  it('gives every view and column of the analytics schema a meaning', async () => {
    expect(await withDb(dataDictionary)).not.toContain('(no comment)');
  });

  it('is current in docs/dictionary.md (regenerate with npm run docs:dictionary)', async () => {
    expect(await withDb(dataDictionary)).toBe(committed);
  });
});
