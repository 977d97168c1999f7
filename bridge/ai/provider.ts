// The one interface every realtime model implements. Sessions take PCM at the model's declared input
// rate and emit audio at its declared output rate: sample-rate conversion and pacing live in media/.
import type { Clock } from '../base/clock';
import type { Emitter } from '../base/emitter';
import type { SautiError } from '../base/errors';
import type { Log } from '../base/log';

export type ProviderName = 'gemini' | 'openai' | 'demo';

export interface ProviderCapabilities {
  readonly inputSampleRateHz: number;
  readonly outputSampleRateHz: number;
  /** Can cut the model's memory of a reply to what the caller heard (OpenAI `conversation.item.truncate`). */
  readonly canTruncate: boolean;
  /** Can reconnect mid-call and keep the conversation (Gemini session resumption). */
  readonly canResume: boolean;
  /** Reports the caller starting to talk over the model on its own (server VAD / `interrupted`). */
  readonly detectsBargeIn: boolean;
  /**
   * Can stay on a call without ever answering, still transcribing the caller (`listenOnly`): OpenAI's
   * turn detection with `create_response` and `interrupt_response` off. Gemini Live documents no such mode.
   */
  readonly canListenOnly: boolean;
}

export interface HandoffRequest {
  /** The tool call id to answer. */
  readonly toolCallId: string;
  readonly reason: string;
  readonly summary: string;
}

/** Token counts of one usage report; the parts are subsets of the totals. */
export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
  readonly inputAudioTokens?: number;
  readonly inputCachedTokens?: number;
  readonly outputAudioTokens?: number;
}

export interface RealtimeSessionEvents extends Record<string, unknown> {
  /** Setup acknowledged; audio can flow. */
  ready: { resumed: boolean };
  /** Model speech, 16-bit mono PCM at `capabilities.outputSampleRateHz`. */
  audio: Int16Array;
  /**
   * Transcript pieces. A partial (`final: false`) carries the NEW fragment to append; a final closes
   * the speaker's current line and, when its text is non-empty, carries the whole line (replacing
   * the fragments).
   */
  'caller.transcript': { text: string; final: boolean };
  'agent.transcript': { text: string; final: boolean };
  /** The caller started / stopped speaking (server VAD), for barge-in and turn timing. */
  'speech.started': Record<string, never>;
  'speech.stopped': Record<string, never>;
  /** The model stopped its reply because the caller talked over it. */
  interrupted: Record<string, never>;
  'turn.complete': Record<string, never>;
  handoff: HandoffRequest;
  /**
   * One billed report: totals, and the parts priced differently where the provider says (audio input
   * and output tokens; input tokens served from its cache).
   */
  usage: TokenUsage;
  /** A failure the session could not recover from on its own (the call escalates with `ai-failure`). */
  error: SautiError;
  /** The model socket is gone for good. */
  close: { reason: string; error?: SautiError };
}

/** The events a session declares (RealtimeSessionEvents without its string index). */
export type SessionEventName = keyof {
  [K in keyof RealtimeSessionEvents as string extends K ? never : K]: unknown;
};

/** Every event a session may emit, by name (for whoever forwards or records them all). */
export const SESSION_EVENTS = [
  'ready',
  'audio',
  'caller.transcript',
  'agent.transcript',
  'speech.started',
  'speech.stopped',
  'interrupted',
  'turn.complete',
  'handoff',
  'usage',
  'error',
  'close',
] as const satisfies readonly SessionEventName[];

/** Compile-time check that SESSION_EVENTS names every session event (a missing one is an error here). */
export const EVERY_EVENT_NAMED: Record<
  Exclude<SessionEventName, (typeof SESSION_EVENTS)[number]>,
  never
> = {};

export interface RealtimeSession {
  readonly provider: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  readonly events: Emitter<RealtimeSessionEvents>;
  /** Caller audio at `capabilities.inputSampleRateHz`. */
  sendAudio(pcm: Int16Array): void;
  /** Asks the model to speak first (the greeting), without waiting for the caller. */
  greet(text: string): void;
  /** A supervisor's hint, injected as context, never spoken as the caller. */
  nudge(text: string): void;
  /** After a barge-in: how much of the current reply the caller actually heard. */
  truncateHeard(heardMs: number): void;
  /**
   * Asks the model to say `text` now, as its own words (the hand-off line when a call leaves the AI for
   * a reason the model did not choose). Optional: without it the bridge plays a recorded prompt.
   */
  say?(text: string): void;
  /** Answers a handoff tool call (so the model says its hand-off line and stops). */
  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void;
  /**
   * Where `capabilities.canListenOnly`: from now on the model never answers (a reply in progress is
   * cancelled), emits no audio and calls no tool, and the caller's transcript goes on; for good.
   */
  listenOnly?(): void;
  close(reason: string): void;
}

export interface SessionOptions {
  readonly callId: string;
  readonly instructions: string;
  readonly log: Log;
  readonly clock: Clock;
}

export interface RealtimeProvider {
  readonly name: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  /** Opens a model session; rejects with a SautiError (AI_CONNECT_FAILED, AI_AUTH_FAILED…) when it cannot. */
  connect(options: SessionOptions): Promise<RealtimeSession>;
}
