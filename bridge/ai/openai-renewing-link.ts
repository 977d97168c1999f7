// An OpenAI Realtime session's line to the service for a whole call. The service ends a session at 60
// minutes (OPENAI_SESSION_MAX_MS; Azure: 30) and has no resumption, so before the cap the link opens a
// second connection set up the same way (the same `session.update`) and told the conversation so far
// (`conversation.item.create`), and moves to it at a quiet moment between turns — or at a hard
// deadline just before the cap — without the caller noticing. Any other lost connection ends the AI leg.
// A session that listens only stays so across the move.
import type OpenAI from 'openai';
import type { ConversationItemCreateEvent, RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import type { TimerHandle } from '../base/clock';
import { SautiError } from '../base/errors';
import type { ConversationMemory } from './conversation-memory';
import type { ModelLink } from './model-session';
import {
  OpenAiConnection,
  type OpenAiConnectionHandlers,
  type OpenAiConnectionSettings,
} from './openai-connection';
import type { SessionOptions } from './provider';
import { openAiSeedEvents } from './transcript-seed';

/** Before the cap, from here on the next quiet moment between turns moves the call to a new connection. */
export const RENEW_LEAD_MS = 5 * 60_000;
/** Before the cap, from here on the move happens whatever the conversation is doing. */
export const FORCE_LEAD_MS = 60_000;
/** After the next connection failed to open, this long before trying again. */
const RENEW_RETRY_MS = 15_000;

export interface OpenAiLinkHandlers extends OpenAiConnectionHandlers {
  /** No reply in progress and the caller silent. */
  quiet(): boolean;
  /** The call moved to a new connection (its items and responses are new). */
  moved(): void;
  /** What was said so far, to seed the next connection. */
  readonly memory: Pick<ConversationMemory, 'lines' | 'total' | 'since'>;
}

export class OpenAiRenewingLink implements ModelLink {
  private current: OpenAiConnection | null = null;
  private next: OpenAiConnection | null = null;
  /** The next connection is set up and waits for a quiet moment. */
  private nextReady = false;
  private nextStartedAtMs = 0;
  /** `memory.total` when the next connection was seeded: lines after it are sent at the move. */
  private seededMark = 0;
  private renewDue = false;
  private forced = false;
  private isClosed = false;
  /** The session listens only: every connection, the next ones too, is set up never to answer. */
  private listening = false;
  private renewTimer: TimerHandle | undefined;
  private forceTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;

  constructor(
    private readonly client: OpenAI,
    private readonly settings: OpenAiConnectionSettings,
    private readonly instructions: string,
    private readonly options: SessionOptions,
    private readonly handlers: OpenAiLinkHandlers,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Opens the first connection; rejects with a SautiError (auth, quota, timeout…). */
  async open(): Promise<void> {
    const startedAtMs = this.options.clock.nowMs();
    const conn = this.connect([]);
    this.current = conn;
    try {
      await conn.open();
    } catch (err) {
      this.isClosed = true;
      throw err;
    }
    if (this.isClosed) {
      throw new SautiError('AI_CLOSED', 'The OpenAI session was closed while it was being set up');
    }
    this.scheduleRenewal(startedAtMs);
  }

  sendAudio(pcm: Int16Array): void {
    if (!this.isClosed) this.current?.sendAudio(pcm);
  }

  /** Sends on the connection the call is on. */
  send(event: RealtimeClientEvent): void {
    if (!this.isClosed) this.current?.send(event);
  }

  /** Ends the session on a failure the model reported (the handlers hear of it). */
  fail(err: SautiError): void {
    if (!this.isClosed) this.current?.fail(err);
  }

  /** The model never answers again, on this connection or any it moves to. */
  listenOnly(): void {
    if (this.listening || this.isClosed) return;
    this.listening = true;
    this.current?.listenOnly();
    this.next?.listenOnly();
  }

  /** The conversation is between turns: a renewal that is due moves now. */
  quietMoment(): void {
    if (!this.renewDue || this.isClosed) return;
    if (this.nextReady) this.moveToNext();
    else this.prepareNext();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.clearTimers();
    const { next, current } = this;
    this.next = null;
    next?.close();
    current?.close();
  }

  /** Renewal from RENEW_LEAD_MS before the cap of the connection started at `startedAtMs`, forced at FORCE_LEAD_MS. */
  private scheduleRenewal(startedAtMs: number): void {
    const { clock, log } = this.options;
    const capAtMs = startedAtMs + this.settings.openaiSessionMaxMs;
    this.renewTimer = clock.setTimeout(
      () => {
        this.renewTimer = undefined;
        this.renewDue = true;
        log.info('OpenAI session nears its time cap: moving to a new connection at the next quiet moment');
        if (this.handlers.quiet()) this.prepareNext();
      },
      capAtMs - RENEW_LEAD_MS - clock.nowMs(),
    );
    this.forceTimer = clock.setTimeout(
      () => {
        this.forceTimer = undefined;
        this.renewDue = true;
        this.forced = true;
        log.warn('no quiet moment before the OpenAI session cap: moving to a new connection now');
        if (this.nextReady) this.moveToNext();
        else this.prepareNext();
      },
      capAtMs - FORCE_LEAD_MS - clock.nowMs(),
    );
  }

  /** Opens the next connection, seeded with the conversation so far; it waits for the move. */
  private prepareNext(): void {
    if (this.next || this.isClosed) return;
    const { memory } = this.handlers;
    this.seededMark = memory.total;
    this.nextStartedAtMs = this.options.clock.nowMs();
    const next = this.connect(openAiSeedEvents(memory.lines));
    this.next = next;
    this.nextReady = false;
    next.open().then(
      () => {
        if (this.next !== next) return;
        this.nextReady = true;
        if (this.forced || this.handlers.quiet()) this.moveToNext();
      },
      (err: SautiError) => {
        if (this.next !== next) return;
        this.next = null;
        this.options.log.warn(
          { code: err.code, err: err.message },
          'could not open the next OpenAI connection: trying again',
        );
        this.options.clock.clearTimeout(this.retryTimer);
        this.retryTimer = this.options.clock.setTimeout(() => {
          this.retryTimer = undefined;
          if (this.forced || this.handlers.quiet()) this.prepareNext();
        }, RENEW_RETRY_MS);
      },
    );
  }

  private moveToNext(): void {
    const next = this.next;
    if (!next || !this.nextReady || this.isClosed) return;
    // What was said while the next connection was being set up.
    for (const item of openAiSeedEvents(this.handlers.memory.since(this.seededMark))) next.send(item);
    const old = this.current;
    this.current = next;
    this.next = null;
    this.nextReady = false;
    this.renewDue = false;
    this.forced = false;
    this.clearTimers();
    this.scheduleRenewal(this.nextStartedAtMs);
    old?.close();
    this.options.log.info('OpenAI session moved to a new connection before its time cap');
    this.handlers.moved();
  }

  private connect(seed: readonly ConversationItemCreateEvent[]): OpenAiConnection {
    const conn: OpenAiConnection = new OpenAiConnection(
      this.client,
      this.settings,
      this.instructions,
      this.options,
      {
        onEvent: (raw) => {
          if (conn === this.current) this.handlers.onEvent(raw);
        },
        onMalformed: (detail) => {
          if (conn === this.current) this.handlers.onMalformed(detail);
        },
        onFault: (error) => {
          if (conn === this.current) this.handlers.onFault(error);
          else if (conn === this.next) this.dropNext(conn, 'our handling of its events failed');
        },
        onFailed: (err) => this.connectionFailed(conn, err),
      },
      seed,
    );
    if (this.listening) conn.listenOnly();
    return conn;
  }

  private connectionFailed(conn: OpenAiConnection, err: SautiError): void {
    if (conn === this.next) {
      this.dropNext(conn, err.message);
      return;
    }
    if (conn !== this.current || this.isClosed) return;
    this.isClosed = true;
    this.clearTimers();
    const next = this.next;
    this.next = null;
    next?.close();
    this.handlers.onFailed(err);
  }

  /** The next connection is no good: the call stays where it is, and a quiet moment tries again. */
  private dropNext(conn: OpenAiConnection, why: string): void {
    this.options.log.warn({ why }, 'the next OpenAI connection failed before the move');
    this.next = null;
    this.nextReady = false;
    conn.close();
  }

  private clearTimers(): void {
    const { clock } = this.options;
    clock.clearTimeout(this.renewTimer);
    clock.clearTimeout(this.forceTimer);
    clock.clearTimeout(this.retryTimer);
    this.renewTimer = undefined;
    this.forceTimer = undefined;
    this.retryTimer = undefined;
  }
}
