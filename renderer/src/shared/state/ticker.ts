// The current time, ticking once a second while anyone shows a running duration; idle otherwise.
import type { ReadableStore } from './external-store';

export interface TickerTimers {
  now(): number;
  every(fn: () => void, ms: number): () => void;
}

export class Ticker implements ReadableStore<number> {
  private value: number;
  private stop: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly timers: TickerTimers,
    private readonly periodMs = 1000,
  ) {
    this.value = timers.now();
  }

  readonly get = (): number => this.value;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.stop) {
      this.value = this.timers.now();
      this.stop = this.timers.every(() => {
        this.value = this.timers.now();
        for (const fn of [...this.listeners]) fn();
      }, this.periodMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.stop) {
        this.stop();
        this.stop = null;
      }
    };
  };
}

export const wallClock = new Ticker({
  now: () => Date.now(),
  every: (fn, ms) => {
    const h = setInterval(fn, ms);
    return () => clearInterval(h);
  },
});
