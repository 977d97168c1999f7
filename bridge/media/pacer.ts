// Real-time outbound audio: model audio (which arrives faster than real time) waits here and leaves
// in fixed frames, keeping at most `leadMs` buffered at the carrier, so a barge-in flush drops what the
// caller has not heard yet. The schedule is anchored on the carrier's playout timeline (frame n plays
// at anchor + n × frameMs), never on accumulated timeouts: a late timer sends the frames that are due
// and the next deadline stays on the grid, so a long call does not drift. Many calls share one
// FrameClock (frame-clock.ts) instead of a timer each.
import type { Clock, TimerHandle } from '../base/clock';
import type { FrameClock, FrameSleeper } from './frame-clock';

export interface PacerOptions {
  readonly clock: Clock;
  readonly frameMs: number;
  readonly sampleRateHz: number;
  /** Audio kept buffered at the carrier ahead of playout (at least one frame). */
  readonly leadMs: number;
  /**
   * Wakes this pacer for its deadlines together with other calls' pacers (one timer for all; a frame
   * may then leave up to one tick early, so the carrier holds up to `leadMs` plus a tick); without it
   * the pacer sets a timer of its own on `clock`.
   */
  readonly frameClock?: FrameClock;
  /** Writes one frame. The array is not reused by the pacer (safe for a socket to hold). */
  readonly send: (frame: Int16Array) => void;
  /** The first frame of a reply (after `startReply`) was written. */
  readonly onFirstFrame?: () => void;
  /** Everything sent has been played out and no reply is open. */
  readonly onDrained?: () => void;
}

/** Tolerance for float clock arithmetic: a deadline this close counts as reached. */
const EPSILON_MS = 1e-6;

export class Pacer {
  readonly frameSamples: number;
  private readonly frameMs: number;
  private readonly leadMs: number;
  /** Unsent chunks; `headOffset` samples of the first are already sent. */
  private queue: Int16Array[] = [];
  private headOffset = 0;
  private queuedSamples = 0;
  /** When the carrier finishes playing everything sent so far (clock ms); in the past when idle. */
  private playoutEndMs = -Infinity;
  private timer: TimerHandle | undefined;
  private timerDueMs = Infinity;
  private replyOpen = false;
  private replyFirstFramePending = false;
  private replySentMs = 0;
  private drainPending = false;
  private stopped = false;
  /** This pacer as the frame clock knows it. */
  private readonly sleeper: FrameSleeper = { wake: (horizonMs) => this.onWake(horizonMs) };

  constructor(private readonly options: PacerOptions) {
    this.frameMs = options.frameMs;
    this.frameSamples = Math.round((options.sampleRateHz * options.frameMs) / 1000);
    this.leadMs = Math.max(options.leadMs, options.frameMs);
  }

  /** Starts a new reply: its first frame triggers `onFirstFrame`; `heardMs` counts from it. */
  startReply(): void {
    this.replyOpen = true;
    this.replyFirstFramePending = true;
    this.replySentMs = 0;
  }

  /** Queues audio (any length); sends at once whatever is due. The pacer keeps `samples`: do not reuse it. */
  push(samples: Int16Array): void {
    if (this.stopped || samples.length === 0) return;
    this.queue.push(samples);
    this.queuedSamples += samples.length;
    this.pump();
  }

  /** No more audio for this reply: a partial last frame is padded and sent, then `onDrained`. */
  endOfReply(): void {
    this.replyOpen = false;
    this.pump();
  }

  /** Drops everything not yet sent (barge-in); the carrier is told separately to drop its buffer. */
  flush(): { droppedMs: number } {
    const droppedMs = this.queuedMs();
    this.clearQueue();
    this.replyOpen = false;
    this.replyFirstFramePending = false;
    this.drainPending = false;
    const now = this.options.clock.nowMs();
    if (this.playoutEndMs > now) this.playoutEndMs = now;
    this.cancelTimer();
    return { droppedMs };
  }

  /**
   * Drops the oldest queued audio beyond `maxMs`, in whole frames (what the carrier holds is not
   * touched): live voice that arrived in a burst catches up instead of lagging from then on.
   */
  trimQueued(maxMs: number): { droppedMs: number } {
    const keepSamples = Math.floor(maxMs / this.frameMs) * this.frameSamples;
    const excess = this.queuedSamples - keepSamples;
    if (excess < this.frameSamples) return { droppedMs: 0 };
    let drop = Math.floor(excess / this.frameSamples) * this.frameSamples;
    const droppedMs = (drop / this.frameSamples) * this.frameMs;
    while (drop > 0) {
      const take = Math.min(drop, this.queue[0]!.length - this.headOffset);
      this.advance(take);
      drop -= take;
    }
    return { droppedMs };
  }

