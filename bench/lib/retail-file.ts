/** The retail CSV of ../shared/datagen, written to a file, with the generator's counts of what it injected. */

import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './stack';

export interface RetailStats {
  rows: number;
  cancellations: number;
  duplicates: number;
  badPrice: number;
  badQuantity: number;
  badDate: number;
}

/** Writes `rows` rows (the generator's default, 541,909, when omitted) to `dir/retail.csv`. */
export function generateRetailFile(dir: string, rows?: number): { file: string; stats: RetailStats } {
  const file = join(dir, 'retail.csv');
  const out = openSync(file, 'w');
  try {
    const args = [join(root, '../shared/datagen/retail-csv.mjs'), '--stats', ...(rows === undefined ? [] : ['--rows', String(rows)])];
    const run = spawnSync('node', args, { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`the generator failed: ${run.stderr}`);
    return { file, stats: JSON.parse(run.stderr) as RetailStats };
  } finally {
    closeSync(out);
  }
}
