// The retry delays: doubling from the first delay to the cap, jitter within its fraction either way.
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, type Backoff } from '../../../bridge/base/backoff';

const mid = () => 0.5;

describe('backoffDelayMs', () => {
  const b: Backoff = { firstMs: 1000, maxMs: 60_000, jitter: 0.2 };

  it('doubles from the first delay and stops at the cap', () => {
    expect([0, 1, 2, 3, 5, 6, 20].map((a) => backoffDelayMs(b, a, mid))).toEqual([
      1000, 2000, 4000, 8000, 32_000, 60_000, 60_000,
    ]);
  });

  it('spreads each delay by the jitter fraction either way', () => {
    expect(backoffDelayMs(b, 0, () => 0)).toBe(800);
    expect(backoffDelayMs(b, 0, () => 1)).toBe(1200);
    expect(backoffDelayMs({ ...b, jitter: 0 }, 2, () => 0.9)).toBe(4000);
  });

  it('treats a negative attempt as the first, and has no cap when told so', () => {
    expect(backoffDelayMs(b, -3, mid)).toBe(1000);
    expect(backoffDelayMs({ ...b, maxMs: Infinity }, 10, mid)).toBe(1_024_000);
  });
});
