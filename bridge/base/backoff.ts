// Delays before trying again: doubling from a first delay up to a cap, with jitter so that a team's
// laptops, windows or requests that failed together do not all come back at the same moment.

export interface Backoff {
  /** The delay before the first retry (before jitter). */
  readonly firstMs: number;
  /** The longest delay (before jitter); Infinity for none. */
  readonly maxMs: number;
  /** Each delay is its value ± this fraction, at random (0.2: from 80 % to 120 %). */
  readonly jitter: number;
}

/** The delay before retry `attempt` (0 for the first). */
export function backoffDelayMs(
  backoff: Backoff,
  attempt: number,
  random01: () => number = Math.random,
): number {
  const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 - backoff.jitter + 2 * backoff.jitter * random01()));
}
