// One call's media wiring: carrier in → framer → (resampler) → AI; AI out → resampler → pacer →
// carrier. Barge-in, transcripts and turn metrics are published as CallEvents; failures escalate, and
// the caller hears a spoken line (the AI's or a recorded prompt), never silence.
import type { WebSocket } from 'ws';
import type { RealtimeSession } from '../ai/provider';
import type { Clock, TimerHandle } from '../clock';
import type { Config } from '../config';
import { SautiError, type ErrorCode } from '../errors';
import type { CallId } from '../ids';
import type { Log } from '../log';
import { CarrierInput } from '../media/carrier-input';
import type { ControlMessage } from '../media/carrier-protocol';
import { Pacer } from '../media/pacer';
import { bufferFromInt16, levelDbfs, SILENCE_DBFS } from '../media/pcm';
import { promptPcm, type PromptName } from '../media/prompts';
import { Resampler } from '../media/resample';
import { VoiceActivity } from '../media/voice-activity';
import { BargeIn, isCallerBargeIn, type BargeInOutcome, type PlayingLine } from './barge-in';
import { DeadAirWatchdog } from './dead-air';
import type { EscalationReason } from './events';
import { TurnMetrics, type TurnMetricsRecord } from './metrics';
import type { CallRegistry } from './registry';
import { CallTranscript } from './turns';

export const CARRIER_RATE_HZ = 16_000;
export const FRAME_MS = 20;
const FRAME_SAMPLES = (CARRIER_RATE_HZ * FRAME_MS) / 1000;
const LEVEL_PUBLISH_MS = 200;
/** Inbound audio above 4× real time for a second is a flood, not a call. */
const FLOOD_BYTES_PER_S = 4 * CARRIER_RATE_HZ * 2;
/** How long the AI gets to start its hand-off line before the recorded prompt plays instead. */
export const HANDOFF_LINE_WAIT_MS = 2500;
/** A caller onset older than this is not the one that caused a barge-in. */
const ONSET_RELEVANT_MS = 3000;
/** A model `interrupted` for a fully sent reply counts only if the caller was heard this recently. */
const PHANTOM_INTERRUPT_WINDOW_MS = 1500;
/** Shorter sounds (a cough, a click) need no answer, so the model's silence after them is not dead air. */
const MIN_UTTERANCE_MS = 400;
/** Quiet this long after speech, when the model starts answering, ends the caller's turn early. */
const EARLY_END_QUIET_MS = 2 * FRAME_MS;

export interface SessionDeps {
  readonly ws: WebSocket;
  readonly callId: CallId;
  readonly callSid: string;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  /** Opens the AI leg; null runs the echo test mode (only when `config.echoMode`). */
  readonly connectAi: (() => Promise<RealtimeSession>) | null;
  readonly escalate: (callId: CallId, reason: EscalationReason, detail: string, triggerText?: string) => void;
  /** Listen-in taps: every inbound and outbound 20 ms frame (read only). */
  readonly tap?: (callId: CallId, direction: 'inbound' | 'outbound', frame: Int16Array) => void;
}

interface AgentReply extends PlayingLine {
  text: string;
}

export class CallSession {
  private readonly input: CarrierInput;
  private readonly pacer: Pacer;
  private readonly voice = new VoiceActivity({ frameMs: FRAME_MS });
  private readonly transcript: CallTranscript;
  private readonly deadAir: DeadAirWatchdog;
  private readonly metrics: TurnMetrics;
  private readonly bargeIn: BargeIn;
  private ai: RealtimeSession | null = null;
  private toAi: Resampler | null = null;
  private fromAi: Resampler | null = null;
  private readonly openedAtMs: number;
  private closed = false;
  private failed = false;
  /** The AI leg is still being opened (connectAi pending). */
  private aiConnecting = false;
  private handingOff = false;
  private aiAskedForHandoff = false;
  private handoffLineStarted = false;
  /** The agent line whose audio is in the pacer (open, or still playing out). */
  private reply: AgentReply | null = null;
  private replyOpen = false;
  private prompt: PromptName | null = null;
  /** After our own barge-in the model does not know it was cut: its reply is dropped until its turn ends. */
  private dropModelAudio = false;
  private dropAgentTranscript = false;
  private heardModel = false;
  private callerOnsetAtMs = -Infinity;
  private endMarked = true;
  private outboundDbfs = SILENCE_DBFS;
  private lastLevelPublishMs = 0;
  private handoffLineTimer: TimerHandle | undefined;
  private handoffWaiters: (() => void)[] = [];

