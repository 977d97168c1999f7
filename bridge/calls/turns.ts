// Turn bookkeeping for one call: who is speaking, the text so far of each line, published as
// transcript events (partial updates, final lines, and for agent lines what the caller heard).
import type { Clock } from '../base/clock';
import type { CallId } from '../domain/ids';
import { maskText, type Log } from '../base/log';
import type { Speaker } from '../domain/call';
import type { CallRegistry } from './registry';

export interface TurnLine {
  turnId: number;
  speaker: Speaker;
  text: string;
  startMs: number;
  final: boolean;
}

export class TurnTracker {
  private nextTurnId = 1;
  private open: Partial<Record<Speaker, TurnLine>> = {};

  /** Applies a transcript piece (see RealtimeSessionEvents) and returns the line as it now stands. */
  apply(speaker: Speaker, text: string, final: boolean, atMs: number): TurnLine {
    let line = this.open[speaker];
    if (!line) {
      line = { turnId: this.nextTurnId++, speaker, text: '', startMs: atMs, final: false };
      this.open[speaker] = line;
    }
    if (final) {
      if (text.trim().length > 0) line.text = text;
      line.final = true;
      this.open[speaker] = undefined;
    } else {
      line.text += text;
    }
    return { ...line };
  }

  /** The agent line currently being spoken, if any. */
  current(speaker: Speaker): TurnLine | undefined {
    const line = this.open[speaker];
    return line ? { ...line } : undefined;
  }

  /** Closes a speaker's open line (e.g. the agent's, on barge-in). */
  close(speaker: Speaker): TurnLine | undefined {
    const line = this.open[speaker];
    if (!line) return undefined;
    line.final = true;
    this.open[speaker] = undefined;
    return { ...line };
  }

  /** Reserves a turn id for a reply that has audio but no transcript yet. */
  ensure(speaker: Speaker, atMs: number): TurnLine {
    return this.current(speaker) ?? this.apply(speaker, '', false, atMs);
  }
}

export interface TranscriptOptions {
  readonly callId: CallId;
  readonly registry: CallRegistry;
  readonly clock: Clock;
  readonly log: Log;
  /** Clock ms the call's offsets count from. */
  readonly openedAtMs: number;
}

/** The call's transcript as events: lines are tracked by turn and published as they change. */
export class CallTranscript {
  private readonly turns = new TurnTracker();

  constructor(private readonly o: TranscriptOptions) {}

  /** Applies a transcript piece from the model and publishes the line as it now stands. */
  apply(speaker: Speaker, text: string, final: boolean): TurnLine {
    const line = this.turns.apply(speaker, text, final, this.offsetMs());
    this.publish(line);
    if (final) this.o.log.debug({ speaker, text: maskText(line.text) }, 'transcript line');
    return line;
  }

  /** The agent line a reply's audio belongs to (opened with no text if the transcript lags). */
  ensureAgentLine(): TurnLine {
    return this.turns.ensure('agent', this.offsetMs());
  }

  /** Ends the agent line in progress, publishing it final. */
  closeAgentLine(): TurnLine | undefined {
    const line = this.turns.close('agent');
    if (line) this.publish(line);
    return line;
  }

  /** Publishes a final agent line again with what the caller heard of it. */
  recordHeard(
    line: Pick<TurnLine, 'turnId' | 'text' | 'startMs'>,
    heardMs: number,
    interrupted: boolean,
  ): void {
    if (this.turns.current('agent')?.turnId === line.turnId) this.turns.close('agent');
    this.publish(
      { ...line, speaker: 'agent', final: true },
      interrupted ? { heardMs, interrupted } : { heardMs },
    );
  }

  private publish(line: TurnLine, extra: { heardMs?: number; interrupted?: boolean } = {}): void {
    this.o.registry.publish(this.o.callId, 'transcript', {
      turnId: line.turnId,
      speaker: line.speaker,
      text: line.text,
      final: line.final,
      startMs: line.startMs,
      endMs: line.final ? this.offsetMs() : undefined,
      ...extra,
    });
  }

  private offsetMs(): number {
    return this.o.clock.nowMs() - this.o.openedAtMs;
  }
}
