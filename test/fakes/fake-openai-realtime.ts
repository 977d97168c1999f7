// A fake OpenAI Realtime service on a real TLS WebSocket (the official client always dials wss:), in
// the GA event format of the openai 6.x types: `session.created`, `session.update` → `session.updated`
// (a later update changes only the fields it carries); `input_audio_buffer.append` (24 kHz) heard by
// server VAD with `speech_started` / `speech_stopped`, input transcription deltas and `completed` (with
// its usage); responses as `response.output_audio.delta` chunks faster than real time with transcript
// deltas and `response.done` (usage); the caller's end of speech starting a response and the caller
// talking over an active response cancelling it (`turn_detected`), unless turn detection's
// `create_response` / `interrupt_response` say false; `conversation.item.truncate` checked against the audio sent;
// the handoff function call on cue; `conversation.item.create` checked against the item shapes of the GA
// reference (user `input_text`, assistant `output_text`, system `input_text`, function outputs); each
// connection's own events and how it closed, for tests of a move to a new connection; errors, bad
// keys, drops and garbage as the real service sends them.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawData, WebSocket } from 'ws';
import { answerAfterThinking, scriptedTurn, type FakeScriptOptions, type HandoffArgs } from './fake-script';
import { FakeSocketServer } from './fake-socket-server';
import { EnergyVad } from './fake-vad';
import { agentSpeech, type SpeechStream } from './fake-speech-stream';
import { AGENT_RATE_HZ, base64Pcm, fragments, pcmFromBase64, quoted } from './fake-voice';

export const FAKE_OPENAI_KEY = 'sk-fake-openai-key';
const TLS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tls');
/** The certificate the fake serves; the app trusts it through NODE_EXTRA_CA_CERTS (vitest.config.ts). */
export const FAKE_PROVIDER_CERT = path.join(TLS_DIR, 'fake-provider-cert.pem');

export interface FakeOpenAiOptions extends FakeScriptOptions {
  /** Refuse the session as over quota, or never answer session.update. */
  failure?: 'quota' | 'hang' | null;
  /** Audio deltas of a cancelled response still in flight when the cancel happens (as on a real network). */
  inFlightDeltas?: number;
  /** The caller's `transcription.completed` comes this much later (transcription runs beside the model). */
  transcriptionLagMs?: number;
}

type Event = Record<string, unknown> & { type: string };

interface Response {
  readonly id: string;
  readonly itemId: string;
  speech: SpeechStream | null;
  text: string;
}

/** One connection as the fake saw it. */
export interface FakeOpenAiConnection {
  /** performance.now() at the upgrade, to order it against what the client saw. */
  readonly openedAtMs: number;
  /** Client events other than audio appends, in order. */
  readonly events: Event[];
  /** The close code the client (or the fake) sent, once closed. */
  closeCode: number | null;
}

interface Conn {
  readonly record: FakeOpenAiConnection;
  readonly ws: WebSocket;
  session: Record<string, unknown> | null;
  vad: EnergyVad;
  response: Response | null;
  thinkTimer?: NodeJS.Timeout;
  userItem: string | null;
  turnIndex: number;
  /** Audio sent per assistant item, ms: what a truncate may cut to. */
  readonly itemAudioMs: Map<string, number>;
}

export class FakeOpenAiRealtime {
  /** Every `session` object of a `session.update`, in order. */
  readonly sessionUpdates: Record<string, unknown>[] = [];
  /** Every client event other than audio appends, in order. */
  readonly clientEvents: Event[] = [];
  readonly truncations: { item_id: string; content_index: number; audio_end_ms: number }[] = [];
  readonly said: string[] = [];
  /** The `Authorization` header and URL of each connection. */
  readonly handshakes: { authorization: string; url: string }[] = [];
  /** Each connection accepted, in order. */
  readonly connections: FakeOpenAiConnection[] = [];
  audioInMs = 0;
  private seq = 0;
  private readonly sentByType = new Map<string, number>();

  private readonly sockets: FakeSocketServer<Conn>;

