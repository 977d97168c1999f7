// Time as a dependency: real for the app, fake for tests, so pacing and timeouts are tested without sleeping.

export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Monotonic milliseconds (fractional), for intervals and pacing. */
  nowMs(): number;
  /** Wall-clock epoch milliseconds, for records. */
  epochMs(): number;
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

let nextId = 1;

export function createRealClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  return {
    nowMs: () => performance.now(),
    epochMs: () => Date.now(),
    setTimeout(fn, delayMs) {
      const id = nextId++;
      const t = setTimeout(
        () => {
          timers.delete(id);
          fn();
        },
        Math.max(0, delayMs),
      );
      timers.set(id, t);
      return { id };
    },
    clearTimeout(handle) {
      if (!handle) return;
      const t = timers.get(handle.id);
      if (t) clearTimeout(t);
      timers.delete(handle.id);
    },
  };
}

export const realClock: Clock = createRealClock();

interface FakeTimer {
  id: number;
  dueMs: number;
  fn: () => void;
}

/** A clock that moves only when told: `advance(ms)` fires due timers in order. */
export class FakeClock implements Clock {
  private current: number;
  private readonly epochBase: number;
  private timers: FakeTimer[] = [];

  constructor(startMs = 0, epochBaseMs = Date.UTC(2026, 0, 1)) {
    this.current = startMs;
    this.epochBase = epochBaseMs;
  }

  nowMs(): number {
    return this.current;
  }

  epochMs(): number {
    return this.epochBase + this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const timer = { id: nextId++, dueMs: this.current + Math.max(0, delayMs), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing each due timer at its own due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) if (t.dueMs <= target && (!next || t.dueMs < next.dueMs)) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.dueMs);
      next.fn();
    }
    this.current = target;
  }
}
