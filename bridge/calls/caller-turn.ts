// The caller's side of turn-taking: when they start and stop talking (our level check on their frames,
// or the model's VAD), whether that cuts the reply we are playing (barge-in), and when what they said
// is owed an answer (the dead-air watchdog).
import type { Pacer } from '../media/pacer';
import type { VoiceActivity } from '../media/voice-activity';
import type { AiLeg } from './ai-leg';
import type { BargeIn } from './barge-in';
import type { CallContext } from './call-context';
import type { DeadAirWatchdog } from './dead-air';
import type { HandoffLine } from './handoff-line';
import type { TurnMetrics } from './metrics';
import type { ReplyPlayback } from './reply-playback';

/** A caller onset older than this is not the one that caused a barge-in. */
const ONSET_RELEVANT_MS = 3000;
/** A model `interrupted` for a fully sent reply counts only if the caller was heard this recently. */
const PHANTOM_INTERRUPT_WINDOW_MS = 1500;

export interface CallerTurnDeps extends CallContext {
  readonly frameMs: number;
  readonly voice: VoiceActivity;
  readonly metrics: TurnMetrics;
  readonly pacer: Pacer;
  readonly playback: ReplyPlayback;
  readonly bargeIn: BargeIn;
  readonly deadAir: DeadAirWatchdog;
  readonly leg: Pick<AiLeg, 'session' | 'failed'>;
  /** Whether the call is leaving the AI. */
  readonly handoff: Pick<HandoffLine, 'active'>;
}

export class CallerTurn {
  private onsetAtMs = -Infinity;
  private endMarked = true;
  /** Quiet this long after speech, when the model starts answering, ends the caller's turn early. */
  private readonly earlyEndQuietMs: number;

  constructor(private readonly deps: CallerTurnDeps) {
    this.earlyEndQuietMs = 2 * deps.frameMs;
  }

  /** A caller frame arrived at `nowMs`: our level check may hear them start or stop. */
  hear(frame: Int16Array, nowMs: number): void {
    const change = this.deps.voice.push(frame, nowMs);
    if (change?.type === 'onset') this.started(change.atMs, 'speech-onset');
    else if (change?.type === 'end') this.ended(change.atMs);
  }

  /** The model's VAD heard the caller start (OpenAI `speech_started`). */
  modelHeardStart(): void {
    this.started(this.deps.clock.nowMs(), 'model');
  }

  /** The model's VAD heard the caller stop. */
  modelHeardStop(): void {
    this.ended(this.deps.clock.nowMs());
  }

  /** The model says it stopped its reply because the caller talked over it. */
  modelInterrupted(): void {
    const { playback, voice } = this.deps;
    playback.takeModelAudio();
    if (this.deps.handoff.active) return;
    const now = this.deps.clock.nowMs();
    const callerHeard = voice.speakingAt(now) || now - this.onsetAtMs <= PHANTOM_INTERRUPT_WINDOW_MS;
    // Gemini has been seen to send `interrupted` right after a turn completes with no caller audio at all
    // (googleapis/python-genai#2333): a reply already fully sent is only cut when we heard the caller too.
    if (!playback.generating && !callerHeard) {
      this.deps.log.warn('interrupted after the reply was complete, with no caller speech: ignored');
      return;
    }
    this.deps.bargeIn.stop(this.deps.leg.session, 'model', playback.line);
  }

  /** A reply starts at `nowMs`: an answer before our end-of-speech hangover ran out ends the turn. */
  replyStarting(nowMs: number): void {
    const lastVoice = this.deps.voice.lastVoiceAtMs;
    if (!this.endMarked && lastVoice >= this.onsetAtMs && nowMs - lastVoice >= this.earlyEndQuietMs) {
      this.ended(lastVoice);
    }
  }

  /** The onset that caused a barge-in at `atMs`, when recent enough to be its cause. */
  onsetFor(atMs: number): number | undefined {
    return atMs - this.onsetAtMs <= ONSET_RELEVANT_MS ? this.onsetAtMs : undefined;
  }

  /** The caller started talking, by our level check or the model's VAD (`source`). */
  private started(atMs: number, source: 'speech-onset' | 'model'): void {
    const { playback, leg } = this.deps;
    if (this.endMarked || atMs < this.onsetAtMs) this.onsetAtMs = atMs;
    this.endMarked = false;
    this.deps.registry.setActivity(this.deps.callId, 'caller-talking');
    this.deps.deadAir.callerStarted();
    const ai = leg.session;
    if (this.deps.handoff.active || leg.failed || playback.playingPrompt || !ai) return;
    // The model's VAD hearing the caller over its reply is its barge-in signal. Our own onset check
    // stands in for providers that do not report barge-in, and for any provider once its reply is fully
    // sent: a model that has finished generating has nothing left to interrupt, while we still play.
    if (source === 'model' || !ai.capabilities.detectsBargeIn || !playback.generating) {
      this.deps.bargeIn.stop(ai, source, playback.line);
    }
  }

  private ended(atMs: number): void {
    if (this.endMarked) return;
    this.endMarked = true;
    this.deps.playback.takeModelAudio();
    this.deps.metrics.callerEndOfSpeech(atMs);
    if (!this.deps.pacer.isPlaying()) this.deps.registry.setActivity(this.deps.callId, 'idle');
    this.deps.deadAir.callerEnded(atMs - this.onsetAtMs);
  }
}
