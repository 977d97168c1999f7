import { describe, expect, it } from 'vitest';
import { Ticker } from '../../../../../renderer/src/shared/state/ticker';

describe('Ticker', () => {
  it('ticks only while someone listens', () => {
    let now = 1000;
    let running: (() => void) | null = null;
    const ticker = new Ticker({
      now: () => now,
      every: (fn) => {
        running = fn;
        return () => (running = null);
      },
    });
    expect(running).toBeNull();
    let seen = 0;
    const off = ticker.subscribe(() => seen++);
    now = 2000;
    running!();
    expect(ticker.get()).toBe(2000);
    expect(seen).toBe(1);
    off();
    expect(running).toBeNull();
  });
});
