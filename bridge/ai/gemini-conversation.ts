// What the model says on Gemini Live, as session events: the caller's and the agent's transcript lines,
// the model's turn (opened by its first audio or words, closed by turnComplete or lost with a
// connection), interruptions, tool calls and usage. Resumption handles and goAway go to the link.
import type { Session } from '@google/genai';
import type { Log } from '../base/log';
import { readGeminiMessage, type GeminiFact } from './gemini-messages';
import type { GeminiResumableLink } from './gemini-resumable-link';
import type { SessionOutbox } from './session-outbox';

type Link = Pick<GeminiResumableLink, 'rememberHandle' | 'goAway' | 'turnEnded' | 'whenOpen'>;

export class GeminiConversation {
  private modelTurnActive = false;

  constructor(
    private readonly outbox: SessionOutbox,
    private readonly link: Link,
    private readonly log: Log,
  ) {}

  /** The model is mid-reply. */
  get modelSpeaking(): boolean {
    return this.modelTurnActive;
  }

  onMessage(message: unknown): void {
    const { facts, problem } = readGeminiMessage(message);
    for (const fact of facts) this.onFact(fact);
    if (problem) this.outbox.malformed(problem);
  }

  /** The reply in flight is lost with the old connection: close its line, as a finished turn. */
  connectionLost(): void {
    if (this.modelTurnActive) this.endModelTurn();
  }

  /** Answers a tool call (sent now, or once the link is open again). */
  answerTool(id: string, name: string, response: Record<string, unknown>): void {
    this.link.whenOpen(
      (sdk: Session) => sdk.sendToolResponse({ functionResponses: [{ id, name, response }] }),
      'session',
    );
  }

  private onFact(fact: GeminiFact): void {
    switch (fact.kind) {
      case 'setup-complete':
        return;
      case 'caller-text':
        this.outbox.caller.add(fact.text);
        if (fact.finished) this.outbox.caller.end();
        return;
      case 'audio':
        this.modelSpeaks();
        this.outbox.emit('audio', fact.pcm);
        return;
      case 'agent-text':
        this.modelSpeaks();
        this.outbox.agent.add(fact.text);
        return;
      case 'interrupted':
        this.outbox.caller.end();
        this.outbox.agent.drop();
        this.outbox.emit('interrupted', {});
        return;
      case 'turn-complete':
        this.endModelTurn();
        this.link.turnEnded();
        return;
      case 'tool-call':
        this.outbox.toolCalled(fact.id, fact.name, fact.args, (error) =>
          this.answerTool(fact.id, fact.name, { error }),
        );
        return;
      case 'tool-call-cancelled':
        this.log.info({ ids: fact.ids.length }, 'Gemini cancelled tool calls');
        return;
      case 'usage':
        this.outbox.emit('usage', {
          inputTokens: fact.inputTokens,
          outputTokens: fact.outputTokens,
          totalTokens: fact.totalTokens,
          inputAudioTokens: fact.inputAudioTokens,
          inputCachedTokens: fact.inputCachedTokens,
          outputAudioTokens: fact.outputAudioTokens,
        });
        return;
      case 'resumption':
        if (fact.resumable && fact.handle) this.link.rememberHandle(fact.handle);
        return;
      case 'go-away':
        this.link.goAway(fact.timeLeftMs);
        return;
    }
  }

  private modelSpeaks(): void {
    if (this.modelTurnActive) return;
    this.modelTurnActive = true;
    // The model answering closes the caller's line (input transcription has no reliable end marker).
    this.outbox.caller.end();
  }

  private endModelTurn(): void {
    this.modelTurnActive = false;
    this.outbox.caller.end();
    this.outbox.agent.end();
    this.outbox.emit('turn.complete', {});
  }
}
