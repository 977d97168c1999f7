// The AI leg of one call: opens the model session, converts audio between the carrier's rate and the
// model's (both ways), and answers what the model says about itself: ready (greet the caller), its
// hand-off tool call (escalate), usage (published); an error or a lost socket fails the leg.
import type { RealtimeSession, TokenUsage } from '../ai/provider';
import { SautiError, type ErrorCode } from '../base/errors';
import { Resampler } from '../media/resample';
import type { CallContext } from './call-context';
import type { EscalationReason, Speaker } from '../domain/call';

/** What the model tells the call's stages: its audio (at its own rate: see toCarrierRate) and turns. */
export interface ModelListener {
  readonly audio: (pcm: Int16Array) => void;
  readonly transcript: (speaker: Speaker, text: string, final: boolean) => void;
  readonly speechStarted: () => void;
  readonly speechStopped: () => void;
  readonly interrupted: () => void;
  readonly turnComplete: () => void;
}

export interface AiLegDeps extends CallContext {
  readonly greeting: string;
  readonly handoffMessage: string;
  readonly carrierRateHz: number;
  /** Opens the model session; null when the call has no AI leg (echo test mode). */
  readonly connect: (() => Promise<RealtimeSession>) | null;
  readonly listener: ModelListener;
  readonly escalate: (reason: EscalationReason, detail: string, triggerText?: string) => void;
  readonly callClosed: () => boolean;
  /** The call is leaving the AI: no greeting, and a model that leaves now is not a failure. */
  readonly handingOff: () => boolean;
  /** The model asked for the hand-off itself (before the escalation goes out). */
  readonly onHandoffAsked: () => void;
  /** The model left while the call is leaving the AI. */
  readonly onLeftDuringHandoff: () => void;
  /** The leg has failed (its error published): the caller must hear an apology at once. */
  readonly onFailed: (detail: string) => void;
}

export class AiLeg {
  private ai: RealtimeSession | null = null;
  private toAi: Resampler | null = null;
  private fromAi: Resampler | null = null;
  /** The session is still being opened (connect pending). */
  private connecting = false;
  private hasFailed = false;
  /** What the model says first when it (re)opens: the greeting, or the line taking a call back. */
  private openingLine: string;

  constructor(private readonly deps: AiLegDeps) {
    this.openingLine = deps.greeting;
  }

  /** The model session, while attached. */
  get session(): RealtimeSession | null {
    return this.ai;
  }

  get failed(): boolean {
    return this.hasFailed;
  }

  /** Whether the leg can still speak to the caller: not failed, not gone (echo mode counts). */
  get canKeepCall(): boolean {
    return !this.hasFailed && (!this.deps.connect || this.ai !== null || this.connecting);
  }

  /** Whether the leg could speak again: not failed, and open or able to open a new session. */
  get canComeBack(): boolean {
    return !this.hasFailed && (this.deps.connect !== null || this.ai !== null);
  }

  /**
   * The model takes the call back (a person left): an open session is nudged to say `line`; a closed
   * one is opened again and says `line` first. False when the leg failed or has no model.
   */
  comeBack(line: string): boolean {
    if (!this.canComeBack) return false;
    const ai = this.ai;
    if (ai) {
      if (ai.say) ai.say(line);
      else ai.nudge(`Tell the caller: ${line}`);
      return true;
    }
    if (this.connecting || !this.deps.connect) return this.connecting;
    this.openingLine = line;
    this.start();
    return true;
  }

  /** Opens the model session (nothing in echo mode); a refusal fails the leg. */
  start(): void {
    const { connect } = this.deps;
    if (!connect) return;
    this.connecting = true;
    connect().then(
      (session) => {
        this.connecting = false;
        if (this.deps.callClosed() || this.hasFailed) {
          session.close(this.deps.callClosed() ? 'call already ended' : 'AI leg already failed');
          return;
        }
        this.attach(session);
      },
      (err: unknown) => {
        this.connecting = false;
        const e = err instanceof SautiError ? err : new SautiError('AI_CONNECT_FAILED', String(err));
        this.fail(e.code, e.message, `AI could not start: ${e.message}`);
      },
    );
  }