  constructor(private readonly deps: SessionDeps) {
    const { clock, config } = deps;
    this.openedAtMs = clock.nowMs();
    this.metrics = new TurnMetrics(this.openedAtMs);
    const { callId, registry, log } = deps;
    this.transcript = new CallTranscript({ callId, registry, clock, log, openedAtMs: this.openedAtMs });
    this.deadAir = new DeadAirWatchdog({
      clock,
      deadAirMs: config.deadAirMs,
      busy: () => this.pacer.isPlaying() || this.voice.speakingAt(clock.nowMs()),
      onDeadAir: (code, message, detail) => this.failAi(code, message, detail),
    });
    this.input = new CarrierInput({
      callSid: deps.callSid,
      clock,
      log: deps.log,
      frameSamples: FRAME_SAMPLES,
      floodBytesPerS: FLOOD_BYTES_PER_S,
      onFrame: (frame) => this.onCallerFrame(frame),
      onProblem: (e) => deps.registry.publish(deps.callId, 'error', { code: e.code, message: e.message }),
      close: (code, reason) => deps.ws.close(code, reason),
    });
    this.pacer = new Pacer({
      clock,
      frameMs: FRAME_MS,
      sampleRateHz: CARRIER_RATE_HZ,
      leadMs: config.pacerLeadMs,
      send: (frame) => this.sendFrame(frame),
      onFirstFrame: () => this.onFirstFrameOfReply(),
      onDrained: () => this.onDrained(),
    });
    this.bargeIn = new BargeIn({
      clock,
      pacer: this.pacer,
      sendControl: (m) => this.sendControl(m),
      resetModelAudio: () => this.fromAi?.reset(),
      record: (outcome) => this.recordStop(outcome),
    });
    deps.ws.on('message', (data, isBinary) => {
      if (!this.closed) this.input.push(data as Buffer, isBinary);
    });
    deps.ws.on('close', (code, reason) =>
      this.close(`carrier closed (${code}${reason.length ? ` ${reason}` : ''})`),
    );
    deps.ws.on('error', (err) => deps.log.warn({ err: err.message }, 'media socket error'));
    deps.registry.publish(deps.callId, 'stream.started', {});
    deps.log.info('stream started');
    this.startAi();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Turn metrics measured so far (also published as `turn.metrics` events). */
  turnMetrics(): readonly TurnMetricsRecord[] {
    return this.metrics.records();
  }

  /** A supervisor's hint to the AI. */
  whisper(text: string): boolean {
    if (!this.ai || this.failed) return false;
    this.ai.nudge(text);
    return true;
  }

  /**
   * The call is leaving the AI (redirect in flight): the caller hears a hand-off line — the AI's own
   * when it asked for the handoff, else the AI is asked to say `config.handoffMessage`, else the
   * recorded prompt — and caller audio stops going to the AI.
   */
  beginHandoff(): void {
    if (this.closed || this.handingOff) return;
    this.handingOff = true;
    this.deadAir.clear();
    if (this.failed || this.prompt) return; // the apology is already speaking for us
    if (this.aiAskedForHandoff && this.ai) {
      // The model may have said its line before calling the tool; otherwise it says it in answer to it.
      this.handoffLineStarted = this.pacer.isPlaying();
      if (!this.handoffLineStarted) this.armHandoffLineWait();
      return;
    }
    const wasGenerating = this.replyOpen;
    this.bargeIn.stop(this.ai, 'handoff', this.reply);
    // The rest of the cut reply may still be in flight: it is not the hand-off line.
    if (wasGenerating) this.dropModelAudio = true;
    if (this.ai?.say) {
      this.ai.say(this.deps.config.handoffMessage);
      this.armHandoffLineWait();
    } else {
      this.playPrompt('handoff');
    }
  }

  /**
   * The hand-off could not be made (the redirect failed): the AI keeps the call, says `apology` and
   * listens again. (Hook for the overflow module; a failed AI leg cannot speak, so nothing is said.)
   */
  cancelHandoff(apology: string): void {
    if (this.closed || !this.handingOff) return;
    this.handingOff = false;
    this.aiAskedForHandoff = false;
    this.handoffLineStarted = false;
    this.deps.clock.clearTimeout(this.handoffLineTimer);
    this.releaseHandoffWaiters();
    if (this.failed || !this.ai) return;
    this.dropModelAudio = false;
    if (this.ai.say) this.ai.say(apology);
    else this.ai.nudge(`Tell the caller: ${apology}`);
  }

  /** Resolves once the hand-off line (or apology) has played out, the call closed, or `maxWaitMs` passed. */
  handoffLineDone(maxWaitMs = 8000): Promise<void> {
    if (this.closed) return Promise.resolve();
    // Asked again after the line already played out: nothing to wait for.
    if (this.handingOff && this.handoffLineStarted && !this.pacer.isPlaying()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(done, maxWaitMs);
      const clock = this.deps.clock;
      function done() {
        clock.clearTimeout(timer);
        resolve();
      }
      this.handoffWaiters.push(done);
    });
  }