  /** ms of the current (or last) reply the caller has heard: sent minus still buffered at the carrier. */
  heardMs(): number {
    return Math.max(0, this.replySentMs - this.bufferedMs());
  }

  /** ms sent to the carrier and not yet played (by our estimate of its playout). */
  bufferedMs(): number {
    return Math.max(0, this.playoutEndMs - this.options.clock.nowMs());
  }

  /** ms waiting in our queue. */
  queuedMs(): number {
    return (this.queuedSamples / this.frameSamples) * this.frameMs;
  }

  /** True while a reply is open or audio is queued here or still playing at the carrier. */
  isPlaying(): boolean {
    return this.replyOpen || this.queuedSamples > 0 || this.bufferedMs() > EPSILON_MS;
  }

  stop(): void {
    this.stopped = true;
    this.clearQueue();
    this.replyOpen = false;
    this.drainPending = false;
    this.cancelTimer();
  }

  private onWake(horizonMs: number): void {
    this.timerDueMs = Infinity;
    this.pump(horizonMs);
  }

  /**
   * Sends every frame whose deadline is due by `horizonMs` (now, unless the frame clock wakes us for
   * everything due before its next tick), then asks to be woken for the next deadline on the grid.
   */
  private pump(horizonMs = -Infinity): void {
    if (this.stopped) return;
    const now = this.options.clock.nowMs();
    const horizon = Math.max(now, horizonMs);
    // The carrier ran dry (start of a reply, or the model fell behind): the grid restarts from now.
    if (this.playoutEndMs < now) this.playoutEndMs = now;
    while (this.playoutEndMs + this.frameMs - horizon <= this.leadMs + EPSILON_MS) {
      const frame = this.nextFrame();
      if (!frame) break;
      this.playoutEndMs += this.frameMs;
      this.replySentMs += this.frameMs;
      this.drainPending = true;
      this.options.send(frame);
      if (this.stopped) return;
      if (this.replyFirstFramePending) {
        this.replyFirstFramePending = false;
        this.options.onFirstFrame?.();
        if (this.stopped) return;
      }
    }
    this.schedule(now);
  }

  private schedule(now: number): void {
    let dueMs: number;
    if (this.hasFrame()) dueMs = this.playoutEndMs + this.frameMs - this.leadMs;
    else if (this.drainPending && !this.replyOpen && this.queuedSamples === 0) dueMs = this.playoutEndMs;
    else dueMs = Infinity;
    if (dueMs === Infinity) {
      this.cancelTimer();
      return;
    }
    if (dueMs <= now + EPSILON_MS && !this.hasFrame()) {
      this.drained();
      return;
    }
    if (this.timerDueMs === dueMs) return;
    this.cancelTimer();
    this.timerDueMs = dueMs;
    if (this.options.frameClock) {
      this.options.frameClock.at(this.sleeper, dueMs);
      return;
    }
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.timerDueMs = Infinity;
      this.pump();
    }, dueMs - now);
  }

  private drained(): void {
    this.cancelTimer();
    this.drainPending = false;
    this.options.onDrained?.();
  }

  /** A whole frame is queued, or the reply is over and a partial frame remains. */
  private hasFrame(): boolean {
    return this.queuedSamples >= this.frameSamples || (!this.replyOpen && this.queuedSamples > 0);
  }

  /** The next frame: a view when it lies inside one chunk, else a new array (padded at the end of a reply). */
  private nextFrame(): Int16Array | null {
    if (!this.hasFrame()) return null;
    const n = this.frameSamples;
    const head = this.queue[0]!;
    if (head.length - this.headOffset >= n) {
      const frame = head.subarray(this.headOffset, this.headOffset + n);
      this.advance(n);
      return frame;
    }
    const frame = new Int16Array(n);
    let filled = 0;
    while (filled < n && this.queue.length > 0) {
      const chunk = this.queue[0]!;
      const take = Math.min(n - filled, chunk.length - this.headOffset);
      frame.set(chunk.subarray(this.headOffset, this.headOffset + take), filled);
      filled += take;
      this.advance(take);
    }
    return frame;
  }

  private advance(samples: number): void {
    this.headOffset += samples;
    this.queuedSamples -= samples;
    if (this.headOffset >= this.queue[0]!.length) {
      this.queue.shift();
      this.headOffset = 0;
    }
  }

  private clearQueue(): void {
    this.queue = [];
    this.headOffset = 0;
    this.queuedSamples = 0;
  }

  private cancelTimer(): void {
    this.timerDueMs = Infinity;
    this.options.frameClock?.cancel(this.sleeper);
    if (!this.timer) return;
    this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
