// One call's media wiring: carrier in → framer → (resampler) → AI; AI out → resampler → pacer →
// carrier. Barge-in, transcripts and turn metrics are published as CallEvents; failures escalate.
import type { WebSocket } from 'ws';
import type { RealtimeSession } from '../ai/provider';
import type { Clock, TimerHandle } from '../clock';
import type { Config } from '../config';
import { SautiError } from '../errors';
import type { CallId } from '../ids';
import { maskText, type Log } from '../log';
import { control, parseCarrierEvent, parseMetadata, type ControlMessage } from '../media/carrier-protocol';
import { Framer } from '../media/framer';
import { Pacer } from '../media/pacer';
import { bufferFromInt16, levelDbfs } from '../media/pcm';
import { Resampler } from '../media/resample';
import type { EscalationReason } from './events';
import type { CallRegistry } from './registry';
import { TurnTracker } from './turns';

export const CARRIER_RATE_HZ = 16_000;
export const FRAME_MS = 20;
const FRAME_SAMPLES = (CARRIER_RATE_HZ * FRAME_MS) / 1000;
/** A frame louder than this counts as caller speech for our own timing and barge-in checks. */
const SPEECH_DBFS = -40;
/** Quiet time after speech that counts as the caller's end of speech. */
const END_OF_SPEECH_MS = 300;
const LEVEL_PUBLISH_MS = 200;
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
  /** Listen-in taps: every inbound and outbound 20 ms frame. */
  readonly tap?: (callId: CallId, direction: 'inbound' | 'outbound', frame: Int16Array) => void;
}

export class CallSession {
  private readonly framer: Framer;
  private readonly pacer: Pacer;
  private readonly turns = new TurnTracker();
  private ai: RealtimeSession | null = null;
  private toAi: Resampler | null = null;
  private fromAi: Resampler | null = null;
  private metadataSeen = false;
  private closed = false;
  private handingOff = false;
  private readonly openedAtMs: number;
  private greetingMeasured = false;
  private lastVoiceAtMs = -1;
  private callerSpeaking = false;
  private callerEndOfSpeechMs = -1;
  private awaitingReplyTurn = false;
  private replyStarted = false;
  private modelAudioAtMs = -1;
  private inboundDbfs = -100;
  private outboundDbfs = -100;
  private lastLevelPublishMs = 0;
  private floodWindowStartMs = 0;
  private floodBytes = 0;
  private deadAirTimer: TimerHandle | undefined;

