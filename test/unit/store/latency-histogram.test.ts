// The latency histogram behind the dashboard's daily p50/p95: within 1 % of the exact nearest-rank
// value for any data, and the same after an encode / add-encoded round trip.
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  bucketValue,
  LatencyHistogram,
  RELATIVE_ACCURACY,
} from '../../../bridge/store/latency-histogram';
import { percentileOfSorted } from '../../../bridge/store/percentile';

/** A small deterministic generator, so a failure can be reproduced. */
function numbers(seed: number, n: number, spread: (u: number) => number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return spread(x / 2 ** 31);
  });
}

describe('LatencyHistogram', () => {
  const cases: [string, number[]][] = [
    ['uniform 300–3000 ms', numbers(1, 5000, (u) => 300 + u * 2700)],
    ['long tail', numbers(2, 5000, (u) => 350 * Math.exp(3 * u ** 4))],
    ['fractional, a few values', numbers(3, 7, (u) => 200 + u * 0.9)],
    ['one value', [812.5]],
  ];
  for (const [name, values] of cases) {
    it(`reads p50 and p95 within 1 % of the exact nearest rank: ${name}`, () => {
      const h = new LatencyHistogram();
      for (const v of values) h.add(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [50, 95, 99, 100]) {
        const exact = percentileOfSorted(sorted, p)!;
        expect(Math.abs(h.percentile(p)! - exact)).toBeLessThanOrEqual(exact * RELATIVE_ACCURACY + 1e-9);
      }
      const copy = new LatencyHistogram();
      copy.addEncoded(h.encode());
      expect(copy.count).toBe(values.length);
      expect(copy.percentile(50)).toBe(h.percentile(50));
      expect(copy.percentile(95)).toBe(h.percentile(95));
    });
  }

  it('adds histograms up (days from hours) and has no percentile when empty', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    [100, 200].forEach((v) => a.add(v));
    [300, 400, 500].forEach((v) => b.add(v));
    const day = new LatencyHistogram();
    day.addEncoded(a.encode());
    day.addEncoded(b.encode());
    expect(day.count).toBe(5);
    expect(day.percentile(50)).toBeCloseTo(300, -1);
    expect(new LatencyHistogram().percentile(50)).toBeUndefined();
  });

  it('puts every latency in a bucket whose value is within 1 % of it', () => {
    for (const ms of [1.5, 12, 99.9, 480, 1234.5, 60_000]) {
      const value = bucketValue(bucketOf(ms));
      expect(Math.abs(value - ms) / ms).toBeLessThanOrEqual(RELATIVE_ACCURACY);
    }
    expect(bucketValue(bucketOf(0.4))).toBe(1);
  });
});
