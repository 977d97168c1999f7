// How the demo agent hears the caller: the bridge's level check (media/voice-activity) on each 20 ms
// frame, a turn starting at the caller's onset and ending after a pause, like the voice activity
// detection the real services run. It cannot tell words: only that the caller spoke.
import type { Clock } from '../../base/clock';
import { VoiceActivity } from '../../media/voice-activity';
import { DEMO_RATE_HZ } from './demo-lines';

const FRAME_MS = 20;
const FRAME_SAMPLES = (DEMO_RATE_HZ * FRAME_MS) / 1000;
/** Voiced time in a row that starts a turn: long enough to skip clicks, short enough to stop at once. */
const ONSET_MS = 60;
/** Quiet that ends the caller's turn: a real service waits about as long (500–700 ms of silence). */
const END_OF_TURN_QUIET_MS = 700;

export interface DemoEarHandlers {
  /** The caller started talking. */
  started(): void;
  /** The caller's turn ended (a pause of END_OF_TURN_QUIET_MS). */
  ended(): void;
}

export class DemoEar {
  private readonly voice = new VoiceActivity({
    frameMs: FRAME_MS,
    onsetMs: ONSET_MS,
    hangoverMs: END_OF_TURN_QUIET_MS,
  });

  constructor(
    private readonly clock: Clock,
    private readonly handlers: DemoEarHandlers,
  ) {}

  /** Caller audio at DEMO_RATE_HZ (the bridge sends 20 ms frames; longer chunks are taken a frame at a time). */
  hear(pcm: Int16Array): void {
    const nowMs = this.clock.nowMs();
    for (let at = 0; at < pcm.length; at += FRAME_SAMPLES) {
      const change = this.voice.push(pcm.subarray(at, at + FRAME_SAMPLES), nowMs);
      if (change?.type === 'onset') this.handlers.started();
      else if (change?.type === 'end') this.handlers.ended();
    }
  }
}
