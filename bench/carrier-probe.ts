// The carrier's view of outbound audio under load, cheaper than the simulator's full playout: when
// each 20 ms frame arrived, whether it arrived after the moment it had to start playing (a late
// frame: the caller hears a gap), and when the first frame came.

const FRAME_BYTES = 640;
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
  private anchorMs = -1;
  private index = 0;
  private carryBytes = 0;

  /** Bytes from the app's media socket (one WebSocket message). */
  receive(bytes: Buffer): void {
    const now = performance.now();
    const total = bytes.length + this.carryBytes;
    const frames = Math.floor(total / FRAME_BYTES);
    this.carryBytes = total % FRAME_BYTES;
    for (let i = 0; i < frames; i++) {
      if (this.anchorMs < 0) {
        this.anchorMs = now;
        this.firstFrameAtMs = now;
      }
      const dueMs = this.anchorMs + this.index * FRAME_MS;
      if (now > dueMs) {
        if (this.counting && this.index > 0) {
          this.lateFrames++;
          this.worstLateMs = Math.max(this.worstLateMs, now - dueMs);
        }
        // The carrier played silence meanwhile; its timeline restarts with this frame.
        this.anchorMs = now - this.index * FRAME_MS;
      }
      this.index++;
      this.frames++;
      if (this.counting) this.countedFrames++;
    }
  }
}
