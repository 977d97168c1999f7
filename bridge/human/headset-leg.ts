// A person at the window takes the call on their headset: the caller's frames go to that console as
// binary listen frames (one per 20 ms, direction `inbound`), and the console's microphone frames
// (direction `outbound`, the same layout) go into the caller's stream through the bridge. No carrier
// call, no cost. Works for the host's window and for a paired teammate's over the team link.
import type { AgentLeg } from '../calls/legs';
import type { AgentId, CarrierCallSid } from '../domain/ids';
import { encodeListenFrame } from '../api/listen-frame';
import type { ConsoleSink } from '../console/session';

export class HeadsetLeg implements AgentLeg {
  readonly via = 'headset' as const;
  private speak: ((frame: Int16Array) => void) | null = null;
  private closed = false;
  /** Frames the window sent that could not go anywhere (the leg not joined yet, or over). */
  droppedFrames = 0;

  constructor(
    readonly callSid: CarrierCallSid,
    readonly agentId: AgentId,
    readonly agentName: string,
    private readonly sink: ConsoleSink,
    /** Which console holds the headset (its frames are the only ones taken). */
    readonly consoleKey: object,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  speakTo(speak: (frame: Int16Array) => void): void {
    this.speak = speak;
  }

  hear(frame: Int16Array): void {
    if (!this.closed) this.sink(encodeListenFrame(this.callSid, 'inbound', frame));
  }

  /** A microphone frame from the window (16 kHz, any length up to a second). */
  fromWindow(pcm: Int16Array): void {
    if (this.closed || !this.speak) {
      this.droppedFrames++;
      return;
    }
    this.speak(pcm);
  }

  close(): void {
    this.closed = true;
    this.speak = null;
  }
}
