// A Gemini Live session as the call sees it (a RealtimeSession): caller audio and our lines go out over
// the resumable link, and what the model says comes back through the conversation as session events.
import { GeminiConversation } from './gemini-conversation';
import { GEMINI_OUTPUT_RATE_HZ } from './gemini-messages';
import { GEMINI_INPUT_RATE_HZ, GeminiResumableLink, type GeminiLinkSettings } from './gemini-resumable-link';
import { textGoesAsRealtimeInput } from './gemini-setup';
import type { GeminiClient } from './gemini-transport';
import { HANDOFF_TOOL_NAME } from './handoff-tool';
import { sayLine, supervisorNote } from './instructions';
import { ModelSession } from './model-session';
import type { ProviderCapabilities, SessionOptions } from './provider';

export const GEMINI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: GEMINI_INPUT_RATE_HZ,
  outputSampleRateHz: GEMINI_OUTPUT_RATE_HZ,
  canTruncate: false,
  canResume: true,
  detectsBargeIn: true,
  canListenOnly: false,
};

export class GeminiSession extends ModelSession {
  protected readonly link: GeminiResumableLink;
  private readonly conversation: GeminiConversation;
  private readonly useRealtimeText: boolean;

  constructor(
    client: GeminiClient,
    settings: GeminiLinkSettings,
    instructions: string,
    options: SessionOptions,
  ) {
    super('gemini', settings.geminiModel, GEMINI_CAPABILITIES, options);
    this.useRealtimeText = textGoesAsRealtimeInput(settings.geminiModel);
    this.link = new GeminiResumableLink(client, settings, instructions, options, {
      onMessage: (message) => this.conversation.onMessage(message),
      onMalformed: (detail) => this.outbox.malformed(detail),
      onResuming: () => this.conversation.connectionLost(),
      onResumed: () => this.outbox.emit('ready', { resumed: true }),
      onFailed: (err) => this.outbox.failed(err),
      onFault: (error) => this.outbox.faulted(error, 'a Gemini message'),
      modelSpeaking: () => this.conversation.modelSpeaking,
      conversationSoFar: () => this.outbox.memory.lines,
    });
    this.conversation = new GeminiConversation(this.outbox, this.link, options.log);
  }

  greet(text: string): void {
    this.sendText(`[The call has just been answered] Greet the caller now, saying: "${text.trim()}"`, true);
  }

  nudge(text: string): void {
    // Context only: no turnComplete, so the model neither answers it nor takes it as the caller's words.
    this.sendText(supervisorNote(text), false);
  }

  say(text: string): void {
    this.sendText(sayLine(text), true);
  }

  truncateHeard(_heardMs: number): void {
    // Gemini Live has no truncation: it assumes real-time playback and cuts its own memory on `interrupted`.
  }

  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.conversation.answerTool(toolCallId, HANDOFF_TOOL_NAME, { output: result });
  }

  private sendText(text: string, turnComplete: boolean): void {
    this.link.whenOpen((sdk) => {
      if (this.useRealtimeText) sdk.sendRealtimeInput({ text });
      else sdk.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete });
    });
  }
}
