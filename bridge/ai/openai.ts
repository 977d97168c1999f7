// OpenAI Realtime through the official `openai` package's WebSocket client (`OpenAIRealtimeWS`): GA
// events, 24 kHz PCM both ways, server-side VAD for barge-in, and truncation of the assistant's audio
// item to what the caller actually heard. The API has no session resumption: a lost socket ends the AI leg.
import OpenAI from 'openai';
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { OpenAIRealtimeError } from 'openai/realtime/internal-base';
import type { TimerHandle } from '../clock';
import type { Config } from '../config';
import { Emitter } from '../emitter';
import { SautiError } from '../errors';
import { AudioBacklog } from './audio-backlog';
import { handshakeError, handshakeStatus, openAiCloseError, openAiEventError } from './classify-failure';
import { HANDOFF_TOOL_NAME, parseHandoffArgs } from './handoff-tool';
import { HeldEvents } from './held-events';
import { sayLine, supervisorNote } from './instructions';
import { count, MalformedEvent, obj, readAudioDelta, str, type EventObject as Obj } from './openai-events';
import { pcmToBase64 } from './pcm-base64';
import { OPENAI_RATE_HZ, openAiSession, type OpenAiSetupSettings } from './openai-setup';
import type {
  ProviderCapabilities,
  RealtimeProvider,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from './provider';

export const OPENAI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: OPENAI_RATE_HZ,
  outputSampleRateHz: OPENAI_RATE_HZ,
  canTruncate: true,
  canResume: false,
  detectsBargeIn: true,
};

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Caller audio kept until the session is configured. */
const START_BUFFER_MS = 5000;

export type OpenAiSettings = OpenAiSetupSettings &
  Pick<Config, 'openaiApiKey' | 'openaiApiBase' | 'aiConnectTimeoutMs'>;

export class OpenAiProvider implements RealtimeProvider {
  readonly name = 'openai' as const;
  readonly model: string;
  readonly capabilities = OPENAI_CAPABILITIES;
  private readonly client: OpenAI;

  constructor(
    private readonly settings: OpenAiSettings & { openaiApiKey: string },
    private readonly defaultInstructions: string,
  ) {
    this.model = settings.openaiModel;
    this.client = new OpenAI({
      apiKey: settings.openaiApiKey,
      ...(settings.openaiApiBase ? { baseURL: settings.openaiApiBase } : {}),
    });
  }

  async connect(options: SessionOptions): Promise<RealtimeSession> {
    const instructions = options.instructions.trim() || this.defaultInstructions;
    const session = new OpenAiSession(this.client, this.settings, instructions, options);
    await session.start();
    return session;
  }
}

/** The assistant audio item being played, for `conversation.item.truncate`. */
interface AudioItem {
  readonly itemId: string;
  readonly contentIndex: number;
  samples: number;
}

class OpenAiSession implements RealtimeSession {
  readonly provider = 'openai' as const;
  readonly model: string;
  readonly capabilities = OPENAI_CAPABILITIES;
  readonly events = new Emitter<RealtimeSessionEvents>();

  private rt: OpenAIRealtimeWS | null = null;
  private ready = false;
  private closed = false;
  private startSettle: { resolve: () => void; reject: (e: SautiError) => void; timer: TimerHandle } | null =
    null;
  /** A fatal error event seen before the socket closed: it explains the close. */
  private fatalError: SautiError | null = null;
  private socketErrorMessage: string | null = null;
  private readonly held = new HeldEvents(this.events);
  private readonly pendingAudio = new AudioBacklog(START_BUFFER_MS, OPENAI_RATE_HZ);
  private audioItem: AudioItem | null = null;
  private responseActive = false;
  private responseId: string | null = null;
  /** The response the caller talked over: the server cancels it, its deltas still in flight are dropped. */
  private cutResponseId: string | null = null;
  private callerItemId: string | null = null;
  private readonly closedCallerItems = new Set<string>();
  private callerText = '';
  private agentText = '';
  private malformedReported = false;

  constructor(
    private readonly client: OpenAI,
    private readonly settings: OpenAiSettings,
    private readonly instructions: string,
    private readonly options: SessionOptions,
  ) {
    this.model = settings.openaiModel;
  }