  /**
   * Whether the AI leg can keep the call if the hand-off fails: not failed, not gone (echo mode keeps
   * it too). False means nothing can speak to the caller on this stream any more.
   */
  canKeepCall(): boolean {
    if (this.closed || this.failed) return false;
    return !this.deps.connectAi || this.ai !== null || this.aiConnecting;
  }

  /** Sends a carrier control message (JSON text frame); never relied upon. */
  sendControl(message: ControlMessage): void {
    if (this.deps.ws.readyState === this.deps.ws.OPEN) this.deps.ws.send(JSON.stringify(message));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deadAir.clear();
    this.deps.clock.clearTimeout(this.handoffLineTimer);
    this.pacer.stop();
    this.input.flush();
    this.detachAi(reason);
    this.releaseHandoffWaiters();
    if (
      this.deps.ws.readyState === this.deps.ws.OPEN ||
      this.deps.ws.readyState === this.deps.ws.CONNECTING
    ) {
      this.deps.ws.close(1000, 'call ended');
    }
    this.deps.registry.publish(this.deps.callId, 'stream.stopped', { reason });
    this.deps.log.info({ reason }, 'stream stopped');
  }

  // ── the AI leg ─────────────────────────────────────────────────────────────────────────────────

  private startAi(): void {
    const { connectAi } = this.deps;
    if (!connectAi) return;
    // Covers connect, setup and the greeting: the caller must hear something within deadAirMs.
    this.armDeadAir('AI_DEAD_AIR', 'The AI did not greet the caller');
    this.aiConnecting = true;
    connectAi().then(
      (session) => {
        this.aiConnecting = false;
        if (this.closed || this.failed) {
          session.close(this.closed ? 'call already ended' : 'AI leg already failed');
          return;
        }
        this.attachAi(session);
      },
      (err: unknown) => {
        this.aiConnecting = false;
        const e = err instanceof SautiError ? err : new SautiError('AI_CONNECT_FAILED', String(err));
        this.failAi(e.code, e.message, `AI could not start: ${e.message}`);
      },
    );
  }

