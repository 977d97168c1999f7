// What the main thread and the AI thread say to each other (thread/ai-thread.ts ⇄ thread/serve.ts).
// Sessions are numbered by the main thread; caller audio travels in batches (one message per turn of
// the event loop, not one per 20 ms frame); everything else keeps its order with that audio.
import type { ErrorCode } from '../../base/errors';
import type { Config } from '../../config/config';
import type {
  ProviderCapabilities,
  ProviderName,
  RealtimeSessionEvents,
  SessionEventName,
} from '../provider';

/** A SautiError as it crosses threads. */
export interface ErrorData {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
}

/** The session methods that take plain arguments and return nothing. */
export type SessionCall =
  | { readonly method: 'greet'; readonly args: [text: string] }
  | { readonly method: 'nudge'; readonly args: [text: string] }
  | { readonly method: 'truncateHeard'; readonly args: [heardMs: number] }
  | { readonly method: 'say'; readonly args: [text: string] }
  | {
      readonly method: 'answerHandoff';
      readonly args: [toolCallId: string, result: { accepted: boolean; message: string }];
    }
  | { readonly method: 'listenOnly'; readonly args: [] }
  | { readonly method: 'close'; readonly args: [reason: string] };

export type ToAiThread =
  | {
      readonly op: 'connect';
      readonly id: number;
      /** The settings the provider is built from (the thread keeps one provider per distinct settings). */
      readonly config: Config;
      readonly callId: string;
      readonly instructions: string;
    }
  /**
   * Caller audio for several sessions, in arrival order: `index` holds (session id, offset, length)
   * triplets into `pcm` (one buffer, transferred, for the whole batch).
   */
  | { readonly op: 'audio'; readonly pcm: Int16Array; readonly index: Int32Array }
  | ({ readonly op: 'call'; readonly id: number } & SessionCall);

/** Session events as they cross: errors as ErrorData. */
export type WireEvent = {
  [K in SessionEventName]: {
    readonly name: K;
    readonly payload: K extends 'error'
      ? ErrorData
      : K extends 'close'
        ? { reason: string; error?: ErrorData }
        : RealtimeSessionEvents[K];
  };
}[SessionEventName];

export type FromAiThread =
  | {
      readonly op: 'connected';
      readonly id: number;
      readonly provider: ProviderName;
      readonly model: string;
      readonly capabilities: ProviderCapabilities;
      /** Which optional methods the session has. */
      readonly has: { readonly say: boolean; readonly listenOnly: boolean };
    }
  | { readonly op: 'connect-failed'; readonly id: number; readonly error: ErrorData }
  | ({ readonly op: 'event'; readonly id: number } & WireEvent)
  /** One log line of pino's JSON: a session's carries its id under SESSION_LOG_KEY. */
  | { readonly op: 'log'; readonly line: string };

/** The field of a thread log line that names its session (taken off before the line is written again). */
export const SESSION_LOG_KEY = 'aiSession';

/** What the thread posts: everything since its last post, in order (one message per turn of its loop). */
export interface FromAiThreadBatch {
  readonly messages: readonly FromAiThread[];
}
