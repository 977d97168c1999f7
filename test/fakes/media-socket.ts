// A stand-in for the carrier's media WebSocket as a CallSession sees it (send, close, readyState,
// message/close events), recording what the session writes with the clock time of each write.
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { Clock } from '../../bridge/base/clock';
import { bufferFromInt16, int16FromBuffer } from '../../bridge/media/pcm';

export interface WrittenFrame {
  readonly atMs: number;
  readonly samples: Int16Array;
}

export class FakeMediaSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  readyState = 1;
  readonly frames: WrittenFrame[] = [];
  readonly controls: { atMs: number; type: string }[] = [];
  closedWith: { code: number; reason: string } | null = null;

  constructor(private readonly clock: Clock) {
    super();
  }

  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }

  send(data: Buffer | string): void {
    if (typeof data === 'string') {
      const msg = JSON.parse(data) as { type: string };
      this.controls.push({ atMs: this.clock.nowMs(), type: msg.type });
      return;
    }
    // Copied: the session hands the socket a view, as ws would write it out.
    this.frames.push({ atMs: this.clock.nowMs(), samples: int16FromBuffer(Buffer.from(data)) });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === this.CLOSED) return;
    this.readyState = this.CLOSED;
    this.closedWith = { code, reason };
    this.emit('close', code, Buffer.from(reason));
  }

  /** The carrier sends the metadata frame. */
  sendMetadata(callSid: string): void {
    this.emit('message', Buffer.from(JSON.stringify({ callSid, sampleRate: 16000 })), false);
  }

  /** The carrier sends one frame of caller audio. */
  sendAudio(samples: Int16Array): void {
    this.emit('message', Buffer.from(bufferFromInt16(samples)), true);
  }

  framesAfter(atMs: number): WrittenFrame[] {
    return this.frames.filter((f) => f.atMs > atMs);
  }

  controlTypes(): string[] {
    return this.controls.map((c) => c.type);
  }
}
