// The vocabulary of a call's life: every module that reacts to calls (store, console, metrics)
// subscribes to these typed events; nothing reaches into a session's state.
import type {
  AgentVia,
  CallOutcome,
  CallPhase,
  CostComponent,
  EscalationReason,
  TranscriptLine,
} from './call';
import type { AgentId, CallId } from './ids';

/** Payloads by event kind. Times are epoch ms (`at` on the envelope); offsets are ms from call start. */
export interface CallEventMap {
  'call.started': {
    from: string;
    to: string;
    direction: 'inbound' | 'outbound';
    provider: string;
    model: string | null;
  };
  'call.phase': { phase: CallPhase; detail?: string };
  'stream.started': { streamName?: string };
  'stream.stopped': { reason: string };
  'stream.status': { status: string; raw: Readonly<Record<string, unknown>> };
  /** A transcript line, partial (`final: false`, replaced by later updates) or final. */
  transcript: TranscriptLine;
  'turn.metrics': {
    turnId: number;
    /** Caller end of speech → first model audio byte. */
    modelLatencyMs?: number;
    /** Caller end of speech → first PCM frame written to the carrier. */
    latencyMs?: number;
    /** Greeting: socket open → first frame written. */
    greetingMs?: number;
    /** First model audio byte → first frame written: what the bridge adds (resampling, pacing). */
    bridgeMs?: number;
    /** Barge-in: caller speech onset (as the bridge heard it) → queue dropped and carrier told. */
    bargeInStopMs?: number;
    /** Barge-in: audio already at the carrier when the reply stopped (plays on if killAudio is ignored). */
    staleAudioMs?: number;
  };
  'barge-in': { turnId: number; heardMs: number; droppedMs: number };
  escalation: {
    reason: EscalationReason;
    detail: string;
    triggerText?: string;
    targetAgentId?: AgentId;
  };
  /** The optional carrier-side redirect (an accelerator): tried, worked or not. */
  redirect: { url: string; ok: boolean; error?: string; attempts: number };
  /** A test call from the window: no carrier leg, so no phone can be rung for it (headset, queue and voicemail work). */
  'test.handoff': { next: 'agent' | 'queue' | 'voicemail'; agentId?: AgentId; agentName?: string };
  /** An agent's phone is being rung for this caller (POST /v1/calls, or a carrier <Dial>). */
  'dial.attempt': { agentId: AgentId; agentName: string; number: string };
  'dial.result': {
    agentId: AgentId;
    result: 'connected' | 'no-answer' | 'busy' | 'failed' | 'refused';
    detail?: string;
  };
  'agent.connected': { agentId: AgentId; agentName: string; via?: AgentVia };
  /** The agent left the caller (hung up, released the headset); `next` is what the caller gets. */
  'agent.left': { agentId: AgentId; agentName: string; reason: string; next: 'ai' | 'goodbye' | 'hunt' };
  'queue.joined': { position: number };
  /** The caller's place in line changed (someone ahead was taken or left). */
  'queue.position': { position: number };
  'queue.left': { waitedMs: number; reason: string };
  /**
   * A message for a callback: a voicemail recorded by the bridge from the stream (`file`, relative to
   * the data folder), one recorded by the carrier (`recordingUrl`), or a message the AI took.
   */
  voicemail: {
    recordingUrl?: string;
    file?: string;
    durationS?: number;
    callbackNumber?: string;
    message?: string;
  };
  /** One billed usage report from the AI; the audio and cached counts are parts of the totals. */
  usage: {
    inputTokens?: number;
    outputTokens?: number;
    inputAudioTokens?: number;
    inputCachedTokens?: number;
    outputAudioTokens?: number;
    audioInMs?: number;
    audioOutMs?: number;
  };
  /**
   * What a part of the call cost. Estimates come at the end (legs when they end); when Sautikit's record
   * of the call is read, a correction follows: `kesCents` is then billed − estimated (so sums of
   * `kesCents` stay right) and both figures are given.
   */
  cost: {
    component: CostComponent;
    kesCents: number;
    detail?: string;
    /** `estimate`: from our clock and rates; `billed`: Sautikit's record (cost_minor). */
    basis?: 'estimate' | 'billed';
    estimatedKesCents?: number;
    billedKesCents?: number;
  };
  error: { code: string; message: string };
  'call.ended': { outcome: CallOutcome; durationMs: number; reason: string };
}

export type CallEventKind = keyof CallEventMap;

export type CallEvent = {
  [K in CallEventKind]: Readonly<{ kind: K; callId: CallId; at: number } & CallEventMap[K]>;
}[CallEventKind];

export type CallEventOf<K extends CallEventKind> = Extract<CallEvent, { kind: K }>;
