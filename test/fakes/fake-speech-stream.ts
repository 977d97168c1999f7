// How a realtime model sends a reply: audio chunks faster than real time, transcript fragments spread
// over them, then "generated"; and, since the model assumes the client plays in real time, "played
// out" once the audio's own duration has passed since the first chunk. Cancel stops both.
import { AGENT_RATE_HZ, agentVoice, chunkPcm, fragments } from './fake-voice';

export interface SpeechStreamOptions {
  readonly pcm: Int16Array;
  readonly text: string;
  readonly rateHz: number;
  /** Audio per chunk, ms. */
  readonly chunkMs: number;
  /** How much faster than real time chunks go out. */
  readonly speedup: number;
  readonly onChunk: (pcm: Int16Array, textFragment: string) => void;
  readonly onGenerated: () => void;
  readonly onPlayedOut: () => void;
}

export class SpeechStream {
  private timer: NodeJS.Timeout | undefined;
  private index = 0;
  private readonly chunks: Int16Array[];
  private readonly texts: string[];
  private startedAt = 0;
  private cancelled = false;
  generated = false;
  /** Audio sent so far, samples. */
  sentSamples = 0;

  constructor(private readonly opts: SpeechStreamOptions) {
    this.chunks = chunkPcm(opts.pcm, Math.round((opts.rateHz * opts.chunkMs) / 1000));
    const parts = fragments(opts.text, this.chunks.length);
    this.texts = this.chunks.map((_, i) => {
      // Fragment i goes with the chunk where its share of the words falls.
      const at = Math.floor((i * parts.length) / this.chunks.length);
      const next = Math.floor(((i + 1) * parts.length) / this.chunks.length);
      return parts.slice(at, next).join('');
    });
  }

  get active(): boolean {
    return !this.cancelled && this.timer !== undefined;
  }

  get durationMs(): number {
    return (this.opts.pcm.length * 1000) / this.opts.rateHz;
  }

  start(): void {
    this.startedAt = Date.now();
    this.tick();
  }

  cancel(): void {
    this.cancelled = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick = (): void => {
    if (this.cancelled) return;
    if (this.index < this.chunks.length) {
      const pcm = this.chunks[this.index]!;
      const text = this.texts[this.index]!;
      this.index++;
      this.sentSamples += pcm.length;
      this.opts.onChunk(pcm, text);
      if (this.cancelled) return;
      this.timer = setTimeout(this.tick, this.opts.chunkMs / this.opts.speedup);
      return;
    }
    if (!this.generated) {
      this.generated = true;
      this.opts.onGenerated();
      if (this.cancelled) return;
      this.timer = setTimeout(this.tick, Math.max(0, this.startedAt + this.durationMs - Date.now()));
      return;
    }
    this.timer = undefined;
    this.opts.onPlayedOut();
  };
}

export type SpeechPace = Partial<Pick<SpeechStreamOptions, 'chunkMs' | 'speedup'>>;

/** The agent's voice saying `text`, 40 ms chunks 4× faster than real time unless `pace` says otherwise. */
export function agentSpeech(
  text: string,
  pace: SpeechPace,
  on: Pick<SpeechStreamOptions, 'onChunk' | 'onGenerated' | 'onPlayedOut'>,
): SpeechStream {
  return new SpeechStream({
    pcm: agentVoice(text),
    text,
    rateHz: AGENT_RATE_HZ,
    chunkMs: pace.chunkMs ?? 40,
    speedup: pace.speedup ?? 4,
    ...on,
  });
}
