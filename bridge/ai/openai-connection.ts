// One OpenAI Realtime connection through the official `openai` package's WebSocket client
// (`OpenAIRealtimeWS`): open once our `session.update` (and any conversation items seeding it) is
// acknowledged with `session.updated`, caller audio held until then, and every failure (a refused
// handshake, a fatal `error` event, a close) classified into one SautiError. Our own code the client
// calls back into is fenced: a throw there goes to `onFault`, never into the socket's event handler
// (where it would end the process).
import type OpenAI from 'openai';
import type { ConversationItemCreateEvent, RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { OpenAIRealtimeError } from 'openai/realtime/internal-base';
import type { TimerHandle } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import { AudioBacklog } from './audio-backlog';
import { handshakeError, handshakeStatus, openAiCloseError, openAiEventError } from './classify-failure';
import { pcmToBase64 } from './pcm-base64';
import {
  OPENAI_RATE_HZ,
  openAiListenOnlyUpdate,
  openAiSession,
  type OpenAiSetupSettings,
} from './openai-setup';
import type { SessionOptions } from './provider';

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Caller audio kept until the session is configured. */
const START_BUFFER_MS = 5000;

export type OpenAiConnectionSettings = OpenAiSetupSettings &
  Pick<Config, 'aiConnectTimeoutMs' | 'openaiSessionMaxMs'>;

export interface OpenAiConnectionHandlers {
  /** A server event, as parsed JSON (checked by the reader). */
  onEvent(raw: unknown): void;
  onMalformed(detail: string): void;
  /** The session cannot go on (the connection is closed already). */
  onFailed(err: SautiError): void;
  /** Our own handling of an event or of the socket's end threw. */
  onFault(error: unknown): void;
}

export class OpenAiConnection {
  private rt: OpenAIRealtimeWS | null = null;
  private configured = false;
  private isClosed = false;
  /** Set up (or switched) to never answer: see listenOnly. */
  private listening = false;
  private startSettle: { resolve: () => void; reject: (e: SautiError) => void; timer: TimerHandle } | null =
    null;
  /** A fatal error event seen before the socket closed: it explains the close. */
  private fatalError: SautiError | null = null;
  private socketErrorMessage: string | null = null;
  private readonly pendingAudio = new AudioBacklog(START_BUFFER_MS, OPENAI_RATE_HZ);

  constructor(
    private readonly client: OpenAI,
    private readonly settings: OpenAiConnectionSettings,
    private readonly instructions: string,
    private readonly options: SessionOptions,
    private readonly handlers: OpenAiConnectionHandlers,
    /** Conversation items sent right after `session.update` (the conversation so far, on a reconnect). */
    private readonly seed: readonly ConversationItemCreateEvent[] = [],
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Connects and configures the session; rejects with a SautiError (auth, quota, timeout…). */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        this.rt?.socket.terminate();
        this.settleStart(
          new SautiError(
            'AI_CONNECT_TIMEOUT',
            `OpenAI did not configure the session in ${this.settings.aiConnectTimeoutMs} ms`,
            {
              retryable: true,
            },
          ),
        );
      }, this.settings.aiConnectTimeoutMs);
      this.startSettle = { resolve, reject, timer };
      let rt: OpenAIRealtimeWS;
      try {
        rt = new OpenAIRealtimeWS(
          {
            model: this.settings.openaiModel,
            options: { maxPayload: MAX_MESSAGE_BYTES, handshakeTimeout: this.settings.aiConnectTimeoutMs },
          },
          this.client,
        );
      } catch (err) {
        this.settleStart(
          new SautiError('AI_CONNECT_FAILED', `OpenAI client failed: ${String(err)}`, { cause: err }),
        );
        return;
      }
      this.rt = rt;
      rt.on('error', (err) => this.guarded(() => this.onClientError(err)));
      rt.on('event', (event) =>
        this.guarded(() => {
          if (this.isClosed && !this.startSettle) return;
          const raw = event as unknown;
          if ((raw as { type?: unknown }).type === 'session.updated') this.sessionConfigured();
          this.handlers.onEvent(raw);
        }),
      );
      rt.socket.on('open', () =>
        this.guarded(() => {
          this.send({
            type: 'session.update',
            session: openAiSession(this.settings, this.instructions, this.listening),
          });
          for (const item of this.seed) this.send(item);
        }),
      );
      rt.socket.on('close', (code, reason) =>
        this.guarded(() => this.onSocketClosed(code, reason.toString('utf8'))),
      );
    });
  }

  /** `session.updated`: the audio held so far goes out, and `open` resolves. */
  private sessionConfigured(): void {
    if (this.configured) return;
    this.configured = true;
    for (const pcm of this.pendingAudio.drain()) this.appendAudio(pcm);
    this.settleStart();
  }

  sendAudio(pcm: Int16Array): void {
    if (this.isClosed || pcm.length === 0) return;
    if (this.configured) {
      this.appendAudio(pcm);
      return;
    }
    this.pendingAudio.push(pcm);
  }

  /**
   * From now on the session never answers: an open socket is sent the listen-only update, one still
   * opening is set up that way from the start.
   */
  listenOnly(): void {
    if (this.listening) return;
    this.listening = true;
    this.send({ type: 'session.update', session: openAiListenOnlyUpdate(this.settings) });
  }

  /** Sends when the socket is open; a client event for a socket that is gone is moot. */
  send(event: RealtimeClientEvent): void {
    const rt = this.rt;
    if (!rt || rt.socket.readyState !== rt.socket.OPEN) return;
    rt.send(event);
  }

  /** Ends the session on a failure the model reported (the handlers hear of it). */
  fail(err: SautiError): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.rt?.socket.terminate();
    this.handlers.onFailed(err);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.options.clock.clearTimeout(this.startSettle?.timer);
    this.rt?.close({ code: 1000, reason: 'call ended' });
  }

  private guarded(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.handlers.onFault(err);
    }
  }

  private appendAudio(pcm: Int16Array): void {
    this.send({ type: 'input_audio_buffer.append', audio: pcmToBase64(pcm) });
  }

  private settleStart(error?: SautiError): void {
    const settle = this.startSettle;
    if (!settle) return;
    this.startSettle = null;
    this.options.clock.clearTimeout(settle.timer);
    if (error) {
      this.isClosed = true;
      this.rt?.socket.terminate();
      settle.reject(error);
    } else {
      settle.resolve();
    }
  }

  private onClientError(err: OpenAIRealtimeError): void {
    if (err.error) {
      // An `error` event from the service.
      const { error, fatal } = openAiEventError(err.error);
      if (!fatal) {
        this.options.log.warn({ code: error.code, err: error.message }, 'OpenAI reported a non-fatal error');
        return;
      }
      this.fatalError ??= error;
      if (this.startSettle) this.settleStart(error);
      else this.fail(error);
      return;
    }
    if (err.message.startsWith('could not parse')) {
      this.handlers.onMalformed('a non-JSON frame');
      return;
    }
    // A socket or handshake failure; the close that follows says the rest.
    this.socketErrorMessage ??= err.message;
    this.options.log.warn({ err: err.message }, 'OpenAI socket error');
  }

  private onSocketClosed(code: number, reason: string): void {
    this.rt = null;
    const status = this.socketErrorMessage ? handshakeStatus(this.socketErrorMessage) : null;
    const err =
      this.fatalError ??
      (status !== null
        ? handshakeError('OpenAI', status)
        : code === 1006 && !reason && this.socketErrorMessage
          ? new SautiError('AI_SOCKET_CLOSED', `OpenAI socket failed: ${this.socketErrorMessage}`, {
              retryable: true,
            })
          : openAiCloseError(code, reason));
    if (this.startSettle) {
      this.settleStart(err);
      return;
    }
    if (this.isClosed) return;
    this.fail(err);
  }
}
