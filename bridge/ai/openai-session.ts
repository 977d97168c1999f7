// An OpenAI Realtime session as the call sees it (a RealtimeSession): GA events, 24 kHz PCM both ways,
// server-side VAD for barge-in, and the assistant's audio item truncated to what the caller actually
// heard. Caller audio and our requests go out over the link (which moves the call to a new connection
// before the service's session cap); the conversation reads the replies. A session can be made to
// listen only (a person has the call): it never answers again and the caller's transcript goes on.
import type OpenAI from 'openai';
import { sayLine, supervisorNote } from './instructions';
import { ModelSession } from './model-session';
import type { OpenAiConnectionSettings } from './openai-connection';
import { OpenAiConversation } from './openai-conversation';
import { OpenAiRenewingLink } from './openai-renewing-link';
import { OPENAI_RATE_HZ } from './openai-setup';
import type { ProviderCapabilities, SessionOptions } from './provider';

export const OPENAI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: OPENAI_RATE_HZ,
  outputSampleRateHz: OPENAI_RATE_HZ,
  canTruncate: true,
  canResume: false,
  detectsBargeIn: true,
  canListenOnly: true,
};

export class OpenAiSession extends ModelSession {
  protected readonly link: OpenAiRenewingLink;
  private readonly conversation: OpenAiConversation;
  private listening = false;

  constructor(
    client: OpenAI,
    settings: OpenAiConnectionSettings,
    instructions: string,
    options: SessionOptions,
  ) {
    super('openai', settings.openaiModel, OPENAI_CAPABILITIES, options);
    this.link = new OpenAiRenewingLink(client, settings, instructions, options, {
      onEvent: (raw) => this.conversation.onEvent(raw),
      onMalformed: (detail) => this.outbox.malformed(detail),
      onFailed: (err) => this.outbox.failed(err),
      onFault: (error) => this.outbox.faulted(error, 'an OpenAI event'),
      quiet: () => this.conversation.quiet,
      moved: () => this.conversation.connectionMoved(),
      memory: this.outbox.memory,
    });
    this.conversation = new OpenAiConversation(this.outbox, this.link, options.log);
  }

  greet(text: string): void {
    if (this.listening) return;
    this.createResponse(`Greet the caller now, saying: "${text.trim()}"`);
  }

  nudge(text: string): void {
    if (this.listening) return;
    // A system item is context the model reads, never something the caller said.
    this.link.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'system',
        content: [{ type: 'input_text', text: supervisorNote(text) }],
      },
    });
  }

  say(text: string): void {
    if (this.listening) return;
    this.createResponse(sayLine(text));
  }

  truncateHeard(heardMs: number): void {
    this.conversation.cancelReply();
    const item = this.conversation.takeAudioItem();
    if (!item) return;
    const sentMs = Math.floor((item.samples * 1000) / OPENAI_RATE_HZ);
    this.link.send({
      type: 'conversation.item.truncate',
      item_id: item.itemId,
      content_index: item.contentIndex,
      audio_end_ms: Math.max(0, Math.min(Math.round(heardMs), sentMs)),
    });
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.conversation.answerFunctionCall(toolCallId, result);
  }

  /**
   * The model never answers again: turn detection stops asking for replies (on this connection and any
   * the link moves to), a reply in progress is cancelled, and only the caller's lines and usage come out.
   */
  listenOnly(): void {
    if (this.listening || this.link.closed) return;
    this.listening = true;
    // The update first, so that the caller's next pause starts no new reply.
    this.link.listenOnly();
    this.conversation.listenOnly();
  }

  private createResponse(instructions: string): void {
    this.conversation.cancelReply();
    this.link.send({ type: 'response.create', response: { instructions } });
  }
}
