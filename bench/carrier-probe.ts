// The carrier's view of audio it receives under load, cheaper than the simulator's full playout: when
// each 20 ms frame arrived, whether it arrived after the moment it had to start playing (a late
// frame: the listener hears a gap), and when the first frame came. With a cushion the carrier starts
// playing that long after the first frame (a jitter buffer); relayed voice frames (tagged-frame.ts)
// also give the time from the far side's send to this arrival.
import { Samples } from './stats';
import { FRAME_BYTES, sentAtOf } from './tagged-frame';

const FRAME_MS = 20;

export class ArrivalProbe {
  firstFrameAtMs = -1;
  frames = 0;
  lateFrames = 0;
  /** Frames received while counting. */
  countedFrames = 0;
  worstLateMs = 0;
  /** Late frames count only while this is on (the measurement window). */
  counting = false;
  /** Far side's send → arrival here, ms, of tagged frames received while counting. */
  readonly relayMs = new Samples(20_000);
  private anchorMs = -1;
  private index = 0;
  private carryBytes = 0;

  constructor(private readonly cushionMs = 0) {}

  /** Bytes from the app's media socket (one WebSocket message). */
  receive(bytes: Buffer): void {
    const now = performance.now();
    const aligned = this.carryBytes === 0;
    const total = bytes.length + this.carryBytes;
    const frames = Math.floor(total / FRAME_BYTES);
    this.carryBytes = total % FRAME_BYTES;
    for (let i = 0; i < frames; i++) {
      if (this.anchorMs < 0) {
        this.anchorMs = now + this.cushionMs;
        this.firstFrameAtMs = now;
      }
      const dueMs = this.anchorMs + this.index * FRAME_MS;
      if (now > dueMs) {
        if (this.counting && this.index > 0) {
          this.lateFrames++;
          this.worstLateMs = Math.max(this.worstLateMs, now - dueMs);
        }
        // The carrier played silence meanwhile; its timeline restarts with this frame.
        this.anchorMs = now + this.cushionMs - this.index * FRAME_MS;
      }
      if (this.counting && aligned) {
        const sentAt = sentAtOf(bytes, i * FRAME_BYTES);
        if (sentAt !== null) this.relayMs.add(now - sentAt);
      }
      this.index++;
      this.frames++;
      if (this.counting) this.countedFrames++;
    }
  }
}