  private constructor(readonly options: FakeOpenAiOptions) {
    const server = https.createServer({
      cert: readFileSync(FAKE_PROVIDER_CERT),
      key: readFileSync(path.join(TLS_DIR, 'fake-provider-key.pem')),
    });
    this.sockets = new FakeSocketServer<Conn>(server, {
      maxPayloadBytes: 15 * 1024 * 1024,
      accept: (req) => {
        const url = new URL(req.url ?? '/', 'https://fake');
        if (url.pathname !== '/v1/realtime' || !url.searchParams.get('model')) return null;
        const authorization = String(req.headers.authorization ?? '');
        this.handshakes.push({ authorization, url: req.url ?? '' });
        return (ws) => this.onConnection(ws, authorization);
      },
    });
  }

  static async start(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiRealtime> {
    const fake = new FakeOpenAiRealtime(options);
    await fake.sockets.listen();
    return fake;
  }

  /** The base URL for `OPENAI_API_BASE` (the SDK's baseURL, with /v1). */
  get url(): string {
    return `https://127.0.0.1:${this.sockets.port}/v1`;
  }

  /** Whether a response is in progress on some connection (a cancelled or finished one is not). */
  get replying(): boolean {
    return [...this.sockets.conns].some((c) => c.response !== null);
  }

  /** How many server events of `type` were sent, all connections. */
  sent(type: string): number {
    return this.sentByType.get(type) ?? 0;
  }

  /** Context items the model received (system messages). */
  get context(): string[] {
    return this.clientEvents
      .filter((e) => e.type === 'conversation.item.create')
      .map((e) => e.item as { role?: string; content?: { text?: string }[] })
      .filter((item) => item.role === 'system')
      .map((item) => item.content?.[0]?.text ?? '');
  }

  /** Drops every connection without a close frame (the client sees 1006). */
  dropConnections(): void {
    this.sockets.dropConnections();
  }

  /** Sends raw text on every connection (garbage on demand). */
  sendRaw(data: string): void {
    this.sockets.sendRaw(data);
  }

  /** Sends an `error` event, and closes like the service does for fatal ones (code 3000, "<type>.<code>"). */
  sendError(type: string, code: string, message: string, close = false): void {
    for (const c of this.sockets.conns) {
      this.send(c, { type: 'error', error: { type, code, message, param: null, event_id: null } });
      if (close) c.ws.close(3000, `${type}.${code}`);
    }
  }

  stop(): Promise<void> {
    return this.sockets.stop();
  }

  private onConnection(ws: WebSocket, authorization: string): void {
    const record: FakeOpenAiConnection = { openedAtMs: performance.now(), events: [], closeCode: null };
    this.connections.push(record);
    ws.on('close', (code) => {
      record.closeCode = code;
    });
    const conn: Conn = {
      record,
      ws,
      session: null,
      vad: new EnergyVad({ rateHz: AGENT_RATE_HZ, silenceMs: 500 }),
      response: null,
      userItem: null,
      turnIndex: 0,
      itemAudioMs: new Map(),
    };
    this.sockets.add(conn, () => {
      conn.response?.speech?.cancel();
      clearTimeout(conn.thinkTimer);
    });
    if (authorization !== `Bearer ${this.options.apiKey ?? FAKE_OPENAI_KEY}`) {
      // The service accepts the socket, says why, and closes it.
      this.send(conn, {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          message:
            'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
          param: null,
          event_id: null,
        },
      });
      ws.close(3000, 'invalid_request_error.invalid_api_key');
      return;
    }
    if (this.options.failure === 'quota') {
      this.sendError(
        'insufficient_quota',
        'insufficient_quota',
        'You exceeded your current quota, please check your plan and billing details.',
      );
      ws.close(3000, 'insufficient_quota.insufficient_quota');
      return;
    }
    ws.on('message', (data: RawData) => this.onMessage(conn, data));
    this.send(conn, {
      type: 'session.created',
      session: { type: 'realtime', object: 'realtime.session', id: `sess_${++this.seq}` },
    });
  }

