// A fake Gemini Live service on a real WebSocket, speaking the BidiGenerateContent wire format the
// official SDK speaks (checked against @google/genai 2.32 and the Live API reference): `setup` →
// `setupComplete`; `realtimeInput.audio` (16 kHz PCM) heard by an energy VAD; replies as 24 kHz
// `inlineData` chunks faster than real time with `outputTranscription`, `generationComplete`, then
// `turnComplete` when real-time playback would end; `interrupted` when the caller talks over it;
// `inputTranscription` of the caller's scripted words; the handoff `toolCall` on cue;
// `sessionResumptionUpdate` handles that a later `setup` can resume; `goAway`, dropped sockets,
// garbage and bad keys on demand, refused the way the real service refuses (close frames).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { EnergyVad } from './fake-vad';
import { SpeechStream } from './fake-speech-stream';
import {
  AGENT_RATE_HZ,
  agentVoice,
  base64Pcm,
  fragments,
  LONG_REPLY_TEXT,
  pcmFromBase64,
  quoted,
} from './fake-voice';

export const FAKE_GEMINI_KEY = 'fake-gemini-key';
const LIVE_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const INPUT_MIME = 'audio/pcm;rate=16000';

/** One caller turn of the script: what the caller is heard saying and what the model does about it. */
export interface FakeTurn {
  readonly caller?: string;
  /** What the model answers; null: it says nothing (dead air). Default: the long reply. */
  readonly reply?: string | null;
  /** The model calls transfer_to_human instead of answering. */
  readonly handoff?: { readonly reason: string; readonly summary: string };
}

export interface FakeGeminiOptions {
  readonly apiKey?: string;
  turns?: FakeTurn[];
  /** Audio per chunk (ms) and how much faster than real time chunks go out. */
  readonly chunkMs?: number;
  readonly speedup?: number;
  /** Model think time after the caller's end of speech. */
  readonly thinkMs?: number;
  /** Send server messages as binary frames (as the real service does) instead of text. */
  readonly binaryFrames?: boolean;
  /** Refuse every setup as over quota (1011), or never answer it. */
  setupFailure?: 'quota' | 'hang' | null;
  /** Refuse setups that carry a resumption handle. */
  rejectResumption?: boolean;
  /** Answer a resuming setup this much later (a slow reconnect). */
  resumeDelayMs?: number;
}

interface SessionState {
  readonly id: number;
  turnIndex: number;
  readonly context: string[];
  readonly said: string[];
}

interface Conn {
  readonly ws: WebSocket;
  readonly key: string;
  session: SessionState | null;
  readonly vad: EnergyVad;
  speech: SpeechStream | null;
  thinkTimer?: NodeJS.Timeout;
  handleSeq: number;
  pendingToolCall: string | null;
}

