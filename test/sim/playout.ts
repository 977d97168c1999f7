// The simulator's ear: frames the app sends are queued like FreeSWITCH's playout buffer and played
// one 20 ms frame per tick on a real-time clock, so tests know exactly what a caller heard and when.

const FRAME_SAMPLES = 320;
const FRAME_MS = 20;

export interface HeardFrame {
  /** ms since playout started. */
  readonly atMs: number;
  readonly rms: number;
}

export class Playout {
  private queue: Int16Array[] = [];
  private pendingBytes: Buffer = Buffer.alloc(0);
  private readonly recorded: Int16Array[] = [];
  readonly heard: HeardFrame[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() when playout began: `heard[].atMs` counts from here. */
  readonly startMs = performance.now();
  private ticks = 0;
  /** Frames received in total (before playout). */
  receivedFrames = 0;

  start(): void {
    const tick = () => {
      this.ticks++;
      const frame = this.queue.shift();
      const atMs = performance.now() - this.startMs;
      if (frame) {
        this.recorded.push(frame);
        let sum = 0;
        for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
        this.heard.push({ atMs, rms: Math.sqrt(sum / frame.length) });
      } else {
        this.recorded.push(new Int16Array(FRAME_SAMPLES));
      }
      const next = this.startMs + (this.ticks + 1) * FRAME_MS - performance.now();
      this.timer = setTimeout(tick, Math.max(0, next));
    };
    this.timer = setTimeout(tick, FRAME_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  nowMs(): number {
    return performance.now() - this.startMs;
  }

  /** Bytes from the app: whole frames are queued; an odd remainder waits for the next message. */
  receive(bytes: Buffer): void {
    const all = this.pendingBytes.length ? Buffer.concat([this.pendingBytes, bytes]) : bytes;
    const whole = all.length - (all.length % (FRAME_SAMPLES * 2));
    for (let off = 0; off < whole; off += FRAME_SAMPLES * 2) {
      const frame = new Int16Array(FRAME_SAMPLES);
      for (let i = 0; i < FRAME_SAMPLES; i++) frame[i] = all.readInt16LE(off + i * 2);
      this.queue.push(frame);
      this.receivedFrames++;
    }
    this.pendingBytes = Buffer.from(all.subarray(whole));
  }

  /** killAudio: drop everything buffered for playout. */
  kill(): void {
    this.queue = [];
    this.pendingBytes = Buffer.alloc(0);
  }

  queuedMs(): number {
    return this.queue.length * FRAME_MS;
  }

  /** Everything played so far (silence where nothing was queued), 16 kHz. */
  recording(): Int16Array {
    const out = new Int16Array(this.recorded.length * FRAME_SAMPLES);
    this.recorded.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
    return out;
  }

  /** ms of audible audio played after `fromMs`. */
  audibleMsAfter(fromMs: number, rmsThreshold = 100): number {
    return this.heard.filter((h) => h.atMs > fromMs && h.rms > rmsThreshold).length * FRAME_MS;
  }

  /**
   * The longest stretch without audible audio the listener had between `fromMs` and `toMs` (playout
   * ms): gaps between audible frames, silence frames and a socket gone quiet all count.
   */
  longestSilenceMs(fromMs: number, toMs: number, rmsThreshold = 100): number {
    let last = fromMs - FRAME_MS;
    let longest = 0;
    for (const h of this.heard) {
      if (h.atMs < fromMs || h.rms <= rmsThreshold) continue;
      if (h.atMs > toMs) break;
      longest = Math.max(longest, h.atMs - last - FRAME_MS);
      last = h.atMs;
    }
    return Math.max(longest, toMs - last - FRAME_MS, 0);
  }

  /** Time of the first audible frame at or after `fromMs`, or -1. */
  firstAudibleAfter(fromMs: number, rmsThreshold = 100): number {
    return this.heard.find((h) => h.atMs >= fromMs && h.rms > rmsThreshold)?.atMs ?? -1;
  }
}