  private onMessage(conn: Conn, data: RawData): void {
    let event: Event;
    try {
      event = JSON.parse(String(data)) as Event;
    } catch {
      this.clientError(conn, 'invalid_json', 'The server could not parse the event.');
      return;
    }
    if (event.type !== 'input_audio_buffer.append') {
      this.clientEvents.push(event);
      conn.record.events.push(event);
    }
    switch (event.type) {
      case 'session.update':
        return this.onSessionUpdate(conn, event.session as Record<string, unknown>);
      case 'input_audio_buffer.append':
        return this.onAudio(conn, event.audio);
      case 'response.create':
        return this.respond(conn, responseText(event, this.lastFunctionOutput()));
      case 'response.cancel':
        if (!conn.response)
          return this.clientError(
            conn,
            'response_cancel_not_active',
            'Cancellation failed: no active response found',
          );
        return this.cancelResponse(conn, 'client_cancelled');
      case 'conversation.item.truncate':
        return this.onTruncate(conn, event);
      case 'conversation.item.create': {
        const problem = itemProblem(event.item);
        if (problem) return this.clientError(conn, 'invalid_value', problem);
        this.send(conn, {
          type: 'conversation.item.added',
          item: { id: `item_${++this.seq}`, ...(event.item as object) },
        });
        return;
      }
      default:
        return this.clientError(conn, 'unknown_event', `Unknown event type ${event.type}`);
    }
  }

  private onSessionUpdate(conn: Conn, session: Record<string, unknown> | undefined): void {
    const audio = session?.audio as
      | {
          input?: { format?: { type?: string; rate?: number } };
          output?: { format?: { type?: string; rate?: number } };
        }
      | undefined;
    // The first update sets the session up, so it must say the audio format; a later one may carry only
    // what changes ("Only the fields that are present in the session.update are updated").
    const format = audio?.input?.format;
    if (
      session?.type !== 'realtime' ||
      ((conn.session === null || format !== undefined) &&
        (format?.type !== 'audio/pcm' || format.rate !== 24_000))
    ) {
      this.clientError(conn, 'invalid_value', 'session.update: unsupported session');
      return;
    }
    this.sessionUpdates.push(session);
    if (this.options.failure === 'hang') return;
    conn.session = conn.session ? merged(conn.session, session) : session;
    this.send(conn, { type: 'session.updated', session: conn.session });
  }

  private onAudio(conn: Conn, audio: unknown): void {
    if (typeof audio !== 'string') return this.clientError(conn, 'invalid_value', 'audio must be base64');
    const before = conn.vad.audioMs;
    for (const e of conn.vad.push(pcmFromBase64(audio))) {
      if (e.type === 'start') {
        clearTimeout(conn.thinkTimer);
        conn.userItem = `item_${++this.seq}`;
        this.send(conn, {
          type: 'input_audio_buffer.speech_started',
          audio_start_ms: e.atMs,
          item_id: conn.userItem,
        });
        if (conn.response && turnDetection(conn).interrupt_response !== false)
          this.cancelResponse(conn, 'turn_detected');
      } else {
        this.send(conn, {
          type: 'input_audio_buffer.speech_stopped',
          audio_end_ms: e.atMs,
          item_id: conn.userItem,
        });
        this.onCallerTurn(conn);
      }
    }
    this.audioInMs += conn.vad.audioMs - before;
  }

  private onCallerTurn(conn: Conn): void {
    const itemId = conn.userItem ?? `item_${++this.seq}`;
    const turn = scriptedTurn(this.options, conn.turnIndex);
    conn.turnIndex++;
    this.send(conn, { type: 'input_audio_buffer.committed', item_id: itemId });
    const text = turn.heard;
    for (const delta of fragments(text, 3)) {
      this.send(conn, {
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: itemId,
        content_index: 0,
        delta,
      });
    }
    const completed = () =>
      this.send(conn, {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: itemId,
        content_index: 0,
        transcript: text,
        usage: transcriptionUsage(),
      });
    if (this.options.transcriptionLagMs) setTimeout(completed, this.options.transcriptionLagMs);
    else completed();
    // "If both create_response and interrupt_response are set to false, the model will never respond
    // automatically but VAD events will still be emitted" (and input transcription goes on).
    if (turnDetection(conn).create_response === false) return;
    conn.thinkTimer = answerAfterThinking(turn, this.options, {
      handOff: (args) => this.callHandoff(conn, args),
      say: (reply) => this.respond(conn, reply),
    });
  }

