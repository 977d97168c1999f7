// An OpenAI Realtime session as the call sees it (a RealtimeSession): GA events, 24 kHz PCM both ways,
// server-side VAD for barge-in, and the assistant's audio item truncated to what the caller actually
// heard. Caller audio and our requests go out over the connection; the conversation reads the replies.
import type OpenAI from 'openai';
import type { Emitter } from '../emitter';
import { sayLine, supervisorNote } from './instructions';
import { OpenAiConnection, type OpenAiConnectionSettings } from './openai-connection';
import { OpenAiConversation } from './openai-conversation';
import { OPENAI_RATE_HZ } from './openai-setup';
import type {
  ProviderCapabilities,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from './provider';
import { SessionOutbox } from './session-outbox';

export const OPENAI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: OPENAI_RATE_HZ,
  outputSampleRateHz: OPENAI_RATE_HZ,
  canTruncate: true,
  canResume: false,
  detectsBargeIn: true,
};

export class OpenAiSession implements RealtimeSession {
  readonly provider = 'openai' as const;
  readonly model: string;
  readonly capabilities = OPENAI_CAPABILITIES;
  readonly events: Emitter<RealtimeSessionEvents>;

  private readonly outbox: SessionOutbox;
  private readonly connection: OpenAiConnection;
  private readonly conversation: OpenAiConversation;

  constructor(
    client: OpenAI,
    settings: OpenAiConnectionSettings,
    instructions: string,
    options: SessionOptions,
  ) {
    this.model = settings.openaiModel;
    this.outbox = new SessionOutbox('openai', options.log);
    this.events = this.outbox.events;
    this.connection = new OpenAiConnection(client, settings, instructions, options, {
      onEvent: (raw) => this.conversation.onEvent(raw),
      onMalformed: (detail) => this.outbox.malformed(detail),
      onFailed: (err) => this.outbox.failed(err),
    });
    this.conversation = new OpenAiConversation(this.outbox, this.connection, options.log);
  }

  /** Connects and configures the session; rejects with a SautiError (auth, quota, timeout…). */
  async start(): Promise<void> {
    await this.connection.open();
    this.outbox.opened(this.model, () => this.connection.closed);
  }

  sendAudio(pcm: Int16Array): void {
    this.connection.sendAudio(pcm);
  }

  greet(text: string): void {
    this.createResponse(`Greet the caller now, saying: "${text.trim()}"`);
  }

  nudge(text: string): void {
    // A system item is context the model reads, never something the caller said.
    this.connection.send({
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
    if (this.conversation.responseActive) this.connection.send({ type: 'response.cancel' });
    const item = this.conversation.takeAudioItem();
    if (!item) return;
    const sentMs = Math.floor((item.samples * 1000) / OPENAI_RATE_HZ);
    this.connection.send({
      type: 'conversation.item.truncate',
      item_id: item.itemId,
      content_index: item.contentIndex,
      audio_end_ms: Math.max(0, Math.min(Math.round(heardMs), sentMs)),
    });
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.conversation.answerFunctionCall(toolCallId, result);
  }

  close(reason: string): void {
    if (this.connection.closed) return;
    this.connection.close();
    this.outbox.closed(reason);
  }

  private createResponse(instructions: string): void {
    if (this.conversation.responseActive) this.connection.send({ type: 'response.cancel' });
    this.connection.send({ type: 'response.create', response: { instructions } });
  }
}