  constructor(private readonly deps: SessionDeps) {
    const { clock, config } = deps;
    this.openedAtMs = clock.nowMs();
    this.framer = new Framer(FRAME_SAMPLES, (frame) => this.onCallerFrame(frame));
    this.pacer = new Pacer({
      clock,
      frameMs: FRAME_MS,
      sampleRateHz: CARRIER_RATE_HZ,
      leadMs: config.pacerLeadMs,
      send: (frame) => this.sendFrame(frame),
      onFirstFrame: () => this.onFirstFrameOfReply(),
      onDrained: () => this.deps.registry.setActivity(this.deps.callId, 'idle'),
    });
    deps.ws.on('message', (data, isBinary) => this.onMessage(data as Buffer, isBinary));
    deps.ws.on('close', (code, reason) => this.close(`carrier closed (${code}${reason.length ? ` ${reason}` : ''})`));
    deps.ws.on('error', (err) => deps.log.warn({ err: err.message }, 'media socket error'));
    deps.registry.publish(deps.callId, 'stream.started', {});
    deps.log.info('stream started');
    this.startAi();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A supervisor's hint to the AI. */
  whisper(text: string): boolean {
    if (!this.ai) return false;
    this.ai.nudge(text);
    return true;
  }

  /** The call is leaving the AI (redirect in flight): say the hand-off line and stop listening. */
  beginHandoff(): void {
    this.handingOff = true;
    this.clearDeadAir();
  }

  /** Sends a carrier control message (JSON text frame); never relied upon. */
  sendControl(message: ControlMessage): void {
    if (this.deps.ws.readyState === this.deps.ws.OPEN) this.deps.ws.send(JSON.stringify(message));
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.clearDeadAir();
    this.pacer.stop();
    this.framer.flush();
    this.ai?.close(reason);
    this.ai?.events.removeAll();
    if (this.deps.ws.readyState === this.deps.ws.OPEN || this.deps.ws.readyState === this.deps.ws.CONNECTING) {
      this.deps.ws.close(1000, 'call ended');
    }
    this.deps.registry.publish(this.deps.callId, 'stream.stopped', { reason });
    this.deps.log.info({ reason }, 'stream stopped');
  }

  private startAi(): void {
    const { connectAi, config, log, callId } = this.deps;
    if (!connectAi) return;
    connectAi().then(
      (session) => {
        if (this.closed) {
          session.close('call already ended');
          return;
        }
        this.attachAi(session);
      },
      (err: unknown) => {
        const e = err instanceof SautiError ? err : new SautiError('AI_CONNECT_FAILED', String(err));
        log.error({ code: e.code, err: e.message }, 'AI connect failed');
        this.deps.registry.publish(callId, 'error', { code: e.code, message: e.message });
        if (!this.closed) this.deps.escalate(callId, 'ai-failure', `AI could not start: ${e.message}`);
      },
    );
    void config;
  }

  private attachAi(ai: RealtimeSession): void {
    const { log, callId, registry, config } = this.deps;
    this.ai = ai;
    const caps = ai.capabilities;
    this.toAi = caps.inputSampleRateHz === CARRIER_RATE_HZ ? null : new Resampler({ inputRateHz: CARRIER_RATE_HZ, outputRateHz: caps.inputSampleRateHz });
    this.fromAi = caps.outputSampleRateHz === CARRIER_RATE_HZ ? null : new Resampler({ inputRateHz: caps.outputSampleRateHz, outputRateHz: CARRIER_RATE_HZ });
    const ev = ai.events;
    ev.on('ready', ({ resumed }) => {
      log.info({ resumed }, resumed ? 'AI session resumed' : 'AI session ready');
      if (!resumed) ai.greet(config.greeting);
    });
    ev.on('audio', (pcm) => this.onModelAudio(pcm));
    ev.on('caller.transcript', ({ text, final }) => this.onTranscript('caller', text, final));
    ev.on('agent.transcript', ({ text, final }) => this.onTranscript('agent', text, final));
    ev.on('speech.started', () => this.onCallerSpeechStarted());
    ev.on('speech.stopped', () => this.markCallerEndOfSpeech(this.deps.clock.nowMs()));
    ev.on('interrupted', () => this.bargeIn());
    ev.on('turn.complete', () => {
      this.pacer.endOfReply();
      const line = this.turns.close('agent');
      if (line) this.publishLine(line.turnId, 'agent', line.text, true, line.startMs);
    });
    ev.on('handoff', (req) => {
      log.info({ reason: req.reason }, 'AI requested a handoff');
      ai.answerHandoff(req.toolCallId, { accepted: true, message: config.handoffMessage });
      this.deps.escalate(callId, 'ai-requested', req.reason, req.summary);
    });
    ev.on('usage', (u) => registry.publish(callId, 'usage', { inputTokens: u.inputTokens, outputTokens: u.outputTokens }));
    ev.on('error', (err) => {
      log.error({ code: err.code, err: err.message }, 'AI session error');
      registry.publish(callId, 'error', { code: err.code, message: err.message });
      if (!this.closed && !this.handingOff) this.deps.escalate(callId, 'ai-failure', err.message);
    });
    ev.on('close', ({ reason, error }) => {
      this.ai = null;
      if (this.closed || this.handingOff) return;
      log.warn({ reason }, 'AI session closed mid-call');
      this.deps.escalate(callId, 'ai-failure', error?.message ?? `AI session closed: ${reason}`);
    });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      const text = data.toString('utf8');
      if (!this.metadataSeen) {
        this.onMetadata(text);
        return;
      }
      const event = parseCarrierEvent(text);
      if (event) this.deps.log.debug({ type: event.type }, 'carrier event');
      else this.deps.log.warn({ bytes: data.length }, 'unrecognised text frame from carrier ignored');
      return;
    }
    if (!this.metadataSeen) {
      this.deps.log.warn('audio before metadata: treating the stream as started');
      this.metadataSeen = true;
    }
    if (this.isFlood(data.length)) {
      this.deps.log.error({ code: 'MEDIA_FLOOD' }, 'inbound audio far above real time: closing stream');
      this.deps.registry.publish(this.deps.callId, 'error', { code: 'MEDIA_FLOOD', message: 'Inbound audio flood' });
      this.deps.ws.close(1008, 'audio flood');
      return;
    }
    this.framer.push(data);
  }

