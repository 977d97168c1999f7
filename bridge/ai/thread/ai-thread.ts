// The AI thread from the main thread's side. The realtime models' wire (a WebSocket per call, JSON with
// base64 audio both ways, the SDKs' own parsing) costs about as much CPU as all the rest of a call's
// work together (bench/model-wire.ts); on the main thread it delays the frame clock that paces every
// call's audio. Here every model session lives on one worker thread: the main thread sends it caller
// audio in one batch per turn of its event loop, and gets each session's events back.
//
// A ThreadedProvider looks like any provider (name, model, capabilities: read from a provider built
// here, never connected); its sessions are proxies. If the thread dies, every session on it fails
// (the calls escalate, as for any AI failure) and the next call starts a new thread.
import type { Worker } from 'node:worker_threads';
import type { Emitter } from '../../base/emitter';
import { describeFault } from '../../base/process-guard';
import { SautiError } from '../../base/errors';
import type { Log } from '../../base/log';
import { resolveThreadScript, startThread, type ThreadEntry } from '../../base/thread-script';
import type { Config } from '../../config/config';
import { createProvider } from '../create-provider';
import type {
  ProviderCapabilities,
  ProviderName,
  RealtimeProvider,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from '../provider';
import { GuardedEmitter } from '../guarded-emitter';
import {
  SESSION_LOG_KEY,
  type ErrorData,
  type FromAiThread,
  type FromAiThreadBatch,
  type SessionCall,
  type ToAiThread,
} from './protocol';

const AI_WORKER: ThreadEntry = { builtName: 'ai-worker', source: './worker.ts', missingCode: 'AI_NO_WORKER' };

/** The thread as the main side uses it: a Worker, or a MessagePort pair in tests. */
export interface ThreadEndpoint {
  postMessage(message: ToAiThread, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (batch: FromAiThreadBatch) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
}

export interface AiThreadOptions {
  /** Starts the thread; by default the built or source worker (base/thread-script.ts). */
  readonly start?: () => ThreadEndpoint;
  /** Where the thread's own log lines go (sessions' lines go to their call's log). */
  readonly log?: Log;
}

function toError(data: ErrorData): SautiError {
  return new SautiError(data.code, data.message, { retryable: data.retryable });
}

const LEVELS: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** A pino JSON line from the thread, parsed: its session (if any), level, message and fields. */
function parseLine(
  line: string,
): { session: number | null; method: (typeof LEVELS)[number]; msg: string; fields: object } | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { level, time: _time, msg, app: _app, [SESSION_LOG_KEY]: session, ...fields } = parsed;
  return {
    session: typeof session === 'number' ? session : null,
    method: LEVELS[typeof level === 'number' ? level : 30] ?? 'info',
    msg: typeof msg === 'string' ? msg : '',
    fields,
  };
}

interface Connecting {
  readonly options: SessionOptions;
  readonly resolve: (session: ThreadedSession) => void;
  readonly reject: (err: SautiError) => void;
}

/** Caller audio waiting for the end of this turn of the event loop, for every session at once. */
class AudioBatch {
  private pcm = new Int16Array(16_000);
  private used = 0;
  private index: number[] = [];

  get empty(): boolean {
    return this.index.length === 0;
  }

  add(id: number, samples: Int16Array): void {
    if (this.used + samples.length > this.pcm.length) {
      const grown = new Int16Array(Math.max(this.pcm.length * 2, this.used + samples.length));
      grown.set(this.pcm.subarray(0, this.used));
      this.pcm = grown;
    }
    this.pcm.set(samples, this.used);
    this.index.push(id, this.used, samples.length);
    this.used += samples.length;
  }

  /** The batch as one message (its own buffer, to transfer), and a fresh start. */
  take(): { pcm: Int16Array; index: Int32Array } {
    const out = { pcm: this.pcm.slice(0, this.used), index: Int32Array.from(this.index) };
    this.used = 0;
    this.index = [];
    return out;
  }
}

export class AiThread {
  private endpoint: ThreadEndpoint | null = null;
  private nextId = 1;
  private readonly connecting = new Map<number, Connecting>();
  private readonly sessions = new Map<number, ThreadedSession>();
  private readonly audio = new AudioBatch();
  private flushScheduled = false;

  constructor(private readonly options: AiThreadOptions = {}) {}

  /** A provider for `config` whose sessions run on this thread; null when no AI answers calls. */
  provider(config: Config): RealtimeProvider | null {
    const local = createProvider(config);
    return local ? new ThreadedProvider(this, config, local) : null;
  }

  /** Starts the thread now, so the first call does not wait for it to load. */
  warm(): void {
    this.open();
  }

  /** Sessions open on the thread (and being opened). */
  get sessionCount(): number {
    return this.sessions.size + this.connecting.size;
  }

  connect(config: Config, options: SessionOptions): Promise<ThreadedSession> {
    const id = this.nextId++;
    return new Promise<ThreadedSession>((resolve, reject) => {
      this.connecting.set(id, { options, resolve, reject });
      try {
        this.post({ op: 'connect', id, config, callId: options.callId, instructions: options.instructions });
      } catch (err) {
        this.connecting.delete(id);
        reject(err instanceof SautiError ? err : new SautiError('AI_THREAD_FAILED', String(err)));
      }
    });
  }

  queueAudio(id: number, pcm: Int16Array): void {
    this.audio.add(id, pcm);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushAudio());
  }

  /** A session's method, in order with the audio queued before it. */
  call(id: number, call: SessionCall): void {
    this.flushAudio();
    this.post({ op: 'call', id, ...call });
  }

  forget(id: number): void {
    this.sessions.delete(id);
  }

  /** Ends the thread: every session on it fails (the app is stopping). */
  async stop(): Promise<void> {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    this.failAll('the app is stopping');
    this.endpoint = null;
    await endpoint.terminate();
  }

  private flushAudio(): void {
    this.flushScheduled = false;
    if (this.audio.empty) return;
    // With no thread (it died meanwhile) the audio has nobody to go to: its sessions have failed.
    const { pcm, index } = this.audio.take();
    this.endpoint?.postMessage({ op: 'audio', pcm, index }, [pcm.buffer as ArrayBuffer]);
  }

  private post(message: ToAiThread): void {
    this.open().postMessage(message);
  }

  private open(): ThreadEndpoint {
    if (this.endpoint) return this.endpoint;
    const endpoint = this.options.start ? this.options.start() : startAiWorker();
    endpoint.on('message', (batch) => {
      for (const message of batch.messages) if (this.endpoint === endpoint) this.receive(message);
    });
    endpoint.on('error', (err) => {
      if (this.endpoint !== endpoint) return;
      this.options.log?.error({ err: err.message }, 'AI thread failed');
      this.endpoint = null;
      this.failAll(`the AI thread failed: ${err.message}`);
    });
    endpoint.on('exit', (code) => {
      if (this.endpoint !== endpoint) return;
      this.options.log?.error({ code }, 'AI thread exited');
      this.endpoint = null;
      this.failAll(`the AI thread exited (${code})`);
    });
    this.endpoint = endpoint;
    return endpoint;
  }

  private failAll(reason: string): void {
    const error = new SautiError('AI_THREAD_FAILED', `The AI connection was lost: ${reason}`);
    for (const pending of this.connecting.values()) pending.reject(error);
    this.connecting.clear();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    for (const session of sessions) session.lost(error);
  }

  private receive(message: FromAiThread): void {
    switch (message.op) {
      case 'connected': {
        const pending = this.connecting.get(message.id);
        if (!pending) return;
        this.connecting.delete(message.id);
        const session = new ThreadedSession(this, message.id, message, pending.options.log);
        this.sessions.set(message.id, session);
        pending.resolve(session);
        return;
      }
      case 'connect-failed': {
        const pending = this.connecting.get(message.id);
        this.connecting.delete(message.id);
        pending?.reject(toError(message.error));
        return;
      }
      case 'event':
        this.sessions.get(message.id)?.deliver(message);
        return;
      case 'log': {
        // Written again through the call's own log (its bindings added), or the thread's.
        const line = parseLine(message.line);
        if (!line) return;
        const log =
          line.session === null
            ? this.options.log
            : (this.sessions.get(line.session)?.log ?? this.connecting.get(line.session)?.options.log);
        log?.[line.method](line.fields, line.msg);
        return;
      }
    }
  }
}

