// The live calls: one object per call this app answered. Its state is updated only by CallEvents
// (events out, commands in) and every subscriber (store, console, escalation) sees each event after it
// is applied; its legs (the caller's stream, the person joined to it, the human route's plan) hang off
// the same object, so nothing keeps a per-call map of its own. A call is found by its id or any alias
// (the carrier gives a call two ids: the call UUID and the PBX session id).
import type { Clock, TimerHandle } from '../base/clock';
import { Emitter } from '../base/emitter';
import { asCallId, callIdFor, type AgentId, type CallId, type CarrierCallSid } from '../domain/ids';
import type { CallEvent, CallEventKind, CallEventMap } from '../domain/call-events';
import type {
  Activity,
  AgentVia,
  CallOutcome,
  CallPhase,
  EscalationReason,
  TimelineItem,
  TranscriptLine,
} from '../domain/call';
import { summarise } from '../domain/event-summary';
import type { CallLegs } from './legs';

const MAX_TRANSCRIPT_LINES = 500;
const MAX_TIMELINE_ITEMS = 300;

export interface LiveCallState {
  readonly callId: CallId;
  readonly callSid: CarrierCallSid;
  readonly from: string;
  readonly to: string;
  readonly startedAt: number;
  readonly raw: Readonly<Record<string, unknown>>;
  provider: string;
  model: string | null;
  phase: CallPhase;
  activity: Activity;
  streamConnected: boolean;
  /** How many times /voice answered this call with a <Stream> (a stream that never connects gets one retry). */
  streamsIssued: number;
  escalation?: { reason: EscalationReason; detail: string; targetAgentId?: AgentId };
  /** An escalation is being carried out (a later one is refused until the AI takes the call back). */
  escalationOpen: boolean;
  agent?: { id: AgentId; name: string; state: 'ringing' | 'connected'; via?: AgentVia };
  /** Place in line while queued (1 = next). */
  queuePosition?: number;
  /** A message for a callback was left (voicemail recorded, or a message taken). */
  messageLeft: boolean;
  /** A person was joined to the caller at some point. */
  reachedPerson: boolean;
  lastLatencyMs?: number;
  levels: { inboundDbfs: number; outboundDbfs: number };
  transcript: TranscriptLine[];
  timeline: TimelineItem[];
  endedAt?: number;
  /** What the call owns: never sent to a console or the store. */
  readonly legs: CallLegs;
  /** Waits for the media stream /voice asked for (a stream that never connects is not left live). */
  streamWait?: TimerHandle;
  /** The app asked the carrier to hang up, and why: the carrier's end of the call is that end. */
  hangUpAsked?: { readonly outcome: CallOutcome; readonly reason: string };
}

export interface RegistryEvents extends Record<string, unknown> {
  event: CallEvent;
  levels: { callId: CallId; inboundDbfs: number; outboundDbfs: number };
}

export class CallRegistry {
  readonly events = new Emitter<RegistryEvents>();
  private readonly calls = new Map<CallId, LiveCallState>();
  /**
   * Other ids of live calls → the id the call is kept under. Sautikit names one call by its call UUID and
   * by its PBX session id (`HD_…`), and the media metadata may name either: all of them find the call.
   */
  private readonly aliases = new Map<string, CallId>();

  constructor(private readonly clock: Clock) {}

  /** The live call `id` names: the id it is kept under, or one of its aliases. */
  get(id: string): LiveCallState | undefined {
    const direct = this.calls.get(asCallId(id));
    if (direct) return direct;
    const target = this.aliases.get(id);
    return target === undefined ? undefined : this.calls.get(target);
  }

  /**
   * Records `id` as another name of the live call `callSid`. False (and nothing changes) when the call is
   * not live, or `id` already names a different call: an alias never takes over another call.
   */
  alias(id: string, callSid: string): boolean {
    const call = this.get(callSid);
    if (!call) return false;
    if (id === call.callSid) return true;
    const existing = this.get(id);
    if (existing) return existing === call;
    this.aliases.set(id, call.callId);
    return true;
  }

  list(): LiveCallState[] {
    return [...this.calls.values()];
  }

  size(): number {
    return this.calls.size;
  }

