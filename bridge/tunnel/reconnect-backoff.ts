// Delay before reopening a tunnel that ended or failed: exponential from 1 s, capped, with a little
// jitter so a team's laptops do not retry in lockstep.

export const RECONNECT_BASE_MS = 1000;
export const RECONNECT_MAX_MS = 60_000;

export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(exp * (0.8 + 0.4 * random()));
}
