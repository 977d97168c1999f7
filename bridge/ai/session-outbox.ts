// What a realtime session tells the call, said the same way for every provider: events held until
// `connect` has resolved, the caller's and the agent's transcript lines (remembered, for a session that
// must start over), unreadable messages (each a warning; a burst ends the session with AI_MALFORMED),
// a fault in our own handling of an event (AI_CALLBACK_FAILED, never the process), a tool call routed
// (the handoff goes out as an event, any other tool is refused to the model), and the session's end.
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { describeFault } from '../base/process-guard';
import { ConversationMemory, type SpokenLine } from './conversation-memory';
import { GuardedEmitter } from './guarded-emitter';
import { HANDOFF_TOOL_NAME, parseHandoffArgs } from './handoff-tool';
import { HeldEvents } from './held-events';
import { MALFORMED_BURST_COUNT, MALFORMED_BURST_WINDOW_MS, MalformedBurst } from './malformed-burst';
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
  readonly callbackFailed: string;
  /** Names the session in the AI_CALLBACK_FAILED error's message. */
  readonly session: string;
}

/** Each provider's log lines (static messages: the details go in fields). */
const WORDING = {
  gemini: {
    opened: 'Gemini Live session open',
    closed: 'Gemini Live session closed',
    failed: 'Gemini session failed',
    malformedIgnored: 'malformed message from Gemini ignored',
    malformed: 'Malformed messages from Gemini',
    unknownTool: 'Gemini called an unknown tool',
    callbackFailed: 'our handling of a Gemini session event failed',
    session: 'Gemini session',
  },
  openai: {
    opened: 'OpenAI Realtime session open',
    closed: 'OpenAI Realtime session closed',
    failed: 'OpenAI session failed',
    malformedIgnored: 'malformed event from OpenAI ignored',
    malformed: 'Malformed events from OpenAI',
    unknownTool: 'OpenAI called an unknown tool',
    callbackFailed: 'our handling of an OpenAI session event failed',
    session: 'OpenAI session',
  },
  demo: {
    opened: 'demo agent session open',
    closed: 'demo agent session closed',
    failed: 'demo agent session failed',
    malformedIgnored: 'malformed input to the demo agent ignored',
    malformed: 'Malformed input to the demo agent',
    unknownTool: 'the demo agent called an unknown tool',
    callbackFailed: 'our handling of a demo agent event failed',
    session: 'Demo agent session',
  },
} as const satisfies Record<ProviderName, Wording>;

export class SessionOutbox {
  readonly events: GuardedEmitter<RealtimeSessionEvents>;
  /** Events raised before the consumer could attach (the SDKs hand over early messages inside connect). */
  private readonly held: HeldEvents;
  /** What the caller and the agent said, for a session that has to start over. */
  readonly memory = new ConversationMemory();
  readonly caller = new TranscriptLine('caller.transcript', (name, payload) =>
    this.line('caller', name, payload),
  );
  readonly agent = new TranscriptLine('agent.transcript', (name, payload) =>
    this.line('agent', name, payload),
  );
  private readonly words: Wording;
  private readonly burst: MalformedBurst;
  private burstReported = false;

  /**
   * `fail` ends the session on a failure found here (a burst of garbage, our own handler throwing): it
   * closes the link and calls `failed`.
   */
  constructor(
    provider: ProviderName,
    private readonly log: Log,
    clock: Clock,
    private readonly fail: (err: SautiError) => void,
  ) {
    this.words = WORDING[provider];
    this.burst = new MalformedBurst(clock);
    this.events = new GuardedEmitter<RealtimeSessionEvents>((error, event) =>
      this.faulted(error, `"${event}"`),
    );
    this.held = new HeldEvents(this.events);
  }

  emit<K extends keyof RealtimeSessionEvents>(name: K, payload: RealtimeSessionEvents[K]): void {
    this.held.emit(name, payload);
  }

  /** Call as `connect` resolves: `ready` and the held events go out once the consumer listens. */
  opened(model: string, isClosed: () => boolean): void {
    this.log.info({ model }, this.words.opened);
    this.held.releaseAfterConnect(isClosed);
  }

  /**
   * Something from the model we could not read: a warning each time, skipped; a burst of them
   * (malformed-burst.ts) ends the session with AI_MALFORMED.
   */
  malformed(detail: string): void {
    const burst = this.burst.record();
    this.log.warn({ detail, recent: this.burst.recent }, this.words.malformedIgnored);
    if (!burst || this.burstReported) return;
    this.burstReported = true;
    this.fail(
      new SautiError(
        'AI_MALFORMED',
        `${this.words.malformed}: ${MALFORMED_BURST_COUNT} unreadable within ` +
          `${MALFORMED_BURST_WINDOW_MS / 1000} s, the last: ${detail}`,
      ),
    );
  }

  /**
   * Our own code threw while handling `what` (a server message, or one of the session's events): this
   * call's AI leg fails with AI_CALLBACK_FAILED. The fault is logged by kind and stack frames only: its
   * message may carry a caller's words.
   */
  faulted(error: unknown, what: string): void {
    const fault = describeFault(error);
    this.log.error({ what, ...fault }, this.words.callbackFailed);
    this.fail(
      new SautiError(
        'AI_CALLBACK_FAILED',
        `${this.words.session}: handling ${what} failed (${fault.errName})`,
        {
          cause: error,
        },
      ),
    );
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

  private line(
    speaker: SpokenLine['speaker'],
    name: 'caller.transcript' | 'agent.transcript',
    payload: RealtimeSessionEvents['caller.transcript'],
  ): void {
    if (payload.final) this.memory.record(speaker, payload.text);
    this.emit(name, payload);
  }
}
