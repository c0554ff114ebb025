/**
 * Whether a day's figure is out of line with the same weekday of the previous weeks: the modified
 * z-score of Iglewicz and Hoaglin, 0.6745 × (value − median) / MAD over those weekdays, anomalous
 * beyond 3.5 either way. Comparing a Sunday with Sundays keeps a shop's ordinary weekly rhythm
 * from looking like news; the median and the median absolute deviation keep one odd week in the
 * baseline from moving it. The MAD is floored at 5 % of the median (and at 1), so that a very
 * regular history does not turn a small wobble into an anomaly.
 */
export interface DailyFigure {
  date: string;
  value: number;
}

export interface Anomaly {
  date: string;
  value: number;
  baseline: number[];
  median: number;
  mad: number;
  score: number;
  anomalous: boolean;
}

export const ANOMALY_SCORE = 3.5;
const MIN_BASELINE = 4;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The last day of `days` (consecutive, oldest first) against up to `weeks` same weekdays before it; null without enough history. */
export function weekdayAnomaly(days: readonly DailyFigure[], weeks = 6): Anomaly | null {
  const day = days.at(-1);
  if (!day) return null;
  const baseline: number[] = [];
  for (let back = 1; back <= weeks; back++) {
    const earlier = days[days.length - 1 - 7 * back];
    if (earlier) baseline.push(earlier.value);
  }
  if (baseline.length < MIN_BASELINE) return null;
  const middle = median(baseline);
  const mad = Math.max(median(baseline.map((v) => Math.abs(v - middle))), 0.05 * Math.abs(middle), 1);
  const score = (0.6745 * (day.value - middle)) / mad;
  return { date: day.date, value: day.value, baseline, median: middle, mad, score: Math.round(score * 100) / 100, anomalous: Math.abs(score) > ANOMALY_SCORE };
}
