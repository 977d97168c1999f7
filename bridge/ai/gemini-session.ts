// A Gemini Live session as the call sees it (a RealtimeSession): caller audio and our lines go out over
// the resumable link, and what the model says comes back through the conversation as session events.
import type { Emitter } from '../emitter';
import { GeminiConversation } from './gemini-conversation';
import { GEMINI_OUTPUT_RATE_HZ } from './gemini-messages';
import { GEMINI_INPUT_RATE_HZ, GeminiResumableLink, type GeminiLinkSettings } from './gemini-resumable-link';
import { textGoesAsRealtimeInput } from './gemini-setup';
import type { GeminiClient } from './gemini-transport';
import { HANDOFF_TOOL_NAME } from './handoff-tool';
import { sayLine, supervisorNote } from './instructions';
import type {
  ProviderCapabilities,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from './provider';
import { SessionOutbox } from './session-outbox';

export const GEMINI_CAPABILITIES: ProviderCapabilities = {
  inputSampleRateHz: GEMINI_INPUT_RATE_HZ,
  outputSampleRateHz: GEMINI_OUTPUT_RATE_HZ,
  canTruncate: false,
  canResume: true,
  detectsBargeIn: true,
};

export class GeminiSession implements RealtimeSession {
  readonly provider = 'gemini' as const;
  readonly model: string;
  readonly capabilities = GEMINI_CAPABILITIES;
  readonly events: Emitter<RealtimeSessionEvents>;

  private readonly outbox: SessionOutbox;
  private readonly link: GeminiResumableLink;
  private readonly conversation: GeminiConversation;
  private readonly useRealtimeText: boolean;

  constructor(
    client: GeminiClient,
    settings: GeminiLinkSettings,
    instructions: string,
    private readonly options: SessionOptions,
  ) {
    this.model = settings.geminiModel;
    this.useRealtimeText = textGoesAsRealtimeInput(settings.geminiModel);
    this.outbox = new SessionOutbox('gemini', options.log);
    this.events = this.outbox.events;
    this.link = new GeminiResumableLink(client, settings, instructions, options, {
      onMessage: (message) => this.conversation.onMessage(message),
      onMalformed: (detail) => this.outbox.malformed(detail),
      onResuming: () => this.conversation.connectionLost(),
      onResumed: () => this.outbox.emit('ready', { resumed: true }),
      onFailed: (err) => this.outbox.failed(err),
      modelSpeaking: () => this.conversation.modelSpeaking,
    });
    this.conversation = new GeminiConversation(this.outbox, this.link, options.log);
  }

  /** Opens the first connection; rejects with a SautiError (auth, quota, timeout…). */
  async start(): Promise<void> {
    await this.link.open();
    this.outbox.opened(this.model, () => this.link.closed);
  }

  sendAudio(pcm: Int16Array): void {
    this.link.sendAudio(pcm);
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

  close(reason: string): void {
    if (this.link.closed) return;
    this.link.close();
    this.outbox.closed(reason);
  }

  private sendText(text: string, turnComplete: boolean): void {
    this.link.whenOpen((sdk) => {
      if (this.useRealtimeText) sdk.sendRealtimeInput({ text });
      else sdk.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete });
    });
  }
}
