/**
 * The anomaly detector on daily figures against the same weekday's baseline. A shop selling about
 * 100 orders on weekdays and 40 at weekends; the day judged is the last one.
 */
import { describe, expect, it } from 'vitest';
import { type DailyFigure, weekdayAnomaly } from '../../src/domain/anomaly';

/** 43 days ending on a Monday (2026-11-30), weekdays 100 ± 3, weekends 40 ± 2, then `last` on that Monday. */
function history(last: number, endingOn = '2026-11-30'): DailyFigure[] {
  const wobble = [0, 3, -2, 1, -3, 2, -1];
  const end = Date.parse(`${endingOn}T00:00:00Z`);
  return Array.from({ length: 43 }, (_, i) => {
    const date = new Date(end - (42 - i) * 86_400_000);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const value = i === 42 ? last : (weekend ? 40 : 100) + (weekend ? Math.sign(wobble[i % 7]!) * 2 : wobble[i % 7]!);
    return { date: date.toISOString().slice(0, 10), value };
  });
}

describe('weekday anomalies', () => {
  it('flags a day 80 % below its weekday', () => {
    const days = history(20);
    // The six Mondays before: i = 35, 28, 21, 14, 7, 0 → wobble[0] each time: 100 × 6.
    // Median 100, MAD 0, floored at 5 % of 100 = 5; z = 0.6745 × (20 − 100) / 5 = −10.79.
    expect(weekdayAnomaly(days)).toEqual({
      date: '2026-11-30',
      value: 20,
      baseline: [100, 100, 100, 100, 100, 100],
      median: 100,
      mad: 5,
      score: -10.79,
      anomalous: true,
    });
  });

  it('does not flag a Sunday for being a weekend', () => {
    // Ending on Sunday 2026-11-29: the Sundays before are i = 35, 28, …, whose wobble is 0: 40 each.
    const anomaly = weekdayAnomaly(history(41, '2026-11-29'));

    expect(anomaly).toMatchObject({ date: '2026-11-29', value: 41, median: 40, anomalous: false });
    // MAD 0, floored at max(5 % of 40, 1) = 2: z = 0.6745 × (41 − 40) / 2 = 0.34.
    expect(anomaly!.score).toBe(0.34);
  });

  it('flags a spike as well as a drop', () => {
    expect(weekdayAnomaly(history(180))?.anomalous).toBe(true);
  });

  it('says nothing without four earlier weeks of the weekday', () => {
    expect(weekdayAnomaly(history(20).slice(-22))).toBeNull();
  });
});
