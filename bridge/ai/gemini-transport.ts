// The socket under the official @google/genai Live client. The SDK's own Node transport parses every
// frame inside a floating promise: one non-JSON frame from the service becomes an unhandled rejection
// that kills the whole process (checked against @google/genai 2.32.0). The SDK accepts any
// WebSocketFactory, so we give it one that vets each frame first, bounds message size, and keeps the
// close code and reason (the Live API reports auth, quota and bad requests only as close frames).
import {
  GoogleGenAI,
  Live,
  type GoogleGenAIOptions,
  type LiveConnectParameters,
  type Session,
} from '@google/genai';
import { WebSocket, type RawData } from 'ws';

type WebSocketFactory = ConstructorParameters<typeof Live>[2];
type SdkCallbacks = Parameters<WebSocketFactory['create']>[2];
type Auth = ConstructorParameters<typeof Live>[1];

/** Gemini audio chunks are small; anything near this is not a Live message. */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface TransportHooks {
  /** A frame that is not a JSON object: never reaches the SDK. */
  onMalformed(bytes: number): void;
  /** The socket is gone, with what the peer said (1006 and an empty reason when it just dropped). */
  onClosed(code: number, reason: string): void;
  /** The handshake or the socket failed; `status` when the server answered HTTP instead of 101. */
  onSocketError(message: string, status: number | null): void;
}

/** One connection's socket, as the SDK sees it (connect / send / close) plus what we need. */
export class GuardedSocket {
  private ws: WebSocket | null = null;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
    private readonly sdk: SdkCallbacks,
    private readonly hooks: TransportHooks,
  ) {}

  connect(): void {
    const ws = new WebSocket(this.url, {
      headers: this.headers,
      maxPayload: MAX_MESSAGE_BYTES,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on('open', () => this.sdk.onopen());
    // The service sends JSON in text or binary frames; both reach the SDK as text.
    ws.on('message', (data: RawData) => {
      const text = rawText(data);
      if (!isJsonObject(text)) {
        this.hooks.onMalformed(text.length);
        return;
      }
      this.sdk.onmessage({ data: text });
    });
    ws.on('unexpected-response', (_req, res) => {
      this.hooks.onSocketError(`HTTP ${res.statusCode}`, res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => this.hooks.onSocketError(err.message, null));
    ws.on('close', (code, reason) => this.hooks.onClosed(code, reason.toString('utf8')));
  }

  send(message: string): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  close(): void {
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
    else if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
  }

  /** Drops the socket at once (a stuck handshake, a connection we have replaced). */
  terminate(): void {
    this.ws?.terminate();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Builds one GuardedSocket for the next `connect` and hands it back to the caller. */
class OneShotFactory implements WebSocketFactory {
  socket: GuardedSocket | null = null;
  constructor(private readonly hooks: TransportHooks) {}
  create(url: string, headers: Record<string, string>, callbacks: SdkCallbacks): GuardedSocket {
    this.socket = new GuardedSocket(url, headers, callbacks, this.hooks);
    return this.socket;
  }
}

// The Gemini Developer API path never asks the Live module for auth headers (the key is in the URL).
const noAuth: Auth = { addAuthHeaders: async () => undefined };

/** The official client, with Live sessions opened over GuardedSocket. */
export class GeminiClient extends GoogleGenAI {
  constructor(options: GoogleGenAIOptions) {
    super(options);
  }

  /** `ai.live.connect` over a guarded socket; `socket` is known as soon as the SDK creates it. */
  connectLive(
    params: LiveConnectParameters,
    hooks: TransportHooks,
  ): { session: Promise<Session>; socket: () => GuardedSocket | null } {
    const factory = new OneShotFactory(hooks);
    const live = new Live(this.apiClient, noAuth, factory);
    return { session: live.connect(params), socket: () => factory.socket };
  }
}
