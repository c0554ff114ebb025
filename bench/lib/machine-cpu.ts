/** The whole machine's CPU time from /proc/stat (Linux only), for the share of it a run used. */
import { readFileSync } from 'node:fs';

export interface MachineCpu {
  busy: number;
  total: number;
}

/** Cumulative ticks of all cores: busy (everything but idle and iowait) and total. */
export function machineCpu(): MachineCpu {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, ticks) => sum + ticks, 0);
  const [, , , idle, iowait] = fields as [number, number, number, number, number];
  return { busy: total - idle - iowait, total };
}

/** The share of all cores that was busy between two readings, 0–1. */
export const busyShare = (from: MachineCpu, to: MachineCpu) => (to.busy - from.busy) / (to.total - from.total);