  private attachAi(ai: RealtimeSession): void {
    const { log, callId, registry, config } = this.deps;
    this.ai = ai;
    const caps = ai.capabilities;
    this.toAi =
      caps.inputSampleRateHz === CARRIER_RATE_HZ
        ? null
        : new Resampler({ inputRateHz: CARRIER_RATE_HZ, outputRateHz: caps.inputSampleRateHz });
    this.fromAi =
      caps.outputSampleRateHz === CARRIER_RATE_HZ
        ? null
        : new Resampler({ inputRateHz: caps.outputSampleRateHz, outputRateHz: CARRIER_RATE_HZ });
    const ev = ai.events;
    ev.on('ready', ({ resumed }) => {
      log.info({ resumed }, resumed ? 'AI session resumed' : 'AI session ready');
      if (!resumed && !this.handingOff) ai.greet(config.greeting);
    });
    ev.on('audio', (pcm) => this.onModelAudio(pcm));
    ev.on('caller.transcript', ({ text, final }) => this.onTranscript('caller', text, final));
    ev.on('agent.transcript', ({ text, final }) => this.onTranscript('agent', text, final));
    ev.on('speech.started', () => this.onCallerOnset(this.deps.clock.nowMs(), 'model'));
    ev.on('speech.stopped', () => {
      if (!this.endMarked) this.onCallerEnd(this.deps.clock.nowMs());
    });
    ev.on('interrupted', () => this.onModelInterrupted());
    ev.on('turn.complete', () => this.onModelTurnComplete());
    ev.on('handoff', (req) => {
      log.info({ reason: req.reason }, 'AI requested a handoff');
      this.aiAskedForHandoff = true;
      ai.answerHandoff(req.toolCallId, { accepted: true, message: config.handoffMessage });
      this.deps.escalate(callId, 'ai-requested', req.reason, req.summary);
    });
    ev.on('usage', (u) =>
      registry.publish(callId, 'usage', { inputTokens: u.inputTokens, outputTokens: u.outputTokens }),
    );
    ev.on('error', (err) => this.failAi(err.code, err.message, err.message));
    ev.on('close', ({ reason, error }) => {
      this.ai = null;
      if (this.closed || this.failed) return;
      if (this.handingOff) {
        if (!this.handoffLineStarted && !this.pacer.isPlaying()) this.playPrompt('handoff');
        return;
      }
      this.failAi(error?.code ?? 'AI_CLOSED', error?.message ?? reason, `AI session closed: ${reason}`);
    });
  }

  /** The AI leg is gone: drop its half reply, apologise at once, then hand the call to humans. */
  private failAi(code: ErrorCode, message: string, detail: string): void {
    if (this.closed || this.failed) return;
    this.failed = true;
    const { log, registry, callId } = this.deps;
    log.error({ code, err: message }, 'AI leg failed');
    registry.publish(callId, 'error', { code, message });
    this.deadAir.clear();
    this.deps.clock.clearTimeout(this.handoffLineTimer);
    this.bargeIn.stop(this.ai, 'ai-failure', this.reply);
    this.detachAi('AI leg failed');
    this.playPrompt('apology');
    if (!this.handingOff) this.deps.escalate(callId, 'ai-failure', detail);
  }

  private detachAi(reason: string): void {
    const ai = this.ai;
    this.ai = null;
    if (!ai) return;
    ai.events.removeAll();
    ai.close(reason);
  }

  private onModelAudio(pcm: Int16Array): void {
    if (this.closed || this.failed || this.prompt || this.dropModelAudio) return;
    const now = this.deps.clock.nowMs();
    this.deadAir.clear();
    this.heardModel = true;
    if (this.handingOff && !this.handoffLineStarted) {
      this.handoffLineStarted = true;
      this.deps.clock.clearTimeout(this.handoffLineTimer);
    }
    if (!this.replyOpen) this.startReply(now);
    this.metrics.modelAudio(now);
    const out = this.fromAi ? this.fromAi.process(pcm) : pcm;
    if (out.length > 0) this.pacer.push(out);
  }

  private startReply(now: number): void {
    // An answer that starts before our end-of-speech hangover ran out still ends the caller's turn.
    const lastVoice = this.voice.lastVoiceAtMs;
    if (!this.endMarked && lastVoice >= this.callerOnsetAtMs && now - lastVoice >= EARLY_END_QUIET_MS) {
      this.onCallerEnd(lastVoice);
    }
    this.replyOpen = true;
    this.dropAgentTranscript = false;
    this.pacer.startReply();
    const line = this.transcript.ensureAgentLine();
    this.reply = { turnId: line.turnId, text: line.text, startMs: line.startMs };
  }