  private onMetadata(text: string): void {
    try {
      const meta = parseMetadata(text);
      if (meta.callSid !== this.deps.callSid) {
        this.deps.log.error({ code: 'MEDIA_CALL_MISMATCH' }, 'metadata names another call: closing');
        this.deps.ws.close(1008, 'call mismatch');
        return;
      }
      this.metadataSeen = true;
    } catch (err) {
      const e = err instanceof SautiError ? err : new SautiError('MEDIA_BAD_METADATA', String(err));
      this.deps.log.warn({ code: e.code, err: e.message }, 'bad metadata frame ignored');
      this.deps.registry.publish(this.deps.callId, 'error', { code: e.code, message: e.message });
    }
  }

  private isFlood(bytes: number): boolean {
    const now = this.deps.clock.nowMs();
    if (now - this.floodWindowStartMs >= 1000) {
      this.floodWindowStartMs = now;
      this.floodBytes = 0;
    }
    this.floodBytes += bytes;
    return this.floodBytes > FLOOD_BYTES_PER_S;
  }

  private onCallerFrame(frame: Int16Array): void {
    const now = this.deps.clock.nowMs();
    this.inboundDbfs = levelDbfs(frame);
    this.deps.tap?.(this.deps.callId, 'inbound', frame);
    if (this.inboundDbfs > SPEECH_DBFS) {
      if (!this.callerSpeaking) this.onCallerSpeechStarted();
      this.lastVoiceAtMs = now;
    } else if (this.callerSpeaking && this.lastVoiceAtMs >= 0 && now - this.lastVoiceAtMs >= END_OF_SPEECH_MS) {
      this.markCallerEndOfSpeech(this.lastVoiceAtMs);
    }
    this.maybePublishLevels(now);
    if (this.handingOff) return;
    if (this.deps.config.echoMode && !this.deps.connectAi) {
      this.pacer.push(frame.slice());
      return;
    }
    if (!this.ai) return;
    this.ai.sendAudio(this.toAi ? this.toAi.process(frame) : frame.slice());
  }

  private onCallerSpeechStarted(): void {
    if (this.callerSpeaking) return;
    this.callerSpeaking = true;
    this.deps.registry.setActivity(this.deps.callId, 'caller-talking');
    this.clearDeadAir();
    // Our own onset check stands in for providers that do not report barge-in themselves.
    if (this.ai && !this.ai.capabilities.detectsBargeIn && this.pacer.isPlaying()) this.bargeIn();
  }

  private markCallerEndOfSpeech(atMs: number): void {
    if (!this.callerSpeaking && this.callerEndOfSpeechMs >= 0) return;
    this.callerSpeaking = false;
    this.callerEndOfSpeechMs = atMs;
    this.awaitingReplyTurn = true;
    this.replyStarted = false;
    this.modelAudioAtMs = -1;
    this.deps.registry.setActivity(this.deps.callId, 'idle');
    this.armDeadAir();
  }

  private onModelAudio(pcm: Int16Array): void {
    if (this.closed) return;
    const now = this.deps.clock.nowMs();
    if (this.modelAudioAtMs < 0) this.modelAudioAtMs = now;
    this.clearDeadAir();
    if (!this.pacer.isPlaying() && !this.replyStarted) {
      this.replyStarted = true;
      this.pacer.startReply();
      this.turns.ensure('agent', now - this.openedAtMs);
    }
    const out = this.fromAi ? this.fromAi.process(pcm) : pcm;
    if (out.length > 0) this.pacer.push(out);
  }