  private callHandoff(conn: Conn, args: HandoffArgs): void {
    const responseId = `resp_${++this.seq}`;
    const itemId = `item_${++this.seq}`;
    const callId = `call_${++this.seq}`;
    const argsJson = JSON.stringify(args);
    this.send(conn, { type: 'response.created', response: { id: responseId, status: 'in_progress' } });
    this.send(conn, {
      type: 'response.output_item.added',
      response_id: responseId,
      output_index: 0,
      item: { id: itemId, type: 'function_call', call_id: callId, name: 'transfer_to_human' },
    });
    this.send(conn, {
      type: 'response.function_call_arguments.delta',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      call_id: callId,
      delta: argsJson,
    });
    this.send(conn, {
      type: 'response.function_call_arguments.done',
      response_id: responseId,
      item_id: itemId,
      output_index: 0,
      call_id: callId,
      name: 'transfer_to_human',
      arguments: argsJson,
    });
    this.send(conn, {
      type: 'response.done',
      response: { id: responseId, status: 'completed', usage: usage() },
    });
  }

  private respond(conn: Conn, text: string): void {
    if (conn.response) {
      this.clientError(
        conn,
        'conversation_already_has_active_response',
        'Conversation already has an active response in progress',
      );
      return;
    }
    const response: Response = { id: `resp_${++this.seq}`, itemId: `item_${++this.seq}`, speech: null, text };
    conn.response = response;
    this.said.push(text);
    this.send(conn, { type: 'response.created', response: { id: response.id, status: 'in_progress' } });
    this.send(conn, {
      type: 'response.output_item.added',
      response_id: response.id,
      output_index: 0,
      item: { id: response.itemId, type: 'message', role: 'assistant' },
    });
    const base = { response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0 };
    const speech: SpeechStream = agentSpeech(text, this.options, {
      onChunk: (pcm, fragment) => {
        conn.itemAudioMs.set(
          response.itemId,
          (conn.itemAudioMs.get(response.itemId) ?? 0) + (pcm.length * 1000) / AGENT_RATE_HZ,
        );
        this.send(conn, { type: 'response.output_audio.delta', ...base, delta: base64Pcm(pcm) });
        if (fragment)
          this.send(conn, { type: 'response.output_audio_transcript.delta', ...base, delta: fragment });
      },
      onGenerated: () => {
        // OpenAI is done when generation is: playback is the client's business.
        speech.cancel();
        this.send(conn, { type: 'response.output_audio.done', ...base });
        this.send(conn, { type: 'response.output_audio_transcript.done', ...base, transcript: text });
        this.send(conn, {
          type: 'response.output_item.done',
          response_id: response.id,
          output_index: 0,
          item: { id: response.itemId, type: 'message', status: 'completed' },
        });
        this.send(conn, {
          type: 'response.done',
          response: { id: response.id, status: 'completed', usage: usage() },
        });
        conn.response = null;
      },
      onPlayedOut: () => undefined,
    });
    response.speech = speech;
    speech.start();
  }

  private cancelResponse(conn: Conn, reason: 'turn_detected' | 'client_cancelled'): void {
    const response = conn.response;
    if (!response) return;
    response.speech?.cancel();
    conn.response = null;
    const late = { response_id: response.id, item_id: response.itemId, output_index: 0, content_index: 0 };
    for (let i = 0; i < (this.options.inFlightDeltas ?? 0); i++) {
      this.send(conn, {
        type: 'response.output_audio.delta',
        ...late,
        delta: base64Pcm(new Int16Array(960).fill(4000)),
      });
    }
    this.send(conn, {
      type: 'response.done',
      response: {
        id: response.id,
        status: 'cancelled',
        status_details: { type: 'cancelled', reason },
        usage: usage(),
      },
    });
  }

  private onTruncate(conn: Conn, event: Event): void {
    const itemId = String(event.item_id);
    const audioEndMs = Number(event.audio_end_ms);
    const sentMs = conn.itemAudioMs.get(itemId);
    if (sentMs === undefined) return this.clientError(conn, 'item_not_found', `Item ${itemId} not found`);
    if (!(audioEndMs >= 0) || audioEndMs > sentMs + 1) {
      return this.clientError(
        conn,
        'invalid_value',
        `audio_end_ms ${audioEndMs} is longer than the audio (${sentMs} ms)`,
      );
    }
    this.truncations.push({
      item_id: itemId,
      content_index: Number(event.content_index),
      audio_end_ms: audioEndMs,
    });
    this.send(conn, {
      type: 'conversation.item.truncated',
      item_id: itemId,
      content_index: event.content_index,
      audio_end_ms: audioEndMs,
    });
  }

