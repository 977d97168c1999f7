// A token bucket on an injected clock: `capacity` tokens at most, refilled at `refillPerS`; each take()
// spends one. Used to cap how fast unknown callers can make the app open calls (and AI sessions).
import type { Clock } from './clock';

export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
    private readonly refillPerS: number,
  ) {
    this.tokens = capacity;
    this.lastMs = clock.nowMs();
  }

  /** Spends a token; false when none is left. */
  take(): boolean {
    const now = this.clock.nowMs();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.lastMs) / 1000) * this.refillPerS);
    this.lastMs = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