/** The AI thread as the app starts it (built beside the bundle, or from source through tsx). */
export function startAiWorker(): Worker {
  const worker = startThread(resolveThreadScript(AI_WORKER, import.meta.url), {});
  // The thread never keeps the app running on its own: the servers and calls do.
  worker.unref();
  return worker;
}

const SESSION_NAMES: Record<ProviderName, string> = {
  gemini: 'Gemini session',
  openai: 'OpenAI session',
  demo: 'Demo agent session',
};

export class ThreadedSession implements RealtimeSession {
  /** Our listeners fenced off: a throw in one fails this call's AI leg, as in a session on this thread. */
  readonly events: Emitter<RealtimeSessionEvents> = new GuardedEmitter<RealtimeSessionEvents>(
    (error, event) => this.faulted(error, `the ${event} event`),
  );
  readonly provider: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  say?: (text: string) => void;
  listenOnly?: () => void;
  private closed = false;
  /** This side failed it (the thread died, or our listener threw). */
  private failed = false;
  /** Events held until the turn after the session was handed over (null once released). */
  private held: Extract<FromAiThread, { op: 'event' }>[] | null = [];

  constructor(
    private readonly thread: AiThread,
    private readonly id: number,
    info: Extract<FromAiThread, { op: 'connected' }>,
    readonly log: Log,
  ) {
    this.provider = info.provider;
    this.model = info.model;
    this.capabilities = info.capabilities;
    if (info.has.say) this.say = (text) => this.call({ method: 'say', args: [text] });
    if (info.has.listenOnly) this.listenOnly = () => this.call({ method: 'listenOnly', args: [] });
    setImmediate(() => {
      const held = this.held ?? [];
      this.held = null;
      for (const message of held) this.emitNow(message);
    });
  }

