// Plays 16 kHz PCM blocks as they arrive with Web Audio: each block is scheduled right after the
// previous one, a small lead ahead of now. After a gap (underrun) it restarts at now + lead; if it
// falls too far behind real time (a throttled tab) it drops blocks rather than letting delay grow.
import { int16ToFloat32 } from './pcm';

/** The part of an AudioContext the player uses (a real one fits; tests pass a fake). */
export interface AudioOutput {
  readonly currentTime: number;
  readonly destination: unknown;
  createBuffer(
    channels: number,
    length: number,
    sampleRateHz: number,
  ): { getChannelData(ch: number): Float32Array };
  createBufferSource(): {
    buffer: unknown;
    connect(node: unknown): unknown;
    start(whenS: number): void;
  };
}

export interface PcmPlayerOptions {
  readonly sampleRateHz: number;
  readonly leadMs?: number;
  readonly maxDelayMs?: number;
  /** Where to connect sources (a gain node, or the context's destination). */
  readonly output?: unknown;
}

export class PcmPlayer {
  private nextStartS = 0;
  private readonly leadS: number;
  private readonly maxDelayS: number;
  playedMs = 0;
  droppedMs = 0;

  constructor(
    private readonly ctx: AudioOutput,
    private readonly options: PcmPlayerOptions,
  ) {
    this.leadS = (options.leadMs ?? 120) / 1000;
    this.maxDelayS = (options.maxDelayMs ?? 1000) / 1000;
  }

  push(samples: Int16Array): void {
    if (samples.length === 0) return;
    const durationS = samples.length / this.options.sampleRateHz;
    const now = this.ctx.currentTime;
    if (this.nextStartS < now) this.nextStartS = now + this.leadS;
    if (this.nextStartS - now > this.maxDelayS) {
      this.droppedMs += durationS * 1000;
      return;
    }
    const buffer = this.ctx.createBuffer(1, samples.length, this.options.sampleRateHz);
    int16ToFloat32(samples, buffer.getChannelData(0));
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.options.output ?? this.ctx.destination);
    source.start(this.nextStartS);
    this.nextStartS += durationS;
    this.playedMs += durationS * 1000;
  }

  /** Forget the schedule (after a barge-in or a pause): the next block starts fresh. */
  reset(): void {
    this.nextStartS = 0;
  }
}
