// The fakes' ear: an energy voice-activity detector over inbound PCM, in 10 ms blocks, with a minimum
// speech length (clicks are not speech) and a silence hangover (pauses inside a sentence are not its end).

export type VadEvent = { type: 'start' | 'end'; atMs: number };

export interface VadOptions {
  readonly rateHz: number;
  readonly thresholdDbfs?: number;
  readonly minSpeechMs?: number;
  readonly silenceMs?: number;
}

const BLOCK_MS = 10;

export class EnergyVad {
  private readonly blockSamples: number;
  private readonly threshold: number;
  private readonly minSpeechMs: number;
  private readonly silenceMs: number;
  private carry: number[] = [];
  private processedMs = 0;
  private voicedRunMs = 0;
  private quietRunMs = 0;
  speaking = false;
  /** Total inbound audio, ms. */
  get audioMs(): number {
    return this.processedMs;
  }

  constructor(opts: VadOptions) {
    this.blockSamples = (opts.rateHz * BLOCK_MS) / 1000;
    this.threshold = 32768 * 10 ** ((opts.thresholdDbfs ?? -40) / 20);
    this.minSpeechMs = opts.minSpeechMs ?? 60;
    this.silenceMs = opts.silenceMs ?? 500;
  }

  push(pcm: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    const samples = this.carry.length ? [...this.carry, ...pcm] : Array.from(pcm);
    let i = 0;
    for (; i + this.blockSamples <= samples.length; i += this.blockSamples) {
      let sum = 0;
      for (let j = i; j < i + this.blockSamples; j++) sum += samples[j]! * samples[j]!;
      const voiced = Math.sqrt(sum / this.blockSamples) > this.threshold;
      this.processedMs += BLOCK_MS;
      if (voiced) {
        this.voicedRunMs += BLOCK_MS;
        this.quietRunMs = 0;
        if (!this.speaking && this.voicedRunMs >= this.minSpeechMs) {
          this.speaking = true;
          events.push({ type: 'start', atMs: this.processedMs - this.voicedRunMs });
        }
      } else {
        this.voicedRunMs = 0;
        this.quietRunMs += BLOCK_MS;
        if (this.speaking && this.quietRunMs >= this.silenceMs) {
          this.speaking = false;
          events.push({ type: 'end', atMs: this.processedMs - this.quietRunMs });
        }
      }
    }
    this.carry = samples.slice(i);
    return events;
  }
}
