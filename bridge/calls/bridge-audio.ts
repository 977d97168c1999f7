// What the bridge itself plays into the caller's stream when the AI is quiet: a hold program (the
// connecting line, the place in line, hold music looped without a gap, the voicemail tone) and, once a
// person is joined, that person's voice. Everything goes through the call's pacer, so the same clock,
// level meters, listen-in taps and barge-in flush apply; nothing here waits on a socket.
import type { Clock, TimerHandle } from '../base/clock';
import { control, type ControlMessage } from '../media/carrier-protocol';
import type { Pacer } from '../media/pacer';
import type { HoldProgram } from './legs';

/** How often the music is topped up, and how much is kept queued ahead: no gap, little to flush. */
export const MUSIC_TOP_UP_EVERY_MS = 100;
export const MUSIC_QUEUED_MIN_MS = 300;
export const MUSIC_CHUNK_MS = 200;
/**
 * A joined person's voice waits here at most this long beyond the pacer's lead: frames that arrive in
 * a burst (after a stall upstream or here) drop the oldest, so the delay does not grow with each
 * hiccup for the rest of the call (measured: bench/human-leg.ts).
 */
export const AGENT_BACKLOG_MAX_MS = 40;

export interface BridgeAudioDeps {
  readonly clock: Clock;
  readonly pacer: Pacer;
  readonly frameMs: number;
  readonly sampleRateHz: number;
  readonly sendControl: (message: ControlMessage) => void;
}

export class BridgeAudio {
  private program: HoldProgram | null = null;
  private musicOffset = 0;
  private topUpTimer: TimerHandle | undefined;
  private promptTimer: TimerHandle | undefined;
  private promptWaiter: (() => void) | null = null;
  /** The agent's first frame after a pause waits one frame for the next: a frame of jitter cushion. */
  private primed: Int16Array | null = null;
  private primeTimer: TimerHandle | undefined;
  private readonly frameSamples: number;

  constructor(private readonly deps: BridgeAudioDeps) {
    this.frameSamples = Math.round((deps.sampleRateHz * deps.frameMs) / 1000);
  }

  /** Whether a hold program is playing. */
  get holding(): boolean {
    return this.program !== null;
  }

  /**
   * Replaces whatever the bridge plays with `program`: its prompts once, then its music looped.
   * Resolves when the prompts have played out at the carrier (or the program was replaced or stopped).
   */
  play(program: HoldProgram): Promise<void> {
    this.stop();
    const { pacer, clock } = this.deps;
    this.program = program;
    this.musicOffset = 0;
    // What the caller still has to hear before the prompts (nothing after the flush above, usually).
    const aheadMs = pacer.bufferedMs() + pacer.queuedMs();
    let samples = 0;
    for (const prompt of program.prompts) {
      if (prompt.length === 0) continue;
      pacer.push(prompt);
      samples += prompt.length;
    }
    if (program.music && program.music.length >= this.frameSamples) this.topUp();
    if (samples === 0) return Promise.resolve();
    const endsInMs = aheadMs + (samples / this.deps.sampleRateHz) * 1000;
    return new Promise((resolve) => {
      this.promptWaiter = resolve;
      this.promptTimer = clock.setTimeout(() => this.promptsPlayed(), endsInMs);
    });
  }

  /** Stops the program and drops what is queued (here and, as far as it listens, at the carrier). */
  stop(): void {
    const { clock, pacer } = this.deps;
    const wasPlaying = this.program !== null || this.primed !== null;
    this.program = null;
    clock.clearTimeout(this.topUpTimer);
    this.topUpTimer = undefined;
    clock.clearTimeout(this.primeTimer);
    this.primeTimer = undefined;
    this.primed = null;
    this.promptsPlayed();
    if (wasPlaying && pacer.isPlaying()) {
      pacer.flush();
      this.deps.sendControl(control.killAudio());
    }
  }

  /** One frame of the joined person's voice, as it arrives (copied: the caller keeps it). */
  agentVoice(frame: Int16Array): void {
    const { pacer, clock, frameMs } = this.deps;
    const copy = frame.slice();
    if (this.primed) {
      clock.clearTimeout(this.primeTimer);
      this.primeTimer = undefined;
      pacer.push(this.primed);
      this.primed = null;
      pacer.push(copy);
      pacer.trimQueued(AGENT_BACKLOG_MAX_MS);
      return;
    }
    if (pacer.isPlaying()) {
      pacer.push(copy);
      pacer.trimQueued(AGENT_BACKLOG_MAX_MS);
      return;
    }
    // The carrier ran dry (the first frame, or the person paused): start one frame late so a frame that
    // arrives a little late does not leave a gap.
    this.primed = copy;
    this.primeTimer = clock.setTimeout(() => {
      this.primeTimer = undefined;
      const primed = this.primed;
      this.primed = null;
      if (primed) pacer.push(primed);
    }, frameMs);
  }

  private promptsPlayed(): void {
    this.deps.clock.clearTimeout(this.promptTimer);
    this.promptTimer = undefined;
    const waiter = this.promptWaiter;
    this.promptWaiter = null;
    waiter?.();
  }

  /** Keeps about MUSIC_QUEUED_MIN_MS of music queued, in whole frames, from where the loop left off. */
  private topUp(): void {
    const music = this.program?.music;
    if (!music) return;
    const { pacer, clock, sampleRateHz } = this.deps;
    const chunkSamples =
      Math.max(1, Math.round((MUSIC_CHUNK_MS * sampleRateHz) / 1000 / this.frameSamples)) * this.frameSamples;
    while (pacer.queuedMs() < MUSIC_QUEUED_MIN_MS) {
      const chunk = new Int16Array(chunkSamples);
      let filled = 0;
      while (filled < chunkSamples) {
        const take = Math.min(chunkSamples - filled, music.length - this.musicOffset);
        chunk.set(music.subarray(this.musicOffset, this.musicOffset + take), filled);
        filled += take;
        this.musicOffset = (this.musicOffset + take) % music.length;
      }
      pacer.push(chunk);
    }
    this.topUpTimer = clock.setTimeout(() => {
      this.topUpTimer = undefined;
      this.topUp();
    }, MUSIC_TOP_UP_EVERY_MS);
  }
}
