import { describe, expect, it } from 'vitest';
import { MalformedBurst } from '../../../bridge/ai/malformed-burst';
import { FakeClock } from '../../../bridge/base/clock';

describe('MalformedBurst', () => {
  it('is a burst only when `count` bad frames fall within the window', () => {
    const clock = new FakeClock();
    const burst = new MalformedBurst(clock, 3, 1000);
    expect(burst.record()).toBe(false);
    clock.advance(600);
    expect(burst.record()).toBe(false);
    clock.advance(600);
    // The first is 1200 ms old: forgotten.
    expect(burst.record()).toBe(false);
    expect(burst.recent).toBe(2);
    clock.advance(100);
    expect(burst.record()).toBe(true);
  });
});
