// One Gemini Live connection: opened by the official SDK over a GuardedSocket, ready when the service
// answers `setup` with `setupComplete`, and failed with a classified SautiError when the service
// refuses it or the socket goes — before setup (the `ready` promise rejects) or after (`onLost`). Our
// own code the SDK and the socket call back into is fenced: a throw there goes to `onFault`, never
// into the SDK's floating promise or the socket's event handler.
import type { LiveConnectConfig, Session } from '@google/genai';
import type { Clock, TimerHandle } from '../base/clock';
import { SautiError } from '../base/errors';
import { geminiCloseError, handshakeError } from './classify-failure';
import type { GeminiClient, GuardedSocket } from './gemini-transport';

export interface ConnectionHandlers {
  onMessage(message: unknown): void;
  onMalformed(detail: string): void;
  /** The socket closed after setup, not by `close()`. */
  onLost(error: SautiError, code: number): void;
  /** Our handling of a message or of the socket's end threw. */
  onFault(error: unknown): void;
}

export class GeminiConnection {
  /** Resolves at setupComplete; rejects with AI_AUTH_FAILED, AI_QUOTA, AI_CONNECT_TIMEOUT… */
  readonly ready: Promise<void>;
  private sdk: Session | null = null;
  private readonly socket: GuardedSocket | null;
  private refusedStatus: number | null = null;
  private socketError: string | null = null;
  private settle: { resolve: () => void; reject: (err: SautiError) => void; timer: TimerHandle } | null =
    null;
  private closedByUs = false;

  constructor(
    client: GeminiClient,
    params: { model: string; config: LiveConnectConfig },
    private readonly handlers: ConnectionHandlers,
    private readonly clock: Clock,
    timeoutMs: number,
  ) {
    const { session, socket } = client.connectLive(
      {
        ...params,
        callbacks: {
          onmessage: (msg) => this.guarded(() => handlers.onMessage(msg)),
          onerror: () => undefined,
          onclose: () => undefined,
        },
      },
      {
        onMalformed: (bytes) =>
          this.guarded(() => handlers.onMalformed(`a non-JSON frame of ${bytes} bytes`)),
        onSocketError: (message, status) => {
          this.socketError ??= message;
          if (status !== null) this.refusedStatus ??= status;
        },
        onClosed: (code, reason) => this.guarded(() => this.onClosed(code, reason)),
      },
    );
    this.socket = socket();
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        this.socket?.terminate();
        this.finish(
          new SautiError('AI_CONNECT_TIMEOUT', `Gemini did not complete setup in ${timeoutMs} ms`, {
            retryable: true,
          }),
        );
      }, timeoutMs);
      this.settle = { resolve, reject, timer };
    });
    session.then(
      (sdk) => {
        this.sdk = sdk;
        this.finish();
      },
      (err: unknown) => {
        this.socket?.terminate();
        this.finish(
          new SautiError('AI_CONNECT_FAILED', `Gemini setup failed: ${String(err)}`, { cause: err }),
        );
      },
    );
  }

  /** The SDK session, once setup is complete. */
  get session(): Session | null {
    return this.settle ? null : this.sdk;
  }

  /** Closes politely (a connection we replace or no longer need). */
  close(): void {
    this.closedByUs = true;
    this.socket?.close();
  }

  /** Drops the socket at once. */
  terminate(): void {
    this.closedByUs = true;
    this.socket?.terminate();
  }

  private guarded(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.handlers.onFault(err);
    }
  }

  private finish(error?: SautiError): void {
    const settle = this.settle;
    if (!settle) return;
    this.settle = null;
    this.clock.clearTimeout(settle.timer);
    if (error) settle.reject(error);
    else settle.resolve();
  }

  private onClosed(code: number, reason: string): void {
    if (this.settle) {
      // Closed before setupComplete: the close frame (or the HTTP status) says why.
      this.finish(
        this.refusedStatus ? handshakeError('Gemini', this.refusedStatus) : this.closeError(code, reason),
      );
      return;
    }
    if (!this.closedByUs) this.handlers.onLost(this.closeError(code, reason), code);
  }

  private closeError(code: number, reason: string): SautiError {
    if (code === 1006 && !reason && this.socketError) {
      return new SautiError('AI_SOCKET_CLOSED', `Gemini socket failed: ${this.socketError}`, {
        retryable: true,
      });
    }
    return geminiCloseError(code, reason);
  }
}
