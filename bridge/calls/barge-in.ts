// Barge-in: the caller talked over the agent. Three parts, done at once and in this order: drop our
// queue (what the caller has not heard never leaves), tell the carrier to drop what it buffered, tell
// the model how much of its reply was heard; then the agent's line is recorded as interrupted.
import type { RealtimeSession } from '../ai/provider';
import type { Clock } from '../base/clock';
import { control, type ControlMessage } from '../media/carrier-protocol';
import type { Pacer } from '../media/pacer';

/**
 * Why the reply stops: the caller talked over it, noticed by the model's own signal or by our speech
 * onset check (providers that do not report it); or the bridge cut it (the call is being handed off,
 * the AI leg failed), where the same three parts apply but it is not a barge-in by the caller.
 */
export type BargeInSource = 'model' | 'speech-onset' | 'handoff' | 'ai-failure';

export const isCallerBargeIn = (source: BargeInSource): boolean =>
  source === 'model' || source === 'speech-onset';

/** The agent line being played when the caller cut in. */
export interface PlayingLine {
  readonly turnId: number;
  readonly text: string;
  /** Offset from call start, ms. */
  readonly startMs: number;
}

export interface BargeInOutcome {
  readonly source: BargeInSource;
  readonly atMs: number;
  /** ms of the reply the caller heard (sent minus what was still buffered at the carrier). */
  readonly heardMs: number;
  /** ms dropped from our queue. */
  readonly droppedMs: number;
  /** ms already at the carrier: stale audio if the carrier ignores killAudio. */
  readonly carrierBufferedMs: number;
  readonly line: PlayingLine | null;
}

export interface BargeInDeps {
  readonly clock: Clock;
  readonly pacer: Pacer;
  readonly sendControl: (message: ControlMessage) => void;
  /** Forgets resampler history of the dropped reply, so the next starts clean. */
  readonly resetModelAudio: () => void;
  /** Records the outcome on the turn (interrupted line, barge-in event, metrics). */
  readonly record: (outcome: BargeInOutcome) => void;
}

export class BargeIn {
  constructor(private readonly deps: BargeInDeps) {}

  /** Stops the reply being played; null (and nothing done) when nothing is playing. */
  stop(ai: RealtimeSession | null, source: BargeInSource, line: PlayingLine | null): BargeInOutcome | null {
    const { pacer } = this.deps;
    if (!pacer.isPlaying()) return null;
    const heardMs = pacer.heardMs();
    const carrierBufferedMs = pacer.bufferedMs();
    const { droppedMs } = pacer.flush();
    this.deps.sendControl(control.killAudio());
    this.deps.sendControl(control.clearMarks());
    this.deps.resetModelAudio();
    // A failed AI leg is not told anything: its socket is going away.
    if (source !== 'ai-failure' && ai?.capabilities.canTruncate) ai.truncateHeard(heardMs);
    const outcome: BargeInOutcome = {
      source,
      atMs: this.deps.clock.nowMs(),
      heardMs,
      droppedMs,
      carrierBufferedMs,
      line,
    };
    this.deps.record(outcome);
    return outcome;
  }
}