  private onModelInterrupted(): void {
    this.dropModelAudio = false;
    if (this.handingOff) return;
    const now = this.deps.clock.nowMs();
    const callerHeard =
      this.voice.speakingAt(now) || now - this.callerOnsetAtMs <= PHANTOM_INTERRUPT_WINDOW_MS;
    // Gemini has been seen to send `interrupted` right after a turn completes with no caller audio at all
    // (googleapis/python-genai#2333): a reply already fully sent is only cut when we heard the caller too.
    if (!this.replyOpen && !callerHeard) {
      this.deps.log.warn('interrupted after the reply was complete, with no caller speech: ignored');
      return;
    }
    this.bargeIn.stop(this.ai, 'model', this.reply);
  }

  private onModelTurnComplete(): void {
    this.dropModelAudio = false;
    this.dropAgentTranscript = false;
    if (this.replyOpen) {
      this.replyOpen = false;
      this.pacer.endOfReply();
    }
    this.transcript.closeAgentLine();
  }

  private onFirstFrameOfReply(): void {
    const { registry, callId } = this.deps;
    registry.setActivity(callId, 'ai-talking');
    if (this.prompt || !this.reply) return;
    const record = this.metrics.firstFrame(this.reply.turnId, this.deps.clock.nowMs());
    if (record) this.publishMetrics(record);
  }

  private onDrained(): void {
    this.deps.registry.setActivity(this.deps.callId, this.voice.speaking ? 'caller-talking' : 'idle');
    const reply = this.reply;
    this.reply = null;
    if (reply && !this.replyOpen) {
      // The whole line was played: record how much the caller heard.
      this.transcript.recordHeard(reply, this.pacer.heardMs(), false);
    }
    const wasPrompt = this.prompt !== null;
    this.prompt = null;
    if (this.handingOff && (wasPrompt || this.handoffLineStarted)) this.releaseHandoffWaiters();
  }

  /** Records a stopped reply: the interrupted line, and for a caller barge-in its event and metrics. */
  private recordStop(outcome: BargeInOutcome): void {
    const { registry, callId, log } = this.deps;
    this.replyOpen = false;
    this.reply = null;
    this.prompt = null;
    const line = outcome.line;
    const turnId = line?.turnId ?? 0;
    if (line) this.transcript.recordHeard(line, outcome.heardMs, true);
    this.dropAgentTranscript = true;
    if (!isCallerBargeIn(outcome.source)) return;
    if (outcome.source === 'speech-onset') this.dropModelAudio = true;
    registry.setActivity(callId, 'caller-talking');
    registry.publish(callId, 'barge-in', { turnId, heardMs: outcome.heardMs, droppedMs: outcome.droppedMs });
    const onset = outcome.atMs - this.callerOnsetAtMs <= ONSET_RELEVANT_MS ? this.callerOnsetAtMs : undefined;
    this.publishMetrics(this.metrics.bargeIn(turnId, outcome.atMs, onset, outcome.carrierBufferedMs));
    log.info(
      { source: outcome.source, heardMs: outcome.heardMs, droppedMs: outcome.droppedMs },
      'barge-in: reply stopped',
    );
  }

  private playPrompt(name: PromptName): void {
    if (this.closed) return;
    this.replyOpen = false;
    this.reply = null;
    this.prompt = name;
    this.handoffLineStarted = true;
    this.pacer.startReply();
    this.pacer.push(promptPcm(name));
    this.pacer.endOfReply();
    this.deps.log.info({ prompt: name }, 'playing recorded prompt');
  }

  // ── the carrier side ───────────────────────────────────────────────────────────────────────────

  private onCallerFrame(frame: Int16Array): void {
    const now = this.deps.clock.nowMs();
    const change = this.voice.push(frame, now);
    this.deps.tap?.(this.deps.callId, 'inbound', frame);
    if (change?.type === 'onset') this.onCallerOnset(change.atMs, 'speech-onset');
    else if (change?.type === 'end') this.onCallerEnd(change.atMs);
    this.maybePublishLevels(now);
    if (this.handingOff || this.failed) return;
    if (this.deps.config.echoMode && !this.deps.connectAi) {
      this.pacer.push(frame.slice());
      return;
    }
    if (!this.ai) return;
    this.ai.sendAudio(this.toAi ? this.toAi.process(frame) : frame.slice());
  }

