// A voicemail recorded by the bridge from the caller's stream (no carrier <Record>, so it works on a
// streamed call): after the voicemail line and a tone, the caller's frames are kept until they stop
// talking, the length limit, or a long silence; the message is written as a 16 kHz WAV in the data
// folder (mode 0600: it is the caller's voice) and the call log keeps its file name.
import type { CarrierCallSid } from '../domain/ids';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import type { Clock, TimerHandle } from '../base/clock';
import { levelDbfs } from '../media/pcm';
import { encodeWav } from '../media/wav';

export const VOICEMAIL_RATE_HZ = 16_000;
/** A frame above this is speech (a phone line's hiss sits far below). */
const SPEECH_DBFS = -45;
/** After speech, this much quiet ends the message. */
export const VOICEMAIL_END_SILENCE_MS = 4000;
/** With no speech at all for this long, the caller is not leaving a message. */
export const VOICEMAIL_NO_SPEECH_MS = 10_000;
const FRAME_MS = 20;

/** The tone before recording: 400 ms at 1 kHz, faded at both ends. */
export function voicemailTone(): Int16Array {
  const n = (VOICEMAIL_RATE_HZ * 400) / 1000;
  const out = new Int16Array(n);
  const fade = VOICEMAIL_RATE_HZ * 0.01;
  for (let i = 0; i < n; i++) {
    const env = Math.min(1, i / fade, (n - i) / fade);
    out[i] = Math.round(0.3 * 32767 * env * Math.sin((2 * Math.PI * 1000 * i) / VOICEMAIL_RATE_HZ));
  }
  return out;
}

/** Where a call's voicemail lives, relative to the data folder (the call id made file-safe). */
export function voicemailFileFor(callSid: CarrierCallSid): string {
  return path.join('voicemail', `${callSid.replace(/[^\w.-]/g, '_').slice(0, 120)}.wav`);
}

export interface VoicemailResult {
  /** Relative to the data folder; absent when nothing was said (or it could not be written). */
  readonly file?: string;
  readonly durationS: number;
  readonly heardSpeech: boolean;
  /** Why the message could not be written (a full disk, a read-only folder). */
  readonly error?: string;
}

export interface VoicemailRecorderDeps {
  readonly clock: Clock;
  readonly dataDir: string;
  readonly callSid: CarrierCallSid;
  readonly maxLengthS: number;
  /** The recording ended by itself (silence, length): the message is saved. */
  readonly onDone: (result: VoicemailResult) => void;
}

export class VoicemailRecorder {
  private readonly frames: Int16Array[] = [];
  private heardSpeech = false;
  private quietMs = 0;
  private done = false;
  private limitTimer: TimerHandle | undefined;

  constructor(private readonly deps: VoicemailRecorderDeps) {}

  /** Starts the length limit; feed every caller frame to `frame`. */
  start(): void {
    this.limitTimer = this.deps.clock.setTimeout(() => this.finish(), this.deps.maxLengthS * 1000);
  }

  frame(frame: Int16Array): void {
    if (this.done) return;
    this.frames.push(frame.slice());
    if (levelDbfs(frame) > SPEECH_DBFS) {
      this.heardSpeech = true;
      this.quietMs = 0;
      return;
    }
    this.quietMs += FRAME_MS;
    if (this.heardSpeech ? this.quietMs >= VOICEMAIL_END_SILENCE_MS : this.quietMs >= VOICEMAIL_NO_SPEECH_MS)
      this.finish();
  }

  /** Ends now (the caller hung up, or the call ended): what was said is kept. */
  finish(): VoicemailResult | null {
    if (this.done) return null;
    this.done = true;
    this.deps.clock.clearTimeout(this.limitTimer);
    let result: VoicemailResult;
    try {
      result = this.save();
    } catch (err) {
      result = {
        durationS: (this.frames.length * FRAME_MS) / 1000,
        heardSpeech: this.heardSpeech,
        error: err instanceof Error ? err.message : String(err),
      };
    }
    this.deps.onDone(result);
    return result;
  }

  private save(): VoicemailResult {
    // The trailing silence that ended the message is not kept.
    let keep = this.frames.length;
    if (this.heardSpeech) keep = Math.max(0, keep - Math.floor(this.quietMs / FRAME_MS));
    const samples = this.frames.slice(0, keep);
    const durationS = (samples.length * FRAME_MS) / 1000;
    if (!this.heardSpeech || samples.length === 0) return { durationS, heardSpeech: false };
    const pcm = new Int16Array(samples.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of samples) {
      pcm.set(f, at);
      at += f.length;
    }
    const file = voicemailFileFor(this.deps.callSid);
    const full = path.join(this.deps.dataDir, file);
    mkdirSync(path.dirname(full), { recursive: true, mode: 0o700 });
    writeFileSync(full, encodeWav(pcm, VOICEMAIL_RATE_HZ), { mode: 0o600 });
    chmodSync(full, 0o600);
    return { file, durationS, heardSpeech: true };
  }
}
