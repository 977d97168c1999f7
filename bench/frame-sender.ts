// The simulated carrier's outbound audio for hundreds of streams from one timer: each stream sends one
// 20 ms frame per 20 ms on a fixed grid, the streams spread over four 5 ms phases (a real carrier's
// calls do not all send at the same instant). A late tick sends what is due, so no stream drifts.
import type { WebSocket } from 'ws';

const FRAME_MS = 20;
const PHASES = 4;
const TICK_MS = FRAME_MS / PHASES;

export interface SendingStream {
  readonly ws: WebSocket;
  /** The next frame to send (a new array each time: the socket may still hold the last one). */
  readonly nextFrame: () => Int16Array;
}

export class FrameSender {
  private readonly phases: Set<SendingStream>[] = Array.from({ length: PHASES }, () => new Set());
  private added = 0;
  private startMs = -1;
  private tick = 0;
  private timer: NodeJS.Timeout | undefined;

  add(stream: SendingStream): void {
    this.phases[this.added++ % PHASES]!.add(stream);
    if (this.startMs < 0) {
      this.startMs = performance.now();
      this.run();
    }
  }

  delete(stream: SendingStream): void {
    for (const phase of this.phases) phase.delete(stream);
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const phase of this.phases) phase.clear();
    this.startMs = -1;
    this.tick = 0;
  }

  private run(): void {
    const now = performance.now();
    while (this.startMs + this.tick * TICK_MS <= now) {
      for (const stream of this.phases[this.tick % PHASES]!) {
        if (stream.ws.readyState === stream.ws.OPEN) {
          const frame = stream.nextFrame();
          stream.ws.send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), { binary: true });
        } else if (stream.ws.readyState !== stream.ws.CONNECTING) this.delete(stream);
      }
      this.tick++;
    }
    this.timer = setTimeout(() => this.run(), this.startMs + this.tick * TICK_MS - now);
  }
}