  /** The caller started talking, by our level check or the model's VAD (`source`). */
  private onCallerOnset(atMs: number, source: 'speech-onset' | 'model'): void {
    if (this.endMarked || atMs < this.callerOnsetAtMs) this.callerOnsetAtMs = atMs;
    this.endMarked = false;
    this.deps.registry.setActivity(this.deps.callId, 'caller-talking');
    // Before the first model audio the start-up watchdog keeps running: the caller's "hello?" does not stop it.
    if (this.heardModel) this.deadAir.clear();
    if (this.handingOff || this.failed || this.prompt || !this.ai) return;
    // The model's VAD hearing the caller over its reply is its barge-in signal. Our own onset check
    // stands in for providers that do not report barge-in, and for any provider once its reply is fully
    // sent: a model that has finished generating has nothing left to interrupt, while we still play.
    if (source === 'model' || !this.ai.capabilities.detectsBargeIn || !this.replyOpen) {
      this.bargeIn.stop(this.ai, source, this.reply);
    }
  }

  private onCallerEnd(atMs: number): void {
    if (this.endMarked) return;
    this.endMarked = true;
    this.dropModelAudio = false;
    this.metrics.callerEndOfSpeech(atMs);
    if (!this.pacer.isPlaying()) this.deps.registry.setActivity(this.deps.callId, 'idle');
    if (this.heardModel && atMs - this.callerOnsetAtMs >= MIN_UTTERANCE_MS) {
      this.armDeadAir('AI_DEAD_AIR', 'The AI went silent after the caller spoke');
    }
  }

  private onTranscript(speaker: 'caller' | 'agent', text: string, final: boolean): void {
    if (speaker === 'agent' && this.dropAgentTranscript) return;
    const line = this.transcript.apply(speaker, text, final);
    if (speaker === 'agent' && this.reply?.turnId === line.turnId) this.reply.text = line.text;
  }

  private publishMetrics(record: TurnMetricsRecord): void {
    const { kind: _kind, atMs: _atMs, ...figures } = record;
    this.deps.registry.publish(this.deps.callId, 'turn.metrics', figures);
  }

  private sendFrame(frame: Int16Array): void {
    const { ws } = this.deps;
    if (ws.readyState !== ws.OPEN) return;
    this.outboundDbfs = levelDbfs(frame);
    this.deps.tap?.(this.deps.callId, 'outbound', frame);
    ws.send(bufferFromInt16(frame), { binary: true });
  }

  private maybePublishLevels(now: number): void {
    if (now - this.lastLevelPublishMs < LEVEL_PUBLISH_MS) return;
    this.lastLevelPublishMs = now;
    if (!this.pacer.isPlaying()) this.outboundDbfs = SILENCE_DBFS;
    this.deps.registry.setLevels(this.deps.callId, this.voice.lastDbfs, this.outboundDbfs);
  }

  // ── timers ─────────────────────────────────────────────────────────────────────────────────────

  private armDeadAir(code: ErrorCode, detail: string): void {
    if (this.deps.connectAi && !this.handingOff && !this.failed && !this.closed)
      this.deadAir.arm(code, detail);
  }

  private armHandoffLineWait(): void {
    this.deps.clock.clearTimeout(this.handoffLineTimer);
    this.handoffLineTimer = this.deps.clock.setTimeout(() => {
      this.handoffLineTimer = undefined;
      if (this.closed || this.handoffLineStarted || this.failed) return;
      this.deps.log.warn('the AI did not say the hand-off line: playing the recorded prompt');
      this.bargeIn.stop(this.ai, 'handoff', this.reply);
      this.playPrompt('handoff');
    }, HANDOFF_LINE_WAIT_MS);
  }

  private releaseHandoffWaiters(): void {
    const waiters = this.handoffWaiters;
    this.handoffWaiters = [];
    for (const done of waiters) done();
  }
}
