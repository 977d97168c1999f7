// One agent's phone, brought to the caller's stream: an outbound call (POST /v1/calls with an
// Idempotency-Key, from the team's number) whose call-level answer URL (/agent-leg) returns
// <Stream connect="true"> back to our media server with a token for this leg. The leg counts as
// answered only when that stream opens — the one evidence that the agent is on the line and audio
// flows. Unanswered within DIAL_TIMEOUT_S (plus the answer URL's grace), busy, failed or refused: the
// leg is hung up and the hunt moves on. Joined, it relays the caller's frames to the agent's stream
// and the agent's frames (whole 20 ms frames) to the caller's.
import type { WebSocket } from 'ws';
import type { AgentLeg } from '../calls/legs';
import type { DialResult } from '../calls/carrier-events';
import { dialResultOf } from '../calls/carrier-events';
import type { Clock, TimerHandle } from '../base/clock';
import { asCarrierCallSid, type AgentId, type CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import { CarrierInput } from '../media/carrier-input';
import { bufferFromInt16 } from '../media/pcm';
import type { VoiceAction } from '../sautikit/actions';
import { SautikitApiError, type SautikitClient } from '../sautikit/client';
import type { RouteUrls } from './route-urls';

/** After the ring timeout, how long the answer URL and the stream's connect may still take. */
export const ANSWER_GRACE_MS = 5000;
/** While ringing, the leg's record is read this often (lifecycle events may never come). */
export const LEG_POLL_MS = 3000;
const FRAME_SAMPLES = 320;
/** Agent audio far above real time is not a phone. */
const FLOOD_BYTES_PER_S = 4 * 16_000 * 2;
const ENDED_STATUSES = new Set(['completed', 'failed', 'no_answer', 'busy', 'canceled', 'cancelled']);

export type PhoneLegState = 'placing' | 'ringing' | 'connected' | 'ended';

export interface PhoneLegEvents {
  /** The agent's stream opened: join the leg now. */
  answered(leg: PhoneLeg): void;
  /** The leg ended before it was answered. */
  failed(leg: PhoneLeg, result: DialResult, detail?: string): void;
  /** The joined agent is gone (hung up, or their stream dropped). */
  hungUp(leg: PhoneLeg, reason: string): void;
}

export interface PhoneLegDeps {
  readonly clock: Clock;
  readonly log: Log;
  readonly client: SautikitClient;
  readonly urls: RouteUrls;
  readonly legId: string;
  /** The caller's call (its id is in every token of this leg). */
  readonly callSid: CarrierCallSid;
  readonly agent: { readonly id: AgentId; readonly name: string; readonly number: string };
  /** One of the workspace's numbers: the caller id the agent sees. */
  readonly from: string;
  readonly dialTimeoutS: number;
  readonly mediaTokenTtlMs: number;
  /** Said to the agent when they pick up, before the caller is joined. */
  readonly agentLegMessage: string;
  readonly language: string;
  readonly events: PhoneLegEvents;
}

export class PhoneLeg implements AgentLeg {
  readonly via = 'phone' as const;
  readonly agentId: AgentId;
  readonly agentName: string;
  private status: PhoneLegState = 'placing';
  /** The carrier's ids for this leg (call UUID and PBX session id), once known. */
  readonly carrierIds = new Set<CarrierCallSid>();
  private ws: WebSocket | null = null;
  private ringTimer: TimerHandle | undefined;
  private pollTimer: TimerHandle | undefined;
  private speak: ((frame: Int16Array) => void) | null = null;
  private answeredAtMs: number | undefined;
  private endedAtMs: number | undefined;

  constructor(private readonly deps: PhoneLegDeps) {
    this.agentId = deps.agent.id;
    this.agentName = deps.agent.name;
  }

  get state(): PhoneLegState {
    return this.status;
  }

  get number(): string {
    return this.deps.agent.number;
  }

  get legId(): string {
    return this.deps.legId;
  }

  /** Seconds the agent was on the line (from the stream opening), once the leg ended. */
  get connectedSeconds(): number | undefined {
    if (this.answeredAtMs === undefined) return undefined;
    return ((this.endedAtMs ?? this.deps.clock.epochMs()) - this.answeredAtMs) / 1000;
  }

  /** The carrier's id to hang up or look up (the call UUID when known). */
  get carrierId(): CarrierCallSid | undefined {
    return [...this.carrierIds][0];
  }

  /** Places the call; the ring timer starts now. */
  place(): void {
    const { client, urls, legId, callSid, agent, clock, dialTimeoutS } = this.deps;
    this.status = 'ringing';
    this.ringTimer = clock.setTimeout(
      () => this.giveUp('no-answer', `no answer within ${dialTimeoutS} s`),
      dialTimeoutS * 1000 + ANSWER_GRACE_MS,
    );
    client
      .placeCall({
        from: this.deps.from,
        to: agent.number,
        voiceCallbackUrl: urls.url('/agent-leg', callSid, { agentId: agent.id, legId }),
        clientRequestId: legId,
        idempotencyKey: legId,
      })
      .then(
        (placed) => {
          for (const id of [placed.callId, placed.sessionId]) if (id) this.carrierIds.add(id);
          // The caller left (or the ring was given up) while the call was being placed.
          if (this.status === 'ended') this.hangUpCarrier();
          else this.schedulePoll();
        },
        (err: unknown) => {
          if (this.status === 'ended') return;
          const e = err instanceof SautikitApiError ? err : undefined;
          const status = e?.details.status;
          const refused = status !== undefined && status >= 400 && status < 500;
          this.deps.log.warn(
            { code: e?.code, agentId: agent.id, err: String(err) },
            'could not call an agent: trying the next',
          );
          this.finish('failed-before-answer');
          this.deps.events.failed(this, refused ? 'refused' : 'failed', e?.details.carrierCode ?? e?.message);
        },
      );
  }

  /** The answer URL was fetched (the agent picked up): a line for them, then the stream back to us. */
  answerActions(): VoiceAction[] {
    const { urls, callSid, agent, legId, mediaTokenTtlMs } = this.deps;
    return [
      { say: { text: this.deps.agentLegMessage, language: this.deps.language } },
      {
        stream: {
          url: urls.mediaUrl(callSid, mediaTokenTtlMs, { agentId: agent.id, legId }),
          track: 'inbound_track',
          connect: true,
          outputSamplingRate: 16000,
          bidirectionalSamplingRate: 16000,
          name: `sauti-agent-${legId}`,
        },
      },
    ];
  }

  /** Whether the media server should take this leg's stream now. */
  get awaitingStream(): boolean {
    return this.status === 'ringing' && this.ws === null;
  }

  /** The agent's stream opened: the leg is answered. */
  attachStream(ws: WebSocket): void {
    if (!this.awaitingStream) {
      ws.close(1000, 'leg no longer wanted');
      return;
    }
    const { clock, log } = this.deps;
    this.ws = ws;
    this.status = 'connected';
    this.answeredAtMs = clock.epochMs();
    clock.clearTimeout(this.ringTimer);
    clock.clearTimeout(this.pollTimer);
    const input = new CarrierInput({
      callSid: this.deps.callSid,
      clock,
      log,
      frameSamples: FRAME_SAMPLES,
      floodBytesPerS: FLOOD_BYTES_PER_S,
      onFrame: (frame) => this.speak?.(frame),
      onProblem: (e) => log.warn({ code: e.code, err: e.message }, 'agent stream problem'),
      close: (code, reason) => ws.close(code, reason),
      // The token names the caller's call; the leg's own metadata names the leg's call: keep its ids.
      onAlias: (id) => this.carrierIds.add(asCarrierCallSid(id)),
    });
    ws.on('message', (data, isBinary) => input.push(data as Buffer, isBinary));
    ws.on('error', (err) => log.warn({ err: err.message }, 'agent media socket error'));
    ws.on('close', (code) => {
      this.ws = null;
      if (this.status !== 'connected') return;
      this.finish('hung-up');
      this.deps.events.hungUp(
        this,
        code === 1000 ? 'the agent hung up' : `the agent's line dropped (${code})`,
      );
    });
    this.deps.events.answered(this);
  }

  /** Where the agent's voice goes (the caller's stream), once joined. */
  speakTo(speak: (frame: Int16Array) => void): void {
    this.speak = speak;
  }

  hear(frame: Int16Array): void {
    const ws = this.ws;
    if (ws && ws.readyState === ws.OPEN) ws.send(bufferFromInt16(frame.slice()), { binary: true });
  }

  /** A lifecycle event or record says the leg's call ended (`status`, failure `reason`). */
  carrierEnded(status: string | undefined, reason?: string): void {
    if (this.status === 'ringing') {
      const result = dialResultOf(status, reason) ?? (status === 'completed' ? 'no-answer' : 'failed');
      this.finish('failed-before-answer');
      this.deps.events.failed(this, result, reason ?? status);
    }
  }

  close(reason: string): void {
    if (this.status === 'ended') return;
    const wasConnected = this.status === 'connected';
    this.finish(reason);
    this.hangUpCarrier();
    const ws = this.ws;
    this.ws = null;
    if (ws && (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING))
      ws.close(1000, wasConnected ? 'call ended' : 'ring cancelled');
  }

  private giveUp(result: DialResult, detail: string): void {
    if (this.status !== 'ringing') return;
    this.finish('ring timed out');
    this.hangUpCarrier();
    this.deps.events.failed(this, result, detail);
  }

  private finish(why: string): void {
    if (this.status === 'ended') return;
    this.deps.log.debug({ legId: this.deps.legId, why }, 'agent leg over');
    this.status = 'ended';
    this.endedAtMs = this.deps.clock.epochMs();
    this.deps.clock.clearTimeout(this.ringTimer);
    this.deps.clock.clearTimeout(this.pollTimer);
  }

  private hangUpCarrier(): void {
    const id = this.carrierId;
    if (!id) return;
    this.deps.client
      .hangUp(id)
      .catch((err: unknown) =>
        this.deps.log.warn({ err: String(err), legId: this.deps.legId }, 'could not hang up an agent leg'),
      );
  }

  private schedulePoll(): void {
    this.pollTimer = this.deps.clock.setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll();
    }, LEG_POLL_MS);
  }

  /** Reads the leg's record while it rings: a failed, busy or unanswered leg moves the hunt on. */
  private async poll(): Promise<void> {
    const id = this.carrierId;
    if (this.status !== 'ringing' || !id) return;
    try {
      const record = await this.deps.client.getCall(id);
      if (this.status !== 'ringing') return;
      if (ENDED_STATUSES.has(record.status) || record.endedAt) {
        this.carrierEnded(record.status, record.failureCode);
        return;
      }
    } catch (err) {
      this.deps.log.debug({ err: String(err) }, 'agent leg record not readable now');
    }
    if (this.status === 'ringing') this.schedulePoll();
  }
}
