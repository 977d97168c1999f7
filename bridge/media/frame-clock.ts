// One timer for every call's outbound audio. A pacer with a timer of its own wakes 50 times a second,
// so hundreds of calls mean tens of thousands of timers a second, each created, sorted and fired on
// its own. Here pacers ask to be woken at their next frame's deadline; the clock ticks on a fixed grid
// of `tickMs`, never more often than something is due, and wakes everyone due before the next tick
// together, telling them that horizon so nothing is sent late for want of a tick (at most one tick
// early instead).
import type { Clock, TimerHandle } from '../base/clock';

/** Something the frame clock wakes: it does what is due up to `horizonMs` (clock ms), then asks again. */
export interface FrameSleeper {
  wake(horizonMs: number): void;
}

export class FrameClock {
  private readonly sleepers = new Map<FrameSleeper, number>();
  private timer: TimerHandle | undefined;
  private timerAtMs = Infinity;
  /** The grid point of the last tick: the next is never before the one after it. */
  private lastTickGridMs = -Infinity;

  constructor(
    private readonly clock: Clock,
    readonly tickMs = 5,
  ) {}

  /** Wakes `sleeper` once, at `dueMs` or up to one tick before it (replacing an earlier request). */
  at(sleeper: FrameSleeper, dueMs: number): void {
    this.sleepers.set(sleeper, dueMs);
    if (this.tickAt(dueMs) < this.timerAtMs) this.arm(dueMs);
  }

  cancel(sleeper: FrameSleeper): void {
    this.sleepers.delete(sleeper);
  }

  /** How many sleepers wait (for tests and metrics). */
  get waiting(): number {
    return this.sleepers.size;
  }

  /**
   * Ticks now if a tick is due: called from the busy input paths (a caller's frame, a model's audio), so
   * frames due while the event loop works through a long phase of other callbacks leave at the next
   * callback instead of waiting for the loop to reach the timer.
   */
  poll(): void {
    if (this.timer === undefined || this.clock.nowMs() < this.timerAtMs) return;
    this.clock.clearTimeout(this.timer);
    this.tick();
  }

  private gridAt(ms: number): number {
    return Math.floor(ms / this.tickMs) * this.tickMs;
  }

  /** The tick that serves `dueMs`: its grid point, but never one already served. */
  private tickAt(dueMs: number): number {
    return Math.max(this.gridAt(dueMs), this.lastTickGridMs + this.tickMs);
  }

  private arm(dueMs: number): void {
    this.clock.clearTimeout(this.timer);
    this.timerAtMs = this.tickAt(dueMs);
    this.timer = this.clock.setTimeout(() => this.tick(), this.timerAtMs - this.clock.nowMs());
  }

  private tick(): void {
    const now = this.clock.nowMs();
    this.timer = undefined;
    this.timerAtMs = Infinity;
    this.lastTickGridMs = this.gridAt(now);
    // Everything due before the next grid point goes now: a later tick would be late for it.
    const horizonMs = this.lastTickGridMs + this.tickMs;
    const due: FrameSleeper[] = [];
    for (const [sleeper, dueMs] of this.sleepers) if (dueMs < horizonMs) due.push(sleeper);
    for (const sleeper of due) {
      this.sleepers.delete(sleeper);
      sleeper.wake(horizonMs);
    }
    let next = Infinity;
    for (const dueMs of this.sleepers.values()) next = Math.min(next, dueMs);
    if (next < Infinity && this.tickAt(next) < this.timerAtMs) this.arm(next);
  }
}
