// What the model says on OpenAI Realtime, as session events: server VAD, the caller's line (deltas,
// then `completed`, which may come after the caller spoke again), the reply's audio and transcript,
// tool calls, usage and a reply's end. It also keeps what a barge-in needs: whether a response is in
// progress, and the assistant audio item being played, for `conversation.item.truncate`; and tells
// the link when the conversation is quiet (a planned reconnect moves then). Once it listens only, the
// caller's lines are all that comes out: no audio, no reply transcript, no tool call, no reply asked for.
import type { Log } from '../base/log';
import { openAiEventError } from './classify-failure';
import type { OpenAiRenewingLink } from './openai-renewing-link';
import { count, detailsOf, readAudioDelta, transcriptionUsage } from './openai-events';
import type { SessionOutbox } from './session-outbox';
import { MalformedField, obj, str, type WireObject as Obj } from './wire-fields';

type Connection = Pick<OpenAiRenewingLink, 'send' | 'fail' | 'quietMoment'>;

/** The assistant audio item being played, for `conversation.item.truncate`. */
export interface AudioItem {
  readonly itemId: string;
  readonly contentIndex: number;
  samples: number;
}

/** Caller lines already closed, remembered so a late `completed` does not close them again. */
const CLOSED_LINES_KEPT = 32;

export class OpenAiConversation {
  private audioItem: AudioItem | null = null;
  private replying = false;
  /** `response.cancel` was sent for the reply in progress (a second one only earns an error event). */
  private cancelAsked = false;
  private responseId: string | null = null;
  /** The response the caller talked over: the server cancels it, its deltas still in flight are dropped. */
  private cutResponseId: string | null = null;
  private callerItemId: string | null = null;
  private callerSpeaking = false;
  private readonly closedCallerItems = new Set<string>();
  private listening = false;

  constructor(
    private readonly outbox: SessionOutbox,
    private readonly connection: Connection,
    private readonly log: Log,
  ) {}

  /** No reply in progress and the caller not talking: a good moment to move to a new connection. */
  get quiet(): boolean {
    return !this.replying && !this.callerSpeaking;
  }

  /**
   * The link moved to a new connection: items and responses of the old one mean nothing there. A reply
   * cut by the move (only at the hard deadline) ends here, like a finished turn.
   */
  connectionMoved(): void {
    this.audioItem = null;
    this.responseId = null;
    this.cutResponseId = null;
    this.callerSpeaking = false;
    this.endCallerLine();
    if (!this.replying) return;
    this.replying = false;
    this.outbox.agent.end();
    this.outbox.emit('turn.complete', {});
  }

  /** Asks the service to stop the reply in progress (a new one must cancel it first), once per reply. */
  cancelReply(): void {
    if (!this.replying || this.cancelAsked) return;
    this.cancelAsked = true;
    this.connection.send({ type: 'response.cancel' });
  }

  /**
   * From now on only the caller's lines (and usage) come out: a reply in progress is cancelled and its
   * rest dropped, and one the service starts anyway is cancelled too.
   */
  listenOnly(): void {
    if (this.listening) return;
    this.listening = true;
    this.audioItem = null;
    this.cancelReply();
    this.outbox.agent.drop();
  }

  /** The assistant audio item heard last, handed over once to be truncated. */
  takeAudioItem(): AudioItem | null {
    const item = this.audioItem;
    this.audioItem = null;
    return item;
  }

