// A fake Gemini Live service on a real WebSocket, speaking the BidiGenerateContent wire format the
// official SDK speaks (checked against @google/genai 2.32 and the Live API reference): `setup` →
// `setupComplete`; `realtimeInput.audio` (16 kHz PCM) heard by an energy VAD; replies as 24 kHz
// `inlineData` chunks faster than real time with `outputTranscription`, `generationComplete`, then
// `turnComplete` when real-time playback would end; `interrupted` when the caller talks over it;
// `inputTranscription` of the caller's scripted words; the handoff `toolCall` on cue;
// `sessionResumptionUpdate` handles that a later `setup` can resume (or a refused handle: close 1007,
// as seen after long sessions); `goAway`, dropped sockets, garbage, bad keys and exhausted quota on
// demand, refused the way the real service refuses (close frames).
import http from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { answerAfterThinking, scriptedTurn, type FakeScriptOptions } from './fake-script';
import { FakeSocketServer } from './fake-socket-server';
import { EnergyVad } from './fake-vad';
import { agentSpeech, type SpeechStream } from './fake-speech-stream';
import { AGENT_RATE_HZ, base64Pcm, fragments, pcmFromBase64, quoted } from './fake-voice';

export const FAKE_GEMINI_KEY = 'fake-gemini-key';
const LIVE_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const INPUT_MIME = 'audio/pcm;rate=16000';

export interface FakeGeminiOptions extends FakeScriptOptions {
  /** Send server messages as binary frames (as the real service does) instead of text. */
  readonly binaryFrames?: boolean;
  /** Refuse every setup as over quota (1011), or never answer it. */
  setupFailure?: 'quota' | 'hang' | null;
  /** Refuse setups that carry a resumption handle. */
  rejectResumption?: boolean;
  /** Refuse new (not resuming) sessions beyond this many as over quota (1011). */
  maxSessions?: number;
  /** Never offer a resumption handle (`sessionResumptionUpdate` says not resumable). */
  withholdHandles?: boolean;
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
  /** Setups that resumed an earlier session. */
  resumptions = 0;
  /** Caller audio received, ms (all connections). */
  audioInMs = 0;
  private readonly handles = new Map<string, SessionState>();
  private sessionSeq = 0;
  private callSeq = 0;

  private readonly sockets: FakeSocketServer<Conn>;

  private constructor(readonly options: FakeGeminiOptions) {
    this.sockets = new FakeSocketServer<Conn>(http.createServer(), {
      maxPayloadBytes: 4 * 1024 * 1024,
      accept: (req) => {
        const [rawPath = '', query = ''] = (req.url ?? '').split('?');
        // The SDK joins base URL and path with a doubled slash (//ws/…): match loosely.
        if (rawPath.replace(/^\/+/, '/') !== LIVE_PATH) return null;
        const key = new URLSearchParams(query).get('key') ?? String(req.headers['x-goog-api-key'] ?? '');
        return (ws) => this.onConnection(ws, key);
      },
    });
  }

  static async start(options: FakeGeminiOptions = {}): Promise<FakeGeminiLive> {
    const fake = new FakeGeminiLive(options);
    await fake.sockets.listen();
    return fake;
  }

  /** The base URL for `GEMINI_API_BASE`. */
  get url(): string {
    return `http://127.0.0.1:${this.sockets.port}`;
  }

  /** New (not resumed) sessions started. */
  get sessionsStarted(): number {
    return this.sessionSeq;
  }

  /** Connections open now (a session that let go of its socket is no longer counted). */
  get openConnections(): number {
    return this.sockets.conns.size;
  }

  /** Whether a reply is streaming on some connection (a cut or finished one is not). */
  get replying(): boolean {
    return [...this.sockets.conns].some((c) => c.speech?.active === true);
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
    for (const c of this.sockets.conns) {
      this.send(c, { goAway: { timeLeft: `${timeLeftMs / 1000}s` } });
      setTimeout(() => c.ws.readyState === c.ws.OPEN && c.ws.close(1001, 'connection recycled'), timeLeftMs);
    }
  }

  /** Drops every connection without a close frame (the client sees 1006). */
  dropConnections(): void {
    this.sockets.dropConnections();
  }

  /** Sends raw bytes on every connection (garbage on demand). */
  sendRaw(data: string | Buffer): void {
    this.sockets.sendRaw(data);
  }

  /** Closes every connection with a close frame, as the service does on errors. */
  closeConnections(code: number, reason: string): void {
    for (const c of this.sockets.conns) c.ws.close(code, reason);
  }

  stop(): Promise<void> {
    return this.sockets.stop();
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
    ws.on('message', (data: RawData) => this.onMessage(conn, data));
    this.sockets.add(conn, () => {
      conn.speech?.cancel();
      clearTimeout(conn.thinkTimer);
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
    if (this.options.maxSessions !== undefined && this.sessionSeq >= this.options.maxSessions) {
      conn.ws.close(1011, 'You exceeded your current quota, please check your plan and billing details.');
      return;
    }
    conn.session = { id: ++this.sessionSeq, turnIndex: 0, context: [], said: [] };
    this.send(conn, { setupComplete: {} });
    this.issueHandle(conn);
  }

  private issueHandle(conn: Conn): void {
    if (this.options.withholdHandles) {
      this.send(conn, { sessionResumptionUpdate: { resumable: false } });
      return;
    }
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
    const turn = scriptedTurn(this.options, session.turnIndex);
    session.turnIndex++;
    for (const text of fragments(turn.heard, 3)) {
      this.send(conn, { serverContent: { inputTranscription: { text } } });
    }
    conn.thinkTimer = answerAfterThinking(turn, this.options, {
      handOff: (args) => {
        conn.pendingToolCall = `call-${++this.callSeq}`;
        this.send(conn, {
          toolCall: {
            functionCalls: [{ id: conn.pendingToolCall, name: 'transfer_to_human', args: { ...args } }],
          },
        });
      },
      say: (text) => this.say(conn, text),
    });
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
    const speech = agentSpeech(text, this.options, {
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
          usageMetadata: {
            promptTokenCount: 120,
            responseTokenCount: 40,
            totalTokenCount: 160,
            promptTokensDetails: [
              { modality: 'TEXT', tokenCount: 40 },
              { modality: 'AUDIO', tokenCount: 80 },
            ],
            responseTokensDetails: [{ modality: 'AUDIO', tokenCount: 40 }],
          },
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