  private onFirstFrameOfReply(): void {
    const { registry, callId } = this.deps;
    const now = this.deps.clock.nowMs();
    registry.setActivity(callId, 'ai-talking');
    const turnId = this.turns.current('agent')?.turnId ?? 0;
    if (!this.greetingMeasured) {
      this.greetingMeasured = true;
      registry.publish(callId, 'turn.metrics', { turnId, greetingMs: now - this.openedAtMs });
    } else if (this.awaitingReplyTurn && this.callerEndOfSpeechMs >= 0) {
      registry.publish(callId, 'turn.metrics', {
        turnId,
        latencyMs: now - this.callerEndOfSpeechMs,
        modelLatencyMs: this.modelAudioAtMs >= 0 ? this.modelAudioAtMs - this.callerEndOfSpeechMs : undefined,
      });
    }
    this.awaitingReplyTurn = false;
  }

  /** The three parts of a barge-in: drop our queue, tell the carrier, tell the model what was heard. */
  private bargeIn(): void {
    if (!this.pacer.isPlaying() && this.pacer.queuedMs() === 0) return;
    const heardMs = this.pacer.heardMs();
    const { droppedMs } = this.pacer.flush();
    this.sendControl(control.killAudio());
    this.sendControl(control.clearMarks());
    this.fromAi?.reset();
    this.replyStarted = false;
    if (this.ai?.capabilities.canTruncate) this.ai.truncateHeard(heardMs);
    const line = this.turns.close('agent');
    const turnId = line?.turnId ?? 0;
    if (line) this.publishLine(turnId, 'agent', line.text, true, line.startMs, { heardMs, interrupted: true });
    this.deps.registry.publish(this.deps.callId, 'barge-in', { turnId, heardMs, droppedMs });
    this.deps.log.info({ heardMs, droppedMs }, 'barge-in');
  }

  private onTranscript(speaker: 'caller' | 'agent', text: string, final: boolean): void {
    const now = this.deps.clock.nowMs() - this.openedAtMs;
    const line = this.turns.apply(speaker, text, final, now);
    this.publishLine(line.turnId, speaker, line.text, line.final, line.startMs);
    if (final) this.deps.log.debug({ speaker, text: maskText(line.text) }, 'transcript line');
  }

  private publishLine(
    turnId: number,
    speaker: 'caller' | 'agent',
    text: string,
    final: boolean,
    startMs: number,
    extra: { heardMs?: number; interrupted?: boolean } = {},
  ): void {
    const endMs = final ? this.deps.clock.nowMs() - this.openedAtMs : undefined;
    this.deps.registry.publish(this.deps.callId, 'transcript', { turnId, speaker, text, final, startMs, endMs, ...extra });
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
    if (!this.pacer.isPlaying()) this.outboundDbfs = -100;
    this.deps.registry.setLevels(this.deps.callId, this.inboundDbfs, this.outboundDbfs);
  }

  private armDeadAir(): void {
    if (!this.ai || this.handingOff) return;
    this.clearDeadAir();
    this.deadAirTimer = this.deps.clock.setTimeout(() => {
      this.deadAirTimer = undefined;
      if (this.closed || this.handingOff) return;
      this.deps.log.error({ code: 'AI_DEAD_AIR' }, 'no reply from the AI after the caller spoke');
      this.deps.registry.publish(this.deps.callId, 'error', {
        code: 'AI_DEAD_AIR',
        message: `No reply from the AI ${this.deps.config.deadAirMs} ms after the caller spoke`,
      });
      this.deps.escalate(this.deps.callId, 'ai-failure', 'The AI went silent after the caller spoke');
    }, this.deps.config.deadAirMs);
  }

  private clearDeadAir(): void {
    this.deps.clock.clearTimeout(this.deadAirTimer);
    this.deadAirTimer = undefined;
  }
}
