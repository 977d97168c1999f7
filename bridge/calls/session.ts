// One call's media wiring: carrier in → framer → (resampler) → AI; AI out → resampler → pacer →
// carrier. The ideas along the way are their own stages: the AI leg (ai-leg.ts), the caller's turns
// and barge-in (caller-turn.ts), what we play (reply-playback.ts), the hand-off line and the apology
// (handoff-line.ts), dead air (dead-air.ts), the console's level meters (level-publisher.ts).
import type { WebSocket } from 'ws';
import type { RealtimeSession } from '../ai/provider';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { CallId } from '../ids';
import type { Log } from '../log';
import { CarrierInput } from '../media/carrier-input';
import type { ControlMessage } from '../media/carrier-protocol';
import { Pacer } from '../media/pacer';
import { bufferFromInt16 } from '../media/pcm';
import { VoiceActivity } from '../media/voice-activity';
import { AiLeg } from './ai-leg';
import { BargeIn } from './barge-in';
import type { CallContext } from './call-context';
import { CallerTurn } from './caller-turn';
import { DeadAirWatchdog } from './dead-air';
import type { EscalationReason } from './events';
import { HandoffLine } from './handoff-line';
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

export class CallSession {
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
      watching: () => !!deps.connectAi && !this.handoff.active && !this.leg.failed && !this.closed,
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
      frameMs: FRAME_MS,
      sampleRateHz: CARRIER_RATE_HZ,
      leadMs: config.pacerLeadMs,
      send: (frame) => this.sendFrame(frame),
      onFirstFrame: () => this.playback.firstFrame(),
      onDrained: () => this.playback.drained(),
    });
    this.pacer = pacer;
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

  /** The call is leaving the AI (redirect in flight): see HandoffLine.begin. */
  beginHandoff(): void {
    this.handoff.begin();
  }

  /** The hand-off could not be made (the redirect failed): the AI keeps the call (hook for overflow). */
  cancelHandoff(apology: string): void {
    this.handoff.cancel(apology);
  }

  /** Resolves once the hand-off line (or apology) has played out, the call closed, or `maxWaitMs` passed. */
  handoffLineDone(maxWaitMs = 8000): Promise<void> {
    return this.handoff.lineDone(maxWaitMs);
  }

  /**
   * Whether the AI leg can keep the call if the hand-off fails: not failed, not gone (echo mode keeps
   * it too). False means nothing can speak to the caller on this stream any more.
   */
  canKeepCall(): boolean {
    return !this.closed && this.leg.canKeepCall;
  }

  /** Sends a carrier control message (JSON text frame); never relied upon. */
  sendControl(message: ControlMessage): void {
    if (this.deps.ws.readyState === this.deps.ws.OPEN) this.deps.ws.send(JSON.stringify(message));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.deadAir.clear();
    this.pacer.stop();
    // The last partial caller frame still goes through (padded), before the AI leg closes.
    this.input.flush();
    this.leg.detach(reason);
    this.handoff.end();
    const { ws } = this.deps;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000, 'call ended');
    this.deps.registry.publish(this.deps.callId, 'stream.stopped', { reason });
    this.deps.log.info({ reason }, 'stream stopped');
  }

  /** Carrier in: a whole 20 ms caller frame (reused by the framer: copied where kept). */
  private onCallerFrame(frame: Int16Array): void {
    const now = this.deps.clock.nowMs();
    this.deps.tap?.(this.deps.callId, 'inbound', frame);
    this.caller.hear(frame, now);
    this.levels.inbound(now, this.voice.lastDbfs);
    if (this.handoff.active || this.leg.failed) return;
    if (this.deps.config.echoMode && !this.deps.connectAi) {
      this.pacer.push(frame.slice());
      return;
    }
    this.leg.sendCallerAudio(frame);
  }

  /** AI out: model audio that is wanted goes to the carrier rate and into the pacer. */
  private onModelAudio(pcm: Int16Array): void {
    if (this.closed || this.leg.failed || !this.playback.takesModelAudio) return;
    const now = this.deps.clock.nowMs();
    this.deadAir.modelSpoke();
    this.handoff.modelSpoke();
    this.playback.modelAudio(this.leg.toCarrierRate(pcm), now);
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