  sendAudio(pcm: Int16Array): void {
    if (!this.closed) this.thread.queueAudio(this.id, pcm);
  }

  greet(text: string): void {
    this.call({ method: 'greet', args: [text] });
  }

  nudge(text: string): void {
    this.call({ method: 'nudge', args: [text] });
  }

  truncateHeard(heardMs: number): void {
    this.call({ method: 'truncateHeard', args: [heardMs] });
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.call({ method: 'answerHandoff', args: [toolCallId, result] });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.call({ method: 'close', args: [reason] });
    this.closed = true;
  }

  /**
   * An event from the thread, as the session there emitted it. Events that came in the same batch as
   * "connected" wait for the next turn: whoever awaited `connect` attaches its listeners first.
   */
  deliver(message: Extract<FromAiThread, { op: 'event' }>): void {
    if (this.held) this.held.push(message);
    else this.emitNow(message);
  }

  private emitNow(message: Extract<FromAiThread, { op: 'event' }>): void {
    // This side already said the session failed and closed: nothing comes after that.
    if (this.failed) return;
    switch (message.name) {
      case 'error':
        this.events.emit('error', toError(message.payload));
        return;
      case 'close': {
        const { reason, error } = message.payload;
        this.closed = true;
        this.thread.forget(this.id);
        this.events.emit('close', error ? { reason, error: toError(error) } : { reason });
        return;
      }
      default:
        (this.events.emit as (name: string, payload: unknown) => void)(message.name, message.payload);
    }
  }

  /** Our own code threw while handling one of this session's events (session-outbox.ts: faulted). */
  private faulted(error: unknown, what: string): void {
    if (this.closed) return;
    const fault = describeFault(error);
    this.log.error({ what, ...fault }, 'our handling of an AI session event failed');
    this.close('our handling of a session event failed');
    this.thread.forget(this.id);
    this.failed = true;
    const failure = new SautiError(
      'AI_CALLBACK_FAILED',
      `${SESSION_NAMES[this.provider]}: handling ${what} failed (${fault.errName})`,
      { cause: error },
    );
    this.events.emit('error', failure);
    this.events.emit('close', { reason: failure.message, error: failure });
  }

  /** The thread is gone: this session fails as a dropped model socket does. */
  lost(error: SautiError): void {
    if (this.closed) return;
    this.closed = true;
    this.failed = true;
    this.events.emit('error', error);
    this.events.emit('close', { reason: error.message, error });
  }

  private call(call: SessionCall): void {
    if (!this.closed) this.thread.call(this.id, call);
  }
}

export class ThreadedProvider implements RealtimeProvider {
  readonly name: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;

  constructor(
    private readonly thread: AiThread,
    private readonly config: Config,
    local: RealtimeProvider,
  ) {
    this.name = local.name;
    this.model = local.model;
    this.capabilities = local.capabilities;
  }

  connect(options: SessionOptions): Promise<RealtimeSession> {
    return this.thread.connect(this.config, options);
  }
}
