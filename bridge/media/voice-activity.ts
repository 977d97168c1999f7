// Caller speech from frame levels: onset after a short run of loud frames, end after a quiet hangover.
// It times the caller's end of speech for the latency figures and stands in for the model's barge-in
// signal with providers that do not report one.
import { levelDbfs } from './pcm';

export interface VoiceActivityOptions {
  readonly frameMs: number;
  /** A frame louder than this is voiced. */
  readonly speechDbfs?: number;
  /** Voiced time in a row that counts as the caller starting to talk (filters clicks and pops). */
  readonly onsetMs?: number;
  /** Quiet time after speech that counts as the end of speech. */
  readonly hangoverMs?: number;
}

export type VoiceChange =
  | { type: 'onset'; atMs: number }
  /** `atMs` is when the last voiced frame arrived, not when the hangover ran out. */
  | { type: 'end'; atMs: number };

export class VoiceActivity {
  private readonly speechDbfs: number;
  private readonly onsetFrames: number;
  private readonly hangoverMs: number;
  private voicedRun = 0;
  private runStartMs = 0;
  private speakingNow = false;
  private lastVoiceMs = -Infinity;
  private onsetMs = -Infinity;
  /** Level of the last frame, dBFS. */
  lastDbfs = -100;

  constructor(options: VoiceActivityOptions) {
    this.speechDbfs = options.speechDbfs ?? -40;
    this.onsetFrames = Math.max(1, Math.round((options.onsetMs ?? 40) / options.frameMs));
    this.hangoverMs = options.hangoverMs ?? 300;
  }

  get speaking(): boolean {
    return this.speakingNow;
  }

  /** Speaking, and heard recently (frames may stop arriving mid-speech when a stream stalls). */
  speakingAt(nowMs: number): boolean {
    return this.speakingNow && nowMs - this.lastVoiceMs < this.hangoverMs;
  }

  /** When the current (or last) speech started, by the arrival of its first voiced frame. */
  get onsetAtMs(): number {
    return this.onsetMs;
  }

  get lastVoiceAtMs(): number {
    return this.lastVoiceMs;
  }

  /** Feeds one frame received at `atMs`; returns a change of state, if any. */
  push(frame: Int16Array, atMs: number): VoiceChange | null {
    this.lastDbfs = levelDbfs(frame);
    if (this.lastDbfs > this.speechDbfs) {
      if (this.voicedRun === 0) this.runStartMs = atMs;
      this.voicedRun++;
      this.lastVoiceMs = atMs;
      if (!this.speakingNow && this.voicedRun >= this.onsetFrames) {
        this.speakingNow = true;
        this.onsetMs = this.runStartMs;
        return { type: 'onset', atMs: this.runStartMs };
      }
      return null;
    }
    this.voicedRun = 0;
    if (this.speakingNow && atMs - this.lastVoiceMs >= this.hangoverMs) {
      this.speakingNow = false;
      return { type: 'end', atMs: this.lastVoiceMs };
    }
    return null;
  }
}
