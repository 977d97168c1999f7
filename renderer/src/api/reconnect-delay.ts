// How long to wait before the next reconnect: doubling from a short first try, capped, with a little
// jitter so several windows do not knock on the core in step.

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/** attempt counts from 0; random01 is injected so tests are exact. */
export function reconnectDelayMs(attempt: number, random01: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.85 + 0.3 * random01()));
}