  start(): Promise<void> {
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
            model: this.model,
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
      rt.on('error', (err) => this.onClientError(err));
      rt.on('event', (event) => this.onEvent(event as unknown));
      rt.socket.on('open', () =>
        this.send({ type: 'session.update', session: openAiSession(this.settings, this.instructions) }),
      );
      rt.socket.on('close', (code, reason) => this.onSocketClosed(code, reason.toString('utf8')));
    }).then(() => {
      this.options.log.info({ model: this.model }, 'OpenAI Realtime session open');
      this.held.releaseAfterConnect(() => this.closed);
    });
  }

  sendAudio(pcm: Int16Array): void {
    if (this.closed || pcm.length === 0) return;
    if (this.ready) {
      this.appendAudio(pcm);
      return;
    }
    this.pendingAudio.push(pcm);
  }

  greet(text: string): void {
    this.createResponse(`Greet the caller now, saying: "${text.trim()}"`);
  }

  nudge(text: string): void {
    // A system item is context the model reads, never something the caller said.
    this.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: supervisorNote(text) }],
      },
    });
  }

  say(text: string): void {
    this.createResponse(sayLine(text));
  }

  truncateHeard(heardMs: number): void {
    const item = this.audioItem;
    if (this.responseActive) this.send({ type: 'response.cancel' });
    if (!item) return;
    this.audioItem = null;
    const sentMs = Math.floor((item.samples * 1000) / OPENAI_RATE_HZ);
    this.send({
      type: 'conversation.item.truncate',
      item_id: item.itemId,
      content_index: item.contentIndex,
      audio_end_ms: Math.max(0, Math.min(Math.round(heardMs), sentMs)),
    });
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: toolCallId, output: JSON.stringify(result) },
    });
    this.send({ type: 'response.create' });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.clock.clearTimeout(this.startSettle?.timer);
    this.rt?.close({ code: 1000, reason: 'call ended' });
    this.options.log.info({ reason }, 'OpenAI Realtime session closed');
    this.emit('close', { reason });
  }

  // ── connection ───────────────────────────────────────────────────────────────────────────────────

  private settleStart(error?: SautiError): void {
    const settle = this.startSettle;
    if (!settle) return;
    this.startSettle = null;
    this.options.clock.clearTimeout(settle.timer);
    if (error) {
      this.closed = true;
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
      this.reportMalformed('a non-JSON frame');
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
    if (this.closed) return;
    this.fail(err);
  }

  private fail(err: SautiError): void {
    if (this.closed) return;
    this.closed = true;
    this.rt?.socket.terminate();
    this.options.log.error({ code: err.code, err: err.message }, 'OpenAI session failed');
    this.emit('error', err);
    this.emit('close', { reason: err.message, error: err });
  }

  // ── events from the model ────────────────────────────────────────────────────────────────────────

  private onEvent(raw: unknown): void {
    if (this.closed && !this.startSettle) return;
    if (
      typeof raw !== 'object' ||
      raw === null ||
      Array.isArray(raw) ||
      typeof (raw as Obj).type !== 'string'
    ) {
      this.reportMalformed('an event without a type');
      return;
    }
    const e = raw as Obj;
    try {
      this.onTypedEvent(e.type as string, e);
    } catch (err) {
      if (err instanceof MalformedEvent) this.reportMalformed(`${e.type as string}: ${err.message}`);
      else throw err;
    }
  }

  private onTypedEvent(type: string, e: Obj): void {
    switch (type) {
      case 'session.updated':
        if (!this.ready) {
          this.ready = true;
          for (const pcm of this.pendingAudio.drain()) this.appendAudio(pcm);
          this.settleStart();
        }
        return;
      case 'input_audio_buffer.speech_started':
        // interrupt_response: the server cancels the reply in progress.
        if (this.responseActive) this.cutResponseId = this.responseId;
        this.emit('speech.started', {});
        return;
      case 'input_audio_buffer.speech_stopped':
        this.emit('speech.stopped', {});
        return;
      case 'conversation.item.input_audio_transcription.delta': {
        const itemId = str(e.item_id, 'item_id');
        const delta = e.delta === undefined ? '' : str(e.delta, 'delta');
        if (this.closedCallerItems.has(itemId)) return;
        if (this.callerItemId !== itemId) this.endCallerLine();
        this.callerItemId = itemId;
        if (delta) {
          this.callerText += delta;
          this.emit('caller.transcript', { text: delta, final: false });
        }
        return;
      }
      case 'conversation.item.input_audio_transcription.completed': {
        const itemId = str(e.item_id, 'item_id');
        const transcript = str(e.transcript, 'transcript');
        // Transcription runs beside the model: a line we already closed (the caller spoke again) stays closed.
        if (this.closedCallerItems.has(itemId)) return;
        if (this.callerItemId !== null && this.callerItemId !== itemId) this.endCallerLine();
        this.callerItemId = null;
        this.callerText = '';
        this.rememberClosed(itemId);
        if (transcript.trim()) this.emit('caller.transcript', { text: transcript, final: true });
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        if (this.callerItemId === e.item_id) this.endCallerLine();
        return;
      case 'response.created': {
        const response = obj(e.response, 'response');
        this.responseActive = true;
        this.responseId = typeof response.id === 'string' ? response.id : null;
        return;
      }
      case 'response.output_audio.delta':
      case 'response.audio.delta': // the beta name, still sent by older models
        this.onAudioDelta(e);
        return;
      case 'response.output_audio_transcript.delta':
      case 'response.audio_transcript.delta': {
        const delta = str(e.delta, 'delta');
        if (delta) {
          this.agentText += delta;
          this.emit('agent.transcript', { text: delta, final: false });
        }
        return;
      }
      case 'response.output_audio_transcript.done':
      case 'response.audio_transcript.done': {
        const transcript = e.transcript === undefined ? this.agentText : str(e.transcript, 'transcript');
        this.agentText = '';
        if (transcript.trim()) this.emit('agent.transcript', { text: transcript, final: true });
        return;
      }
      case 'response.function_call_arguments.done':
        this.onFunctionCall(str(e.call_id, 'call_id'), str(e.name, 'name'), e.arguments);
        return;
      case 'response.done':
        this.onResponseDone(obj(e.response, 'response'));
        return;
      default:
        return;
    }
  }

  private onAudioDelta(e: Obj): void {
    const { responseId, itemId, contentIndex, pcm } = readAudioDelta(e);
    if (this.cutResponseId !== null && responseId === this.cutResponseId) return;
    if (pcm.length === 0) return;
    if (this.audioItem?.itemId !== itemId || this.audioItem.contentIndex !== contentIndex) {
      this.audioItem = { itemId, contentIndex, samples: 0 };
    }
    this.audioItem.samples += pcm.length;
    this.emit('audio', pcm);
  }

  private onFunctionCall(callId: string, name: string, args: unknown): void {
    if (name === HANDOFF_TOOL_NAME) {
      const { reason, summary } = parseHandoffArgs(args);
      this.emit('handoff', { toolCallId: callId, reason, summary });
      return;
    }
    this.options.log.warn({ name }, 'OpenAI called an unknown tool');
    this.send({
      type: 'conversation.item.create',
      item: {
        type: 'function_call_output',
        call_id: callId,
        output: JSON.stringify({ error: `No tool named ${name}` }),
      },
    });
    this.send({ type: 'response.create' });
  }

  private onResponseDone(response: Obj): void {
    this.responseActive = false;
    const usage =
      response.usage === undefined || response.usage === null ? null : obj(response.usage, 'usage');
    if (usage) {
      this.emit('usage', {
        inputTokens: count(usage.input_tokens),
        outputTokens: count(usage.output_tokens),
        totalTokens: count(usage.total_tokens),
      });
    }
    const details = response.status_details;
    const status = response.status;
    if (status === 'failed' && typeof details === 'object' && details !== null) {
      const error = (details as Obj).error;
      if (typeof error === 'object' && error !== null) {
        const classified = openAiEventError(
          error as Obj as { type?: string; code?: string; message?: string },
        );
        if (classified.fatal) {
          this.fail(classified.error);
          return;
        }
        this.options.log.warn(
          { code: classified.error.code, err: classified.error.message },
          'OpenAI response failed',
        );
      }
    }
    if (status === 'cancelled' && (details as Obj | undefined)?.reason === 'turn_detected')
      this.emit('interrupted', {});
    this.agentText = '';
    this.emit('turn.complete', {});
  }

  /** Closes the caller's line with the fragments so far (its `completed` did not come first). */
  private endCallerLine(): void {
    if (this.callerItemId) this.rememberClosed(this.callerItemId);
    this.callerItemId = null;
    if (!this.callerText) return;
    const text = this.callerText;
    this.callerText = '';
    this.emit('caller.transcript', { text, final: true });
  }

  private rememberClosed(itemId: string): void {
    this.closedCallerItems.add(itemId);
    if (this.closedCallerItems.size > 32)
      this.closedCallerItems.delete(this.closedCallerItems.values().next().value!);
  }

  private reportMalformed(detail: string): void {
    this.options.log.warn({ detail }, 'malformed event from OpenAI ignored');
    if (this.malformedReported) return;
    this.malformedReported = true;
    this.emit('error', new SautiError('AI_MALFORMED', `Malformed event from OpenAI: ${detail}`));
  }

  // ── sending ──────────────────────────────────────────────────────────────────────────────────────

  private appendAudio(pcm: Int16Array): void {
    this.send({ type: 'input_audio_buffer.append', audio: pcmToBase64(pcm) });
  }

  private createResponse(instructions: string): void {
    if (this.responseActive) this.send({ type: 'response.cancel' });
    this.send({ type: 'response.create', response: { instructions } });
  }

  private send(event: RealtimeClientEvent): void {
    const rt = this.rt;
    if (!rt || rt.socket.readyState !== rt.socket.OPEN) return;
    rt.send(event);
  }

  private emit<K extends keyof RealtimeSessionEvents>(name: K, payload: RealtimeSessionEvents[K]): void {
    this.held.emit(name, payload);
  }
}
