// One caller's media stream, the call's lifeline: carrier in → framer → (resampler) → AI; AI out →
// resampler → pacer → carrier. While the AI is quiet the bridge plays its own audio into the same pacer
// (bridge-audio.ts: hold programs, then a joined person's voice) and the caller's frames go to that
// person, and to the AI still listening where its provider can (ai-listener.ts). The ideas along the
// way are their own stages: the AI leg (ai-leg.ts), the caller's turns and barge-in (caller-turn.ts),
// what the AI plays (reply-playback.ts), the hand-off line and the apology (handoff-line.ts), dead air
// (dead-air.ts), the console's level meters (level-publisher.ts).
import type { WebSocket } from 'ws';
import type { RealtimeSession } from '../ai/provider';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import type { CallId, CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { CarrierInput } from '../media/carrier-input';
import type { ControlMessage } from '../media/carrier-protocol';
import type { FrameClock } from '../media/frame-clock';
import { Pacer } from '../media/pacer';
import { bufferFromInt16 } from '../media/pcm';
import { VoiceActivity } from '../media/voice-activity';
import { AiLeg } from './ai-leg';
import { AiListener } from './ai-listener';
import { BargeIn } from './barge-in';
import { BridgeAudio } from './bridge-audio';
import type { CallContext } from './call-context';
import { CallerTurn } from './caller-turn';
import { DeadAirWatchdog } from './dead-air';
import type { EscalationReason } from '../domain/call';
import { HandoffLine } from './handoff-line';
import type { AgentLeg, CallerLine, HoldProgram } from './legs';
import { LevelPublisher } from './level-publisher';
import { TurnMetrics, type TurnMetricsRecord } from './metrics';
import type { CallRegistry } from './registry';
import { ReplyPlayback } from './reply-playback';
import { CallTranscript } from './turns';

export const CARRIER_RATE_HZ = 16_000;
export const FRAME_MS = 20;
const FRAME_SAMPLES = (CARRIER_RATE_HZ * FRAME_MS) / 1000;
/** Inbound audio above 4× real time for a second is a flood, not a call. */
const FLOOD_BYTES_PER_S = 4 * CARRIER_RATE_HZ * 2;

export interface SessionDeps {
  readonly ws: WebSocket;
  readonly callId: CallId;
  readonly callSid: CarrierCallSid;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  /** Opens the AI leg; null runs the echo test mode (only when `config.echoMode`). */
  readonly connectAi: (() => Promise<RealtimeSession>) | null;
  readonly escalate: (callId: CallId, reason: EscalationReason, detail: string, triggerText?: string) => void;
  /** Listen-in taps: every inbound and outbound 20 ms frame (read only). */
  readonly tap?: (callId: CallId, direction: 'inbound' | 'outbound', frame: Int16Array) => void;
  /** Paces this call's outbound frames with every other call's (one timer); absent: a timer of its own. */
  readonly frameClock?: FrameClock;
}

/**
 * Who is talking to the caller: the AI (`ai`), the bridge's own hold audio (`bridge`), or a person
 * joined through the bridge (`human`).
 */
export type StreamMode = 'ai' | 'bridge' | 'human';

export class CallSession implements CallerLine {
  private readonly input: CarrierInput;
  private readonly pacer: Pacer;
  private readonly voice = new VoiceActivity({ frameMs: FRAME_MS });
  private readonly metrics: TurnMetrics;
  private readonly levels: LevelPublisher;
  private readonly deadAir: DeadAirWatchdog;
  private readonly playback: ReplyPlayback;
  private readonly caller: CallerTurn;
  private readonly leg: AiLeg;
  private readonly handoff: HandoffLine;
  private readonly bridgeAudio: BridgeAudio;
  private mode: StreamMode = 'ai';
  private agent: AgentLeg | null = null;
  /** The AI kept on listen-only while a person has the call. */
  private listener: AiListener | null = null;
  private readonly callerTaps = new Set<(frame: Int16Array) => void>();
  private closed = false;

  constructor(private readonly deps: SessionDeps) {
    const { clock, config, callId, registry, log, ws } = deps;
    const call: CallContext = { callId, registry, clock, log };
    const openedAtMs = clock.nowMs();
    const callClosed = () => this.closed;
    const escalate = (reason: EscalationReason, detail: string, triggerText?: string) =>
      deps.escalate(callId, reason, detail, triggerText);
    this.metrics = new TurnMetrics(openedAtMs);
    const transcript = new CallTranscript({ ...call, openedAtMs });
    this.levels = new LevelPublisher({ callId, registry, playing: () => this.pacer.isPlaying() });
    this.deadAir = new DeadAirWatchdog({
      clock,
      deadAirMs: config.deadAirMs,
      busy: () => this.pacer.isPlaying() || this.voice.speakingAt(clock.nowMs()),
      watching: () =>
        this.mode === 'ai' && !!deps.connectAi && !this.handoff.active && !this.leg.failed && !this.closed,
      onDeadAir: (code, message, detail) => this.leg.fail(code, message, detail),
    });
    this.input = new CarrierInput({
      callSid: deps.callSid,
      clock,
      log,
      frameSamples: FRAME_SAMPLES,
      floodBytesPerS: FLOOD_BYTES_PER_S,
      onFrame: (frame) => this.onCallerFrame(frame),
      onAlias: (id) => {
        if (!registry.alias(id, deps.callSid))
          log.warn({ alias: id }, 'metadata id names another live call: not kept');
      },
      onProblem: (e) => registry.publish(callId, 'error', { code: e.code, message: e.message }),
      close: (code, reason) => ws.close(code, reason),
    });
    const pacer = new Pacer({
      clock,
      frameClock: deps.frameClock,
      frameMs: FRAME_MS,
      sampleRateHz: CARRIER_RATE_HZ,
      leadMs: config.pacerLeadMs,
      send: (frame) => this.sendFrame(frame),
      onFirstFrame: () => {
        if (this.mode === 'ai') this.playback.firstFrame();
      },
      onDrained: () => {
        if (this.mode === 'ai') this.playback.drained();
      },
    });
    this.pacer = pacer;
    this.bridgeAudio = new BridgeAudio({
      clock,
      pacer,
      frameMs: FRAME_MS,
      sampleRateHz: CARRIER_RATE_HZ,
      sendControl: (m) => this.sendControl(m),
    });
    const bargeIn = new BargeIn({
      clock,
      pacer,
      sendControl: (m) => this.sendControl(m),
      resetModelAudio: () => this.leg.resetModelAudio(),
      record: (outcome) => this.playback.recordStop(outcome),
    });
    const { metrics, voice, deadAir } = this;
    const playback = new ReplyPlayback({
      ...call,
      pacer,
      transcript,
      metrics,
      voice,
      callerOnsetFor: (atMs) => this.caller.onsetFor(atMs),
      onReplyStart: (nowMs) => this.caller.replyStarting(nowMs),
      onPlayedOut: (wasPrompt) => this.handoff.playedOut(wasPrompt),
    });
    this.playback = playback;
    const leg = new AiLeg({
      ...call,
      greeting: config.greeting,
      handoffMessage: config.handoffMessage,
      carrierRateHz: CARRIER_RATE_HZ,
      connect: deps.connectAi,
      listener: {
        audio: (pcm) => this.onModelAudio(pcm),
        transcript: (speaker, text, final) => playback.transcript(speaker, text, final),
        speechStarted: () => this.caller.modelHeardStart(),
        speechStopped: () => this.caller.modelHeardStop(),
        interrupted: () => this.caller.modelInterrupted(),
        turnComplete: () => playback.turnComplete(),
      },
      escalate,
      callClosed,
      handingOff: () => this.handoff.active,
      onHandoffAsked: () => this.handoff.aiAskedForIt(),
      onLeftDuringHandoff: () => this.handoff.aiLeft(),
      onFailed: (detail) => this.handoff.aiFailed(detail),
    });
    this.leg = leg;
    const handoff = new HandoffLine({
      clock,
      log,
      handoffMessage: config.handoffMessage,
      pacer,
      playback,
      bargeIn,
      leg,
      deadAir,
      escalate,
      callClosed,
    });
    this.handoff = handoff;
    this.caller = new CallerTurn({
      ...call,
      frameMs: FRAME_MS,
      voice,
      metrics,
      pacer,
      playback,
      bargeIn,
      deadAir,
      leg,
      handoff,
    });
    ws.on('message', (data, isBinary) => {
      if (!this.closed) this.input.push(data as Buffer, isBinary);
      // Frames due meanwhile leave now, not when the event loop gets round to the clock's timer.
      this.deps.frameClock?.poll();
    });
    ws.on('close', (code, reason) =>
      this.close(`carrier closed (${code}${reason.length ? ` ${reason}` : ''})`),
    );
    ws.on('error', (err) => log.warn({ err: err.message }, 'media socket error'));
    registry.publish(callId, 'stream.started', {});
    log.info('stream started');
    this.deadAir.startUp();
    this.leg.start();
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
    return this.leg.whisper(text);
  }

  /** Who is talking to the caller now. */
  get streamMode(): StreamMode {
    return this.mode;
  }

  /** The call is leaving the AI: see HandoffLine.begin. */
  beginHandoff(cutNow = false): void {
    this.handoff.begin(cutNow);
  }

  /** Resolves once the hand-off line (or apology) has played out, the call closed, or `maxWaitMs` passed. */
  handoffLineDone(maxWaitMs = 8000): Promise<void> {
    return this.handoff.lineDone(maxWaitMs);
  }

  /**
   * Whether an AI can talk to the caller now or again: the leg is healthy, or closed on purpose and able
   * to open again (echo mode counts). False means only the bridge's audio and people are left.
   */
  canAiKeepCall(): boolean {
    if (this.closed) return false;
    // No model at all: only echo mode (a test setting) talks back.
    if (!this.deps.connectAi) return this.deps.config.echoMode;
    return this.leg.canKeepCall || this.leg.canComeBack;
  }

  backToAi(line: string): boolean {
    if (this.closed || !this.canAiKeepCall()) return false;
    this.unjoinAgent();
    this.stopListening('the AI takes the call back');
    this.bridgeAudio.stop();
    this.mode = 'ai';
    if (this.handoff.active) {
      this.handoff.cancel(line);
      // The hand-off line had released the model: a session closed meanwhile is opened again.
      if (!this.leg.session) return this.leg.comeBack(line);
      return true;
    }
    return this.leg.comeBack(line);
  }

  releaseAi(reason: string): void {
    if (this.closed) return;
    if (!this.handoff.active) this.handoff.begin(true);
    this.stopListening(reason);
    this.leg.detach(reason);
  }

  aiStepsAside(reason: string): boolean {
    if (this.closed) return false;
    if (!this.handoff.active) this.handoff.begin(true);
    // Already listening since the hand-off began: it listens on through the person's call.
    if (this.listener?.listening) return true;
    this.stopListening(reason);
    const ai = this.leg.session;
    if (!ai || this.leg.failed || !AiListener.canListen(ai)) {
      this.leg.detach(reason);
      return false;
    }
    this.leg.letGo();
    const { callId, registry, clock, log } = this.deps;
    this.listener = new AiListener(ai, {
      callId,
      registry,
      clock,
      log,
      carrierRateHz: CARRIER_RATE_HZ,
      callerLine: (text, final) => this.playback.transcript('caller', text, final),
    });
    return true;
  }

  hold(program: HoldProgram): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.unjoinAgent();
    this.mode = 'bridge';
    if (!this.handoff.active) this.handoff.begin(true);
    return this.bridgeAudio.play(program);
  }

  joinAgent(leg: AgentLeg): (frame: Int16Array) => void {
    if (this.closed) return () => undefined;
    if (!this.handoff.active) this.handoff.begin(true);
    this.bridgeAudio.stop();
    this.mode = 'human';
    this.agent = leg;
    return (frame) => {
      if (this.agent === leg && !this.closed) this.bridgeAudio.agentVoice(frame);
    };
  }

  unjoinAgent(): void {
    if (!this.agent) return;
    this.agent = null;
    this.stopListening('the person left the call');
    if (this.mode === 'human') {
      this.bridgeAudio.stop();
      this.mode = 'bridge';
    }
  }

  tapCaller(sink: (frame: Int16Array) => void): () => void {
    this.callerTaps.add(sink);
    return () => this.callerTaps.delete(sink);
  }

  /** Sends a carrier control message (JSON text frame); never relied upon. */
  sendControl(message: ControlMessage): void {
    if (this.deps.ws.readyState === this.deps.ws.OPEN) this.deps.ws.send(JSON.stringify(message));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deadAir.clear();
    this.bridgeAudio.stop();
    this.pacer.stop();
    // The last partial caller frame still goes through (padded), before the AI leg closes.
    this.input.flush();
    this.stopListening(reason);
    this.leg.detach(reason);
    this.handoff.end();
    const { ws } = this.deps;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000, 'call ended');
    this.deps.registry.publish(this.deps.callId, 'stream.stopped', { reason });
    this.deps.log.info({ reason }, 'stream stopped');
  }

  /** The AI listening in (while a person has the call) is closed. */
  private stopListening(reason: string): void {
    this.listener?.close(reason);
    this.listener = null;
  }

  /** Carrier in: a whole 20 ms caller frame (reused by the framer: copied where kept). */
  private onCallerFrame(frame: Int16Array): void {
    const now = this.deps.clock.nowMs();
    this.deps.tap?.(this.deps.callId, 'inbound', frame);
    this.caller.hear(frame, now);
    this.levels.inbound(now, this.voice.lastDbfs);
    for (const sink of this.callerTaps) sink(frame);
    // A listening AI hears the caller while they wait and while a person has the call.
    this.listener?.hear(frame);
    if (this.mode === 'human') {
      this.agent?.hear(frame);
      return;
    }
    if (this.mode === 'bridge' || this.handoff.active || this.leg.failed) return;
    if (this.deps.config.echoMode && !this.deps.connectAi) {
      this.pacer.push(frame.slice());
      return;
    }
    this.leg.sendCallerAudio(frame);
  }

  /** AI out: model audio that is wanted goes to the carrier rate and into the pacer. */
  private onModelAudio(pcm: Int16Array): void {
    if (this.closed || this.mode !== 'ai' || this.leg.failed || !this.playback.takesModelAudio) return;
    const now = this.deps.clock.nowMs();
    this.deadAir.modelSpoke();
    this.handoff.modelSpoke();
    this.playback.modelAudio(this.leg.toCarrierRate(pcm), now);
    this.deps.frameClock?.poll();
  }

  /** Carrier out: one paced frame. */
  private sendFrame(frame: Int16Array): void {
    const { ws } = this.deps;
    if (ws.readyState !== ws.OPEN) return;
    this.levels.outbound(frame);
    this.deps.tap?.(this.deps.callId, 'outbound', frame);
    ws.send(bufferFromInt16(frame), { binary: true });
  }
}