  /** The message of a function output sent just before this response.create. */
  private lastFunctionOutput(): string | null {
    const last = this.clientEvents.at(-2);
    const item =
      last?.type === 'conversation.item.create' ? (last.item as { type?: string; output?: string }) : null;
    if (item?.type !== 'function_call_output' || !item.output) return null;
    try {
      return (JSON.parse(item.output) as { message?: string }).message ?? null;
    } catch {
      return null;
    }
  }

  private clientError(conn: Conn, code: string, message: string): void {
    this.send(conn, {
      type: 'error',
      error: { type: 'invalid_request_error', code, message, param: null, event_id: null },
    });
  }

  private send(conn: Conn, event: Record<string, unknown>): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    const type = String(event.type);
    this.sentByType.set(type, this.sent(type) + 1);
    conn.ws.send(JSON.stringify({ event_id: `event_${++this.seq}`, ...event }));
  }
}

/** The session's turn detection as last updated (both flags default to true). */
function turnDetection(conn: Conn): { create_response?: unknown; interrupt_response?: unknown } {
  const audio = conn.session?.audio as { input?: { turn_detection?: unknown } } | undefined;
  const td = audio?.input?.turn_detection;
  return typeof td === 'object' && td !== null ? td : {};
}

/** `session` with `update`'s fields over it: objects field by field, anything else replaced. */
function merged(session: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...session };
  for (const [key, value] of Object.entries(update)) {
    const was = out[key];
    out[key] = isPlainObject(was) && isPlainObject(value) ? merged(was, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function responseText(event: Event, functionOutput: string | null): string {
  const instructions = (event.response as { instructions?: string } | undefined)?.instructions;
  if (instructions) return quoted(instructions) ?? 'How can I help you?';
  return functionOutput ?? 'How can I help you?';
}

/** Content part types each message role takes (GA reference, `conversation.item.create`). */
const PARTS_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  user: ['input_text', 'input_audio', 'input_image'],
  assistant: ['output_text', 'output_audio'],
  system: ['input_text'],
};

/** What is wrong with a client-created item, as the service words it; null when it is fine. */
function itemProblem(raw: unknown): string | null {
  const item = raw as
    | { type?: string; role?: string; content?: { type?: string }[]; call_id?: unknown; output?: unknown }
    | undefined;
  if (item?.type === 'function_call_output') {
    return typeof item.call_id === 'string' && typeof item.output === 'string'
      ? null
      : 'item.call_id and item.output are required';
  }
  if (item?.type !== 'message')
    return `Invalid value: '${String(item?.type)}'. Supported values are: 'message', 'function_call', 'function_call_output'.`;
  const allowed = PARTS_BY_ROLE[item.role ?? ''];
  if (!allowed)
    return `Invalid value: '${String(item.role)}'. Supported values are: 'user', 'assistant', 'system'.`;
  if (!Array.isArray(item.content) || item.content.length === 0) return 'item.content is required';
  const bad = item.content.find((part) => !allowed.includes(part.type ?? ''));
  return bad
    ? `Invalid value: '${String(bad.type)}'. Supported values for role ${item.role} are: ${allowed.join(', ')}.`
    : null;
}

/** A transcription's usage, billed by tokens, as the GA `input_audio_transcription.completed` shapes it. */
function transcriptionUsage(): Record<string, unknown> {
  return {
    type: 'tokens',
    total_tokens: 52,
    input_tokens: 40,
    output_tokens: 12,
    input_token_details: { text_tokens: 0, audio_tokens: 40 },
  };
}

/** A response's usage as the GA reference shapes it: totals, and the parts billed at their own rates. */
function usage(): Record<string, unknown> {
  return {
    total_tokens: 260,
    input_tokens: 200,
    output_tokens: 60,
    input_token_details: {
      text_tokens: 40,
      audio_tokens: 160,
      image_tokens: 0,
      cached_tokens: 64,
      cached_tokens_details: { text_tokens: 40, audio_tokens: 24, image_tokens: 0 },
    },
    output_token_details: { text_tokens: 12, audio_tokens: 48 },
  };
}