  /** Creates the live entry for a newly answered call and publishes `call.started`. */
  open(init: {
    callSid: CarrierCallSid;
    from: string;
    to: string;
    raw: Readonly<Record<string, unknown>>;
    provider: string;
    model: string | null;
  }): LiveCallState {
    const state: LiveCallState = {
      callId: callIdFor(init.callSid),
      callSid: init.callSid,
      from: init.from,
      to: init.to,
      startedAt: this.clock.epochMs(),
      raw: init.raw,
      provider: init.provider,
      model: init.model,
      phase: 'ringing',
      activity: 'idle',
      streamConnected: false,
      streamsIssued: 0,
      escalationOpen: false,
      messageLeft: false,
      reachedPerson: false,
      levels: { inboundDbfs: -100, outboundDbfs: -100 },
      transcript: [],
      timeline: [],
      legs: { stream: null, agent: null, human: null },
    };
    this.calls.set(state.callId, state);
    const sid: string = state.callSid;
    if (sid !== state.callId) this.aliases.set(sid, state.callId);
    this.publish(state.callId, 'call.started', {
      from: init.from,
      to: init.to,
      direction: 'inbound',
      provider: init.provider,
      model: init.model,
    });
    return state;
  }

  /** Applies an event to the live state, then hands it to every subscriber. */
  publish<K extends CallEventKind>(callId: CallId, kind: K, data: CallEventMap[K]): void {
    const event = { ...data, kind, callId, at: this.clock.epochMs() } as unknown as CallEvent;
    const state = this.calls.get(callId);
    if (state) this.apply(state, event);
    this.events.emit('event', event);
    if (event.kind === 'call.ended') {
      this.calls.delete(callId);
      for (const [id, target] of this.aliases) if (target === callId) this.aliases.delete(id);
    }
  }

  setLevels(callId: CallId, inboundDbfs: number, outboundDbfs: number): void {
    const state = this.calls.get(callId);
    if (!state) return;
    state.levels = { inboundDbfs, outboundDbfs };
    this.events.emit('levels', { callId, inboundDbfs, outboundDbfs });
  }

  setActivity(callId: CallId, activity: LiveCallState['activity']): void {
    const state = this.calls.get(callId);
    if (state) state.activity = activity;
  }

  private apply(state: LiveCallState, event: CallEvent): void {
    const summary = summarise(event);
    if (summary !== null) {
      state.timeline.push({ at: event.at, kind: event.kind, summary });
      if (state.timeline.length > MAX_TIMELINE_ITEMS) state.timeline.shift();
    }
    switch (event.kind) {
      case 'call.phase':
        state.phase = event.phase;
        // The AI has the call again: a later escalation may move it.
        if (event.phase === 'ai') state.escalationOpen = false;
        break;
      case 'stream.started':
        state.streamConnected = true;
        if (state.phase === 'ringing') state.phase = 'ai';
        break;
      case 'stream.stopped':
        state.streamConnected = false;
        state.activity = 'idle';
        break;
      case 'transcript': {
        const at = state.transcript.findLastIndex(
          (l) => l.turnId === event.turnId && l.speaker === event.speaker,
        );
        const next: TranscriptLine = {
          turnId: event.turnId,
          speaker: event.speaker,
          text: event.text,
          final: event.final,
          startMs: event.startMs,
          endMs: event.endMs,
          heardMs: event.heardMs,
          interrupted: event.interrupted,
        };
        if (at !== -1) state.transcript[at] = next;
        else {
          state.transcript.push(next);
          if (state.transcript.length > MAX_TRANSCRIPT_LINES) state.transcript.shift();
        }
        break;
      }
      case 'turn.metrics':
        if (event.latencyMs !== undefined) state.lastLatencyMs = event.latencyMs;
        break;
      case 'escalation':
        state.escalation ??= {
          reason: event.reason,
          detail: event.detail,
          targetAgentId: event.targetAgentId,
        };
        state.escalationOpen = true;
        state.phase = 'handing-off';
        break;
      case 'dial.attempt':
        state.agent = { id: event.agentId, name: event.agentName, state: 'ringing', via: 'phone' };
        break;
      case 'dial.result':
        if (event.result !== 'connected' && state.agent?.state === 'ringing') state.agent = undefined;
        break;
      case 'agent.connected':
        state.agent = { id: event.agentId, name: event.agentName, state: 'connected', via: event.via };
        state.queuePosition = undefined;
        state.reachedPerson = true;
        state.phase = 'with-human';
        break;
      case 'agent.left':
        state.agent = undefined;
        break;
      case 'queue.joined':
      case 'queue.position':
        state.queuePosition = event.position;
        state.phase = 'queued';
        break;
      case 'queue.left':
        state.queuePosition = undefined;
        break;
      case 'voicemail':
        state.messageLeft = true;
        break;
      case 'call.ended':
        state.phase = 'ended';
        state.endedAt = event.at;
        break;
      default:
        break;
    }
  }
}
