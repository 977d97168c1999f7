// Counts the frames a model service sent that we could not read, over a sliding window: one is a glitch
// to log and skip, a burst means the stream itself is broken and the AI leg must end.
import type { Clock } from '../base/clock';

/**
 * Bad frames within MALFORMED_BURST_WINDOW_MS that end the AI leg. A healthy stream from either service
 * carries no bad frame at all, so an odd one (a proxy hiccup, a new field we read with the wrong type)
 * costs at most one audio chunk or transcript fragment and is skipped. A stream whose format changed
 * under us, or a proxy that serves garbage, produces bad frames back to back: while the model speaks
 * both services send 10–50 messages a second, so five arrive within a fraction of a second and the
 * caller gets the apology and a person at once instead of waiting out the dead-air watchdog (8 s).
 */
export const MALFORMED_BURST_COUNT = 5;
/** Long enough to catch a slow trickle of garbage (one bad frame per turn), short enough to forget glitches. */
export const MALFORMED_BURST_WINDOW_MS = 10_000;

export class MalformedBurst {
  private readonly atMs: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly count = MALFORMED_BURST_COUNT,
    private readonly windowMs = MALFORMED_BURST_WINDOW_MS,
  ) {}

  /** Records one bad frame now; true when it completes a burst. */
  record(): boolean {
    const now = this.clock.nowMs();
    this.atMs.push(now);
    while (this.atMs.length > 0 && now - this.atMs[0]! >= this.windowMs) this.atMs.shift();
    return this.atMs.length >= this.count;
  }

  /** Bad frames within the window, as of the last one recorded. */
  get recent(): number {
    return this.atMs.length;
  }
}
