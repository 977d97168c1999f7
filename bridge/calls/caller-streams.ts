// The callers' media streams: a stream /voice asked for is admitted only for a live call that has none
// yet (the signed token names the call), becomes the call's CallSession, and its close is the end of
// the call — unless the carrier moved the call on (the redirect accelerator). A close without a
// normal close frame is the carrier dropping the caller, never "the AI resolved it".
import type { WebSocket } from 'ws';
import type { RealtimeSession } from '../ai/provider';
import type { Clock } from '../base/clock';
import type { Config } from '../config/config';
import type { CallId, CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { FrameClock } from '../media/frame-clock';
import type { AdmitResult } from '../media/server';
import { outcomeOf, type EndCall } from './call-end';
import type { EscalationReason } from '../domain/call';
import type { CallRegistry, LiveCallState } from './registry';
import { CallSession } from './session';

export interface CallerStreamsDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly registry: CallRegistry;
  /** Opens an AI session for a call; null when no provider is configured. */
  readonly connectAi: () => ((callSid: CarrierCallSid, log: Log) => Promise<RealtimeSession>) | null;
  readonly escalate: (callId: CallId, reason: EscalationReason, detail: string, triggerText?: string) => void;
  readonly tap: (callId: CallId, direction: 'inbound' | 'outbound', frame: Int16Array) => void;
  readonly endCall: EndCall;
  /** Whether the carrier now runs the call (its stream closing is then not the call ending). */
  readonly onCarrierRoute: (call: LiveCallState) => boolean;
  /** The carrier is being asked to move the call: its stream closing may be that move (decided later). */
  readonly deferStreamEnd: (call: LiveCallState, code: number) => boolean;
  /** The stream closed (listen-in forgets the call). */
  readonly onClosed?: (callId: CallId) => void;
}

export class CallerStreams {
  /** Every caller's outbound audio is paced from this one timer (measured: bench/ai-leg.ts). */
  private readonly frameClock: FrameClock;

  constructor(private readonly deps: CallerStreamsDeps) {
    this.frameClock = new FrameClock(deps.clock);
  }

  admit(callSid: string): AdmitResult {
    const live = this.deps.registry.get(callSid);
    if (!live) return { ok: false, status: 404, reason: 'unknown call' };
    if (live.phase === 'ended') return { ok: false, status: 410, reason: 'call ended' };
    if (live.legs.stream && !live.legs.stream.isClosed)
      return { ok: false, status: 409, reason: 'call already streaming' };
    return { ok: true };
  }

  /** The caller's stream opened: the call's session starts (the AI greets, or the human route runs). */
  start(ws: WebSocket, callSid: string): void {
    const { config, clock, registry } = this.deps;
    const call = registry.get(callSid);
    if (!call) {
      ws.close(1008, 'unknown call');
      return;
    }
    clock.clearTimeout(call.streamWait);
    call.streamWait = undefined;
    const log = this.deps.log.child({ callId: call.callSid });
    const connect = this.deps.connectAi();
    const session = new CallSession({
      ws,
      callId: call.callId,
      callSid: call.callSid,
      config,
      clock,
      log,
      registry,
      connectAi: connect ? () => connect(call.callSid, log) : null,
      escalate: this.deps.escalate,
      tap: this.deps.tap,
      frameClock: this.frameClock,
    });
    call.legs.stream = session;
    ws.on('close', (code) => this.closed(call, code));
    if (!connect && !config.echoMode)
      this.deps.escalate(call.callId, 'no-ai', 'No AI provider is configured');
  }

  /** Every live stream ends (the app stopping). */
  closeAll(reason: string): void {
    for (const call of this.deps.registry.list()) call.legs.stream?.close(reason);
  }

  private closed(call: LiveCallState, code: number): void {
    this.deps.onClosed?.(call.callId);
    if (call.phase === 'ended' || this.deps.onCarrierRoute(call) || this.deps.deferStreamEnd(call, code))
      return;
    const normal = code === 1000 || code === 1001;
    this.deps.endCall(
      call.callSid,
      outcomeOf(call, code),
      normal ? 'the caller’s stream ended' : `the carrier dropped the media stream (${code})`,
    );
  }
}
