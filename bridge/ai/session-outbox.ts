// What a realtime session tells the call, said the same way for every provider: events held until
// `connect` has resolved, the caller's and the agent's transcript lines, one AI_MALFORMED error however
// much garbage arrives, a tool call routed (the handoff goes out as an event, any other tool is refused
// to the model), and the session's end.
import { Emitter } from '../emitter';
import { SautiError } from '../errors';
import type { Log } from '../log';
import { HANDOFF_TOOL_NAME, parseHandoffArgs } from './handoff-tool';
import { HeldEvents } from './held-events';
import type { ProviderName, RealtimeSessionEvents } from './provider';
import { TranscriptLine } from './transcript-line';

interface Wording {
  readonly opened: string;
  readonly closed: string;
  readonly failed: string;
  readonly malformedIgnored: string;
  /** Starts the AI_MALFORMED error's message. */
  readonly malformed: string;
  readonly unknownTool: string;
}

/** Each provider's log lines (static messages: the details go in fields). */
const WORDING = {
  gemini: {
    opened: 'Gemini Live session open',
    closed: 'Gemini Live session closed',
    failed: 'Gemini session failed',
    malformedIgnored: 'malformed message from Gemini ignored',
    malformed: 'Malformed message from Gemini',
    unknownTool: 'Gemini called an unknown tool',
  },
  openai: {
    opened: 'OpenAI Realtime session open',
    closed: 'OpenAI Realtime session closed',
    failed: 'OpenAI session failed',
    malformedIgnored: 'malformed event from OpenAI ignored',
    malformed: 'Malformed event from OpenAI',
    unknownTool: 'OpenAI called an unknown tool',
  },
} as const satisfies Record<ProviderName, Wording>;

export class SessionOutbox {
  readonly events = new Emitter<RealtimeSessionEvents>();
  /** Events raised before the consumer could attach (the SDKs hand over early messages inside connect). */
  private readonly held = new HeldEvents(this.events);
  readonly caller = new TranscriptLine('caller.transcript', (name, payload) => this.emit(name, payload));
  readonly agent = new TranscriptLine('agent.transcript', (name, payload) => this.emit(name, payload));
  private readonly words: Wording;
  private malformedReported = false;

  constructor(
    provider: ProviderName,
    private readonly log: Log,
  ) {
    this.words = WORDING[provider];
  }

  emit<K extends keyof RealtimeSessionEvents>(name: K, payload: RealtimeSessionEvents[K]): void {
    this.held.emit(name, payload);
  }

  /** Call as `connect` resolves: `ready` and the held events go out once the consumer listens. */
  opened(model: string, isClosed: () => boolean): void {
    this.log.info({ model }, this.words.opened);
    this.held.releaseAfterConnect(isClosed);
  }

  /** Something from the model we could not read: logged each time, reported to the call once. */
  malformed(detail: string): void {
    this.log.warn({ detail }, this.words.malformedIgnored);
    if (this.malformedReported) return;
    this.malformedReported = true;
    this.emit('error', new SautiError('AI_MALFORMED', `${this.words.malformed}: ${detail}`));
  }

  /** The model called a tool: the handoff goes to the call, any other tool is `refuse`d to the model. */
  toolCalled(id: string, name: string, args: unknown, refuse: (error: string) => void): void {
    if (name === HANDOFF_TOOL_NAME) {
      const { reason, summary } = parseHandoffArgs(args);
      this.emit('handoff', { toolCallId: id, reason, summary });
      return;
    }
    this.log.warn({ name }, this.words.unknownTool);
    refuse(`No tool named ${name}`);
  }

  /** We closed the session. */
  closed(reason: string): void {
    this.log.info({ reason }, this.words.closed);
    this.emit('close', { reason });
  }

  /** The session cannot go on: the error, then the close that carries it. */
  failed(err: SautiError): void {
    this.log.error({ code: err.code, err: err.message }, this.words.failed);
    this.emit('error', err);
    this.emit('close', { reason: err.message, error: err });
  }
}