  /** Answers a function call with its output, and lets the model speak about it. */
  answerFunctionCall(callId: string, output: unknown): void {
    if (this.listening) return;
    this.connection.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: callId, output: JSON.stringify(output) },
    });
    this.connection.send({ type: 'response.create' });
  }

  onEvent(raw: unknown): void {
    if (
      typeof raw !== 'object' ||
      raw === null ||
      Array.isArray(raw) ||
      typeof (raw as Obj).type !== 'string'
    ) {
      this.outbox.malformed('an event without a type');
      return;
    }
    const e = raw as Obj;
    try {
      this.onTypedEvent(e.type as string, e);
    } catch (err) {
      if (err instanceof MalformedField) this.outbox.malformed(`${e.type as string}: ${err.message}`);
      else throw err;
    }
  }

  private onTypedEvent(type: string, e: Obj): void {
    switch (type) {
      case 'input_audio_buffer.speech_started':
        // interrupt_response: the server cancels the reply in progress.
        if (this.replying) this.cutResponseId = this.responseId;
        this.callerSpeaking = true;
        this.outbox.emit('speech.started', {});
        return;
      case 'input_audio_buffer.speech_stopped':
        this.callerSpeaking = false;
        this.outbox.emit('speech.stopped', {});
        return;
      case 'conversation.item.input_audio_transcription.delta': {
        const itemId = str(e.item_id, 'item_id');
        const delta = e.delta === undefined ? '' : str(e.delta, 'delta');
        if (this.closedCallerItems.has(itemId)) return;
        if (this.callerItemId !== itemId) this.endCallerLine();
        this.callerItemId = itemId;
        this.outbox.caller.add(delta);
        return;
      }
      case 'conversation.item.input_audio_transcription.completed': {
        const itemId = str(e.item_id, 'item_id');
        const transcript = str(e.transcript, 'transcript');
        if (this.listening) this.countTranscription(e.usage);
        // Transcription runs beside the model: a line we already closed (the caller spoke again) stays closed.
        if (this.closedCallerItems.has(itemId)) return;
        if (this.callerItemId !== null && this.callerItemId !== itemId) this.endCallerLine();
        this.callerItemId = null;
        this.rememberClosed(itemId);
        this.outbox.caller.endWith(transcript);
        // Listening only, no reply follows: the end of a line is a quiet moment.
        if (this.listening && this.quiet) this.connection.quietMoment();
        return;
      }
      case 'conversation.item.input_audio_transcription.failed':
        if (this.callerItemId === e.item_id) this.endCallerLine();
        return;
      case 'response.created': {
        const response = obj(e.response, 'response');
        this.replying = true;
        this.cancelAsked = false;
        this.responseId = typeof response.id === 'string' ? response.id : null;
        // Asked for before the session listened only (a tool answer, a line to say): not wanted now.
        if (this.listening) this.cancelReply();
        return;
      }
      case 'response.output_audio.delta':
      case 'response.audio.delta': // the beta name, still sent by older models
        this.onAudioDelta(e);
        return;
      case 'response.output_audio_transcript.delta':
      case 'response.audio_transcript.delta':
        if (!this.listening) this.outbox.agent.add(str(e.delta, 'delta'));
        return;
      case 'response.output_audio_transcript.done':
      case 'response.audio_transcript.done':
        if (this.listening) return;
        this.outbox.agent.endWith(
          e.transcript === undefined ? this.outbox.agent.text : str(e.transcript, 'transcript'),
        );
        return;
      case 'response.function_call_arguments.done': {
        if (this.listening) {
          this.log.info({ name: e.name }, 'a tool call while listening only: ignored');
          return;
        }
        const callId = str(e.call_id, 'call_id');
        this.outbox.toolCalled(callId, str(e.name, 'name'), e.arguments, (error) =>
          this.answerFunctionCall(callId, { error }),
        );
        return;
      }
      case 'response.done':
        this.onResponseDone(obj(e.response, 'response'));
        return;
      default:
        return;
    }
  }

  private onAudioDelta(e: Obj): void {
    if (this.listening) return;
    const { responseId, itemId, contentIndex, pcm } = readAudioDelta(e);
    if (this.cutResponseId !== null && responseId === this.cutResponseId) return;
    if (pcm.length === 0) return;
    if (this.audioItem?.itemId !== itemId || this.audioItem.contentIndex !== contentIndex) {
      this.audioItem = { itemId, contentIndex, samples: 0 };
    }
    this.audioItem.samples += pcm.length;
    this.outbox.emit('audio', pcm);
  }

  private onResponseDone(response: Obj): void {
    this.replying = false;
    this.cancelAsked = false;
    const usage =
      response.usage === undefined || response.usage === null ? null : obj(response.usage, 'usage');
    if (usage) {
      // The GA usage object: input_token_details {text_tokens, audio_tokens, cached_tokens, …},
      // output_token_details {text_tokens, audio_tokens}; each part is billed at its own rate.
      const inputDetails = detailsOf(usage.input_token_details);
      const outputDetails = detailsOf(usage.output_token_details);
      this.outbox.emit('usage', {
        inputTokens: count(usage.input_tokens),
        outputTokens: count(usage.output_tokens),
        totalTokens: count(usage.total_tokens),
        inputAudioTokens: count(inputDetails.audio_tokens),
        inputCachedTokens: count(inputDetails.cached_tokens),
        outputAudioTokens: count(outputDetails.audio_tokens),
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
          this.connection.fail(classified.error);
          return;
        }
        this.log.warn(
          { code: classified.error.code, err: classified.error.message },
          'OpenAI response failed',
        );
      }
    }
    if (status === 'cancelled' && (details as Obj | undefined)?.reason === 'turn_detected' && !this.listening)
      this.outbox.emit('interrupted', {});
    this.outbox.agent.drop();
    this.outbox.emit('turn.complete', {});
    if (this.quiet) this.connection.quietMoment();
  }

  /**
   * While listening only, transcription is what the session is billed for (no replies, so no
   * `response.done` usage): its tokens are reported as usage. The cost meter prices them at the
   * realtime model's rates, above the transcription model's: an estimate that errs high.
   */
  private countTranscription(usage: unknown): void {
    const tokens = transcriptionUsage(usage);
    if (tokens) this.outbox.emit('usage', tokens);
  }

  /** Closes the caller's line with the fragments so far (its `completed` did not come first). */
  private endCallerLine(): void {
    if (this.callerItemId) this.rememberClosed(this.callerItemId);
    this.callerItemId = null;
    this.outbox.caller.end();
  }

  private rememberClosed(itemId: string): void {
    this.closedCallerItems.add(itemId);
    if (this.closedCallerItems.size > CLOSED_LINES_KEPT)
      this.closedCallerItems.delete(this.closedCallerItems.values().next().value!);
  }
}