  /** Caller audio at the carrier rate, converted to the model's input rate. */
  sendCallerAudio(frame: Int16Array): void {
    if (!this.ai) return;
    this.ai.sendAudio(this.toAi ? this.toAi.process(frame) : frame.slice());
  }

  /** Model audio converted to the carrier rate (stateful: only audio that will play). */
  toCarrierRate(pcm: Int16Array): Int16Array {
    return this.fromAi ? this.fromAi.process(pcm) : pcm;
  }

  /** Forgets the conversion history of a dropped reply, so the next starts clean. */
  resetModelAudio(): void {
    this.fromAi?.reset();
  }

  /** A supervisor's hint to the model; false when there is no working model to hear it. */
  whisper(text: string): boolean {
    if (!this.ai || this.hasFailed) return false;
    this.ai.nudge(text);
    return true;
  }

  /** The leg is gone: marked failed and published once, then the caller hears the apology. */
  fail(code: ErrorCode, message: string, detail: string): void {
    if (this.deps.callClosed() || this.hasFailed) return;
    this.hasFailed = true;
    const { log, registry, callId } = this.deps;
    log.error({ code, err: message }, 'AI leg failed');
    registry.publish(callId, 'error', { code, message });
    this.deps.onFailed(detail);
  }

  /**
   * Stops listening to the model without closing its session, which goes on elsewhere (an AiListener,
   * while a person has the call); the leg is as after `detach`.
   */
  letGo(): void {
    const ai = this.ai;
    this.ai = null;
    ai?.events.removeAll();
  }

  /** Stops listening to the model and closes its session. */
  detach(reason: string): void {
    const ai = this.ai;
    this.ai = null;
    if (!ai) return;
    ai.events.removeAll();
    ai.close(reason);
  }

  private attach(ai: RealtimeSession): void {
    const { log, listener, carrierRateHz } = this.deps;
    this.ai = ai;
    const caps = ai.capabilities;
    this.toAi =
      caps.inputSampleRateHz === carrierRateHz
        ? null
        : new Resampler({ inputRateHz: carrierRateHz, outputRateHz: caps.inputSampleRateHz });
    this.fromAi =
      caps.outputSampleRateHz === carrierRateHz
        ? null
        : new Resampler({ inputRateHz: caps.outputSampleRateHz, outputRateHz: carrierRateHz });
    const ev = ai.events;
    ev.on('ready', ({ resumed }) => {
      log.info({ resumed }, resumed ? 'AI session resumed' : 'AI session ready');
      if (!resumed && !this.deps.handingOff()) ai.greet(this.openingLine);
    });
    ev.on('audio', (pcm) => listener.audio(pcm));
    ev.on('caller.transcript', ({ text, final }) => listener.transcript('caller', text, final));
    ev.on('agent.transcript', ({ text, final }) => listener.transcript('agent', text, final));
    ev.on('speech.started', () => listener.speechStarted());
    ev.on('speech.stopped', () => listener.speechStopped());
    ev.on('interrupted', () => listener.interrupted());
    ev.on('turn.complete', () => listener.turnComplete());
    ev.on('handoff', (req) => {
      log.info({ reason: req.reason }, 'AI requested a handoff');
      this.deps.onHandoffAsked();
      ai.answerHandoff(req.toolCallId, { accepted: true, message: this.deps.handoffMessage });
      this.deps.escalate('ai-requested', req.reason, req.summary);
    });
    ev.on('usage', (u) => publishUsage(this.deps, u));
    ev.on('error', (err) => this.fail(err.code, err.message, err.message));
    ev.on('close', ({ reason, error }) => {
      this.ai = null;
      if (this.deps.callClosed() || this.hasFailed) return;
      if (this.deps.handingOff()) {
        this.deps.onLeftDuringHandoff();
        return;
      }
      this.fail(error?.code ?? 'AI_CLOSED', error?.message ?? reason, `AI session closed: ${reason}`);
    });
  }
}

/** One usage report of the model, for the call's cost (cost.ts adds them up). */
export function publishUsage(
  { registry, callId }: Pick<CallContext, 'registry' | 'callId'>,
  u: TokenUsage,
): void {
  registry.publish(callId, 'usage', {
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    inputAudioTokens: u.inputAudioTokens,
    inputCachedTokens: u.inputCachedTokens,
    outputAudioTokens: u.outputAudioTokens,
  });
}
