// How the demo agent speaks a line, the way a realtime model does: its recording in 40 ms chunks sent
// twice as fast as real time, the words spread over the chunks as transcript fragments; the line is
// done (whole transcript, turn complete) when real-time playback of it would end, so a caller who
// talks before then interrupts it. Time comes from the injected clock.
import type { Clock, TimerHandle } from '../../base/clock';
import { DEMO_RATE_HZ, type DemoLine } from './demo-lines';

const CHUNK_MS = 40;
/** How much faster than real time chunks go out (both real services send ahead of playback). */
const SPEEDUP = 2;
const CHUNK_SAMPLES = (DEMO_RATE_HZ * CHUNK_MS) / 1000;

export interface DemoVoiceSink {
  audio(pcm: Int16Array): void;
  /** A transcript fragment of the line, as its audio goes out. */
  words(fragment: string): void;
  /** The line played out (in real time) to its end. */
  done(line: DemoLine): void;
}

interface Speaking {
  readonly line: DemoLine;
  readonly words: readonly string[];
  readonly chunks: number;
  sent: number;
  chunkTimer?: TimerHandle;
  doneTimer?: TimerHandle;
}

export class DemoVoice {
  private current: Speaking | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly sink: DemoVoiceSink,
  ) {}

  /** Says `line`, replacing any line in progress. */
  speak(line: DemoLine): void {
    this.stop();
    const speaking: Speaking = {
      line,
      words: line.text.split(/\s+/).filter(Boolean),
      chunks: Math.ceil(line.pcm.length / CHUNK_SAMPLES),
      sent: 0,
    };
    this.current = speaking;
    const lengthMs = (line.pcm.length * 1000) / DEMO_RATE_HZ;
    speaking.doneTimer = this.clock.setTimeout(() => {
      if (this.current !== speaking) return;
      this.clock.clearTimeout(speaking.chunkTimer);
      this.current = null;
      this.sink.done(line);
    }, lengthMs);
    this.sendChunk(speaking);
  }

  /** Stops the line in progress (sent, or still within its real-time length); true when there was one. */
  stop(): boolean {
    const speaking = this.current;
    if (!speaking) return false;
    this.current = null;
    this.clock.clearTimeout(speaking.chunkTimer);
    this.clock.clearTimeout(speaking.doneTimer);
    return true;
  }

  private sendChunk(speaking: Speaking): void {
    if (this.current !== speaking || speaking.sent >= speaking.chunks) return;
    const i = speaking.sent++;
    const { pcm } = speaking.line;
    this.sink.audio(pcm.subarray(i * CHUNK_SAMPLES, Math.min(pcm.length, (i + 1) * CHUNK_SAMPLES)));
    // Chunk i carries the words whose share of the line falls in it.
    const from = Math.floor((i * speaking.words.length) / speaking.chunks);
    const to = Math.floor(((i + 1) * speaking.words.length) / speaking.chunks);
    if (to > from) this.sink.words(`${speaking.words.slice(from, to).join(' ')} `);
    if (speaking.sent < speaking.chunks) {
      speaking.chunkTimer = this.clock.setTimeout(() => this.sendChunk(speaking), CHUNK_MS / SPEEDUP);
    }
  }
}