export class FakeGeminiLive {
  /** Every `setup` message received, in order. */
  readonly setups: Record<string, unknown>[] = [];
  /** Every client message other than audio, in order. */
  readonly messages: Record<string, unknown>[] = [];
  readonly conns = new Set<Conn>();
  /** Setups that resumed an earlier session. */
  resumptions = 0;
  /** Caller audio received, ms (all connections). */
  audioInMs = 0;
  private readonly handles = new Map<string, SessionState>();
  private sessionSeq = 0;
  private callSeq = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    readonly options: FakeGeminiOptions,
  ) {}

  static async start(options: FakeGeminiOptions = {}): Promise<FakeGeminiLive> {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
    const fake = new FakeGeminiLive(server, wss, options);
    server.on('upgrade', (req, socket, head) => {
      const [rawPath = '', query = ''] = (req.url ?? '').split('?');
      // The SDK joins base URL and path with a doubled slash (//ws/…): match loosely.
      if (rawPath.replace(/^\/+/, '/') !== LIVE_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      const key = new URLSearchParams(query).get('key') ?? String(req.headers['x-goog-api-key'] ?? '');
      wss.handleUpgrade(req, socket, head, (ws) => fake.onConnection(ws, key));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL for `GEMINI_API_BASE`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Every line the model said, in order, across connections. */
  get said(): string[] {
    return [...new Set([...this.handles.values()])].flatMap((s) => s.said);
  }

  /** Supervisor context the model received (clientContent without turnComplete). */
  get context(): string[] {
    return [...new Set([...this.handles.values()])].flatMap((s) => s.context);
  }

  /** Tells every open connection it will be closed in `timeLeftMs`, and closes it then. */
  goAway(timeLeftMs = 3000): void {
    for (const c of this.conns) {
      this.send(c, { goAway: { timeLeft: `${timeLeftMs / 1000}s` } });
      setTimeout(() => c.ws.readyState === c.ws.OPEN && c.ws.close(1001, 'connection recycled'), timeLeftMs);
    }
  }

  /** Drops every connection without a close frame (the client sees 1006). */
  dropConnections(): void {
    for (const c of this.conns) c.ws.terminate();
  }

  /** Sends raw bytes on every connection (garbage on demand). */
  sendRaw(data: string | Buffer): void {
    for (const c of this.conns) c.ws.send(data);
  }

  /** Closes every connection with a close frame, as the service does on errors. */
  closeConnections(code: number, reason: string): void {
    for (const c of this.conns) c.ws.close(code, reason);
  }

  async stop(): Promise<void> {
    for (const c of this.conns) c.ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, key: string): void {
    const conn: Conn = {
      ws,
      key,
      session: null,
      vad: new EnergyVad({ rateHz: 16_000, silenceMs: 500 }),
      speech: null,
      handleSeq: 0,
      pendingToolCall: null,
    };
    this.conns.add(conn);
    ws.on('message', (data: RawData) => this.onMessage(conn, data));
    ws.on('close', () => {
      conn.speech?.cancel();
      clearTimeout(conn.thinkTimer);
      this.conns.delete(conn);
    });
  }

  private onMessage(conn: Conn, data: RawData): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(String(data)) as Record<string, unknown>;
    } catch {
      conn.ws.close(1007, 'Invalid JSON payload received.');
      return;
    }
    if (!conn.session) {
      if ('setup' in msg) this.onSetup(conn, msg);
      else conn.ws.close(1007, 'Request contains an invalid argument.');
      return;
    }
    const input = msg.realtimeInput as Record<string, unknown> | undefined;
    if (input?.audio) return this.onAudio(conn, input.audio as Record<string, unknown>);
    this.messages.push(msg);
    if (typeof input?.text === 'string') return this.onText(conn, input.text, true);
    const content = msg.clientContent as
      { turns?: { parts?: { text?: string }[] }[]; turnComplete?: boolean } | undefined;
    if (content) {
      const text = (content.turns ?? [])
        .flatMap((t) => t.parts ?? [])
        .map((p) => p.text ?? '')
        .join(' ');
      return this.onText(conn, text, content.turnComplete === true);
    }
    const tool = msg.toolResponse as
      { functionResponses?: { id?: string; response?: { output?: { message?: string } } }[] } | undefined;
    if (tool) {
      const answer = tool.functionResponses?.find((r) => r.id === conn.pendingToolCall);
      if (answer) {
        conn.pendingToolCall = null;
        const line = answer.response?.output?.message;
        if (line) this.say(conn, line);
      }
      return;
    }
    if (input?.audioStreamEnd) return;
    conn.ws.close(1007, 'Request contains an invalid argument.');
  }

  private onSetup(conn: Conn, msg: Record<string, unknown>): void {
    const setup = msg.setup as Record<string, unknown> | undefined;
    if (!setup || typeof setup.model !== 'string' || !setup.model.startsWith('models/')) {
      conn.ws.close(1007, 'Request contains an invalid argument.');
      return;
    }
    this.setups.push(setup);
    if (conn.key !== (this.options.apiKey ?? FAKE_GEMINI_KEY)) {
      conn.ws.close(1008, 'API key not valid. Please pass a valid API key.');
      return;
    }
    if (this.options.setupFailure === 'quota') {
      conn.ws.close(1011, 'You exceeded your current quota, please check your plan and billing details.');
      return;
    }
    if (this.options.setupFailure === 'hang') return;
    const handle = (setup.sessionResumption as { handle?: string } | undefined)?.handle;
    if (handle) {
      const resumed = this.handles.get(handle);
      if (!resumed || this.options.rejectResumption) {
        conn.ws.close(1007, 'Session resumption handle is invalid.');
        return;
      }
      this.resumptions++;
      const complete = () => {
        conn.session = resumed;
        this.send(conn, { setupComplete: {} });
        this.issueHandle(conn);
      };
      if (this.options.resumeDelayMs) setTimeout(complete, this.options.resumeDelayMs);
      else complete();
      return;
    }
    conn.session = { id: ++this.sessionSeq, turnIndex: 0, context: [], said: [] };
    this.send(conn, { setupComplete: {} });
    this.issueHandle(conn);
  }

  private issueHandle(conn: Conn): void {
    const session = conn.session!;
    const handle = `handle-${session.id}-${++conn.handleSeq}-${this.resumptions}`;
    this.handles.set(handle, session);
    this.send(conn, { sessionResumptionUpdate: { newHandle: handle, resumable: true } });
  }

  private onAudio(conn: Conn, audio: Record<string, unknown>): void {
    if (audio.mimeType !== INPUT_MIME || typeof audio.data !== 'string') {
      conn.ws.close(1007, 'Request contains an invalid argument.');
      return;
    }
    const pcm = pcmFromBase64(audio.data);
    const before = conn.vad.audioMs;
    for (const event of conn.vad.push(pcm)) {
      if (event.type === 'start') this.onCallerStart(conn);
      else this.onCallerEnd(conn);
    }
    this.audioInMs += conn.vad.audioMs - before;
  }

  private onCallerStart(conn: Conn): void {
    clearTimeout(conn.thinkTimer);
    if (conn.speech?.active) {
      conn.speech.cancel();
      conn.speech = null;
      this.send(conn, { serverContent: { interrupted: true } });
      this.send(conn, { serverContent: { turnComplete: true } });
      this.issueHandle(conn);
    }
  }

  private onCallerEnd(conn: Conn): void {
    const session = conn.session!;
    const turn = this.options.turns?.[session.turnIndex] ?? {};
    session.turnIndex++;
    const words = fragments(turn.caller ?? 'Hello?', 3);
    for (const text of words) this.send(conn, { serverContent: { inputTranscription: { text } } });
    conn.thinkTimer = setTimeout(() => {
      if (turn.handoff) {
        conn.pendingToolCall = `call-${++this.callSeq}`;
        this.send(conn, {
          toolCall: {
            functionCalls: [
              { id: conn.pendingToolCall, name: 'transfer_to_human', args: { ...turn.handoff } },
            ],
          },
        });
        return;
      }
      if (turn.reply === null) return;
      this.say(conn, turn.reply ?? LONG_REPLY_TEXT);
    }, this.options.thinkMs ?? 150);
  }

  private onText(conn: Conn, text: string, turnComplete: boolean): void {
    if (!turnComplete) {
      conn.session!.context.push(text);
      return;
    }
    // A completed client turn interrupts whatever the model was saying (Gemini 3.8 notes).
    conn.speech?.cancel();
    this.say(conn, quoted(text) ?? 'How can I help you?');
  }

  private say(conn: Conn, text: string): void {
    conn.speech?.cancel();
    conn.session!.said.push(text);
    this.send(conn, { sessionResumptionUpdate: { resumable: false } });
    const speech = new SpeechStream({
      pcm: agentVoice(text),
      text,
      rateHz: AGENT_RATE_HZ,
      chunkMs: this.options.chunkMs ?? 40,
      speedup: this.options.speedup ?? 4,
      onChunk: (pcm, fragment) => {
        this.send(conn, {
          serverContent: {
            modelTurn: {
              role: 'model',
              parts: [{ inlineData: { mimeType: `audio/pcm;rate=${AGENT_RATE_HZ}`, data: base64Pcm(pcm) } }],
            },
          },
        });
        if (fragment) this.send(conn, { serverContent: { outputTranscription: { text: fragment } } });
      },
      onGenerated: () => this.send(conn, { serverContent: { generationComplete: true } }),
      onPlayedOut: () => {
        conn.speech = null;
        this.send(conn, {
          serverContent: { turnComplete: true },
          usageMetadata: { promptTokenCount: 120, responseTokenCount: 40, totalTokenCount: 160 },
        });
        this.issueHandle(conn);
      },
    });
    conn.speech = speech;
    speech.start();
  }

  private send(conn: Conn, message: Record<string, unknown>): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const text = JSON.stringify(message);
    conn.ws.send(this.options.binaryFrames ? Buffer.from(text) : text);
  }
}
