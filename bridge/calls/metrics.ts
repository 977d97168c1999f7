// Per-turn timing, measured where the caller feels it: caller end of speech → first model audio byte →
// first PCM frame written to the carrier socket; the greeting from stream open; how fast a barge-in
// stopped the reply. Records are kept for the session and handed out to be published as events.

export type TurnMetricsKind = 'greeting' | 'reply' | 'barge-in';

export interface TurnMetricsRecord {
  readonly kind: TurnMetricsKind;
  readonly turnId: number;
  /** Clock ms when the record was made. */
  readonly atMs: number;
  /** Greeting: stream open → first frame written to the carrier. */
  readonly greetingMs?: number;
  /** Reply: caller end of speech → first model audio byte (greeting: from stream open). */
  readonly modelLatencyMs?: number;
  /** Reply: caller end of speech → first frame written to the carrier. */
  readonly latencyMs?: number;
  /** What the bridge adds: first model audio byte → first frame written (resampling, pacing). */
  readonly bridgeMs?: number;
  /** Barge-in: caller speech onset (as we heard it) → our queue dropped and the carrier told. */
  readonly bargeInStopMs?: number;
  /** Barge-in: audio already at the carrier when we stopped (what plays on if it ignores killAudio). */
  readonly staleAudioMs?: number;
}

/** Records kept per call: enough for a long call, bounded for a stuck one. */
const MAX_RECORDS = 500;

export class TurnMetrics {
  private readonly kept: TurnMetricsRecord[] = [];
  private greetingDone = false;
  private endOfSpeechMs = -1;
  private firstModelAudioMs = -1;
  private awaitingFirstFrame = false;

  constructor(private readonly openedAtMs: number) {}

  /** Everything measured so far on this call, oldest first. */
  records(): readonly TurnMetricsRecord[] {
    return this.kept;
  }

  /** The caller finished speaking: the clock for the next reply starts. */
  callerEndOfSpeech(atMs: number): void {
    this.endOfSpeechMs = atMs;
    this.firstModelAudioMs = -1;
    this.awaitingFirstFrame = true;
  }

  /** Model audio arrived (only the first byte of a reply counts). */
  modelAudio(atMs: number): void {
    if (this.firstModelAudioMs < 0) this.firstModelAudioMs = atMs;
  }

  /** The first frame of a reply went to the carrier: the greeting or a reply record, if one is due. */
  firstFrame(turnId: number, atMs: number): TurnMetricsRecord | null {
    const modelAt = this.firstModelAudioMs;
    this.firstModelAudioMs = -1;
    const bridgeMs = modelAt >= 0 ? atMs - modelAt : undefined;
    if (!this.greetingDone) {
      this.greetingDone = true;
      this.awaitingFirstFrame = false;
      return this.keep({
        kind: 'greeting',
        turnId,
        atMs,
        greetingMs: atMs - this.openedAtMs,
        modelLatencyMs: modelAt >= 0 ? modelAt - this.openedAtMs : undefined,
        bridgeMs,
      });
    }
    if (!this.awaitingFirstFrame || this.endOfSpeechMs < 0) return null;
    this.awaitingFirstFrame = false;
    return this.keep({
      kind: 'reply',
      turnId,
      atMs,
      latencyMs: atMs - this.endOfSpeechMs,
      modelLatencyMs: modelAt >= 0 ? modelAt - this.endOfSpeechMs : undefined,
      bridgeMs,
    });
  }

  /** A barge-in stopped a reply. `onsetAtMs` is when we heard the caller start, if we did. */
  bargeIn(
    turnId: number,
    atMs: number,
    onsetAtMs: number | undefined,
    staleAudioMs: number,
  ): TurnMetricsRecord {
    this.firstModelAudioMs = -1;
    return this.keep({
      kind: 'barge-in',
      turnId,
      atMs,
      bargeInStopMs: onsetAtMs !== undefined ? Math.max(0, atMs - onsetAtMs) : undefined,
      staleAudioMs,
    });
  }

  private keep(record: TurnMetricsRecord): TurnMetricsRecord {
    this.kept.push(record);
    if (this.kept.length > MAX_RECORDS) this.kept.shift();
    return record;
  }
}
