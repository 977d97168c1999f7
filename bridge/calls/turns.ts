// Turn bookkeeping for one call: who is speaking, the text so far of each line, and the timing
// points the latency figures are measured from (caller end of speech → first frame to the carrier).
import type { Speaker } from './events';

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
