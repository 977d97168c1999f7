import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { TokenBucket } from '../../../bridge/base/token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then refills at its rate, never above its capacity', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(clock, 3, 2);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock.advance(499);
    expect(bucket.take()).toBe(false);
    clock.advance(1);
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    clock.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});
